// Where a template finding lives on disk, for SARIF's physical locations: the template file the scan
// read for the finding's stack, relative to the repository root, and the line of its logical id.
// A template resource's id is `STACK/LogicalId` (nested stacks: `STACK/NestedId/LogicalId`); a
// cdk.out folder's manifest says which file holds which stack, as the template reader walks it.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { nestedStackTemplateFiles, nestedTemplateFilesByHash } from '../../providers/aws/template/read-cloudformation';

export interface FileLocation {
  /** Relative to the root, with forward slashes; a file:// URI when the file is outside the root. */
  readonly uri: string;
  /** True when `uri` is relative to the root (SARIF's %SRCROOT%). */
  readonly underRoot: boolean;
  /** 1-based line of the resource's logical id, when it could be found. */
  readonly line?: number;
}

/** The nearest folder at or above `cwd` holding `.git` (a folder, or a worktree's file); else `cwd`. */
export function repositoryRoot(cwd: string): string {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return resolve(cwd);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Stack name -> template file, for every stack of a cloud assembly (nested stages and stacks too). */
function assemblyTemplates(directory: string, into: Map<string, string>): void {
  const manifest = readJson(join(directory, 'manifest.json'));
  const artifacts = isRecord(manifest) && isRecord(manifest.artifacts) ? manifest.artifacts : {};
  const assets = new Map<string, string>();
  for (const artifact of Object.values(artifacts)) {
    if (!isRecord(artifact) || artifact.type !== 'cdk:asset-manifest' || !isRecord(artifact.properties) || typeof artifact.properties.file !== 'string') continue;
    for (const [hash, file] of nestedTemplateFilesByHash(readJson(join(directory, artifact.properties.file)))) assets.set(hash, file);
  }
  const addNested = (stackName: string, file: string) => {
    into.set(stackName, file);
    for (const nested of nestedStackTemplateFiles(readJson(file), assets)) addNested(`${stackName}/${nested.logicalId}`, join(directory, nested.file));
  };
  for (const [artifactId, artifact] of Object.entries(artifacts)) {
    if (!isRecord(artifact)) continue;
    const properties = isRecord(artifact.properties) ? artifact.properties : {};
    if (artifact.type === 'cdk:cloud-assembly' && typeof properties.directoryName === 'string') {
      assemblyTemplates(join(directory, properties.directoryName), into);
    } else if (artifact.type === 'aws:cloudformation:stack' && typeof properties.templateFile === 'string') {
      addNested(typeof properties.stackName === 'string' ? properties.stackName : artifactId, join(directory, properties.templateFile));
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The line of `logicalId` as a key under `Resources`, in JSON or YAML text. */
export function logicalIdLine(text: string, logicalId: string): number | undefined {
  const lines = text.split('\n');
  const resources = lines.findIndex((line) => /^\s*"?Resources"?\s*:/.test(line));
  if (resources < 0) return undefined;
  const key = new RegExp(`^\\s*(["']?)${escapeRegExp(logicalId)}\\1\\s*:`);
  const index = lines.findIndex((line, i) => i > resources && key.test(line));
  return index < 0 ? undefined : index + 1;
}

/**
 * A function from a finding's resource id to its file location, for the scan of `target` (a
 * template file or a cdk.out folder, relative to `cwd`). Files are read once each.
 */
export function templateLocator(target: string, cwd: string, root: string): (resourceId: string) => FileLocation {
  const absoluteTarget = resolve(cwd, target);
  const byStack = new Map<string, string>();
  const isFolder = existsSync(absoluteTarget) && statSync(absoluteTarget).isDirectory();
  if (isFolder) assemblyTemplates(absoluteTarget, byStack);
  const texts = new Map<string, string | undefined>();
  const textOf = (file: string) => {
    if (!texts.has(file)) {
      let text: string | undefined;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        text = undefined;
      }
      texts.set(file, text);
    }
    return texts.get(file);
  };
  return (resourceId) => {
    const slash = resourceId.lastIndexOf('/');
    const stack = slash > 0 ? resourceId.slice(0, slash) : '';
    const logicalId = resourceId.slice(slash + 1);
    const file = isFolder ? (byStack.get(stack) ?? absoluteTarget) : absoluteTarget;
    const text = file === absoluteTarget && isFolder ? undefined : textOf(file);
    const line = text === undefined ? undefined : logicalIdLine(text, logicalId);
    const fromRoot = relative(root, file);
    const underRoot = fromRoot !== '' && !fromRoot.startsWith('..') && !isAbsolute(fromRoot);
    return {
      uri: underRoot ? fromRoot.split(sep).map(encodeURIComponent).join('/') : pathToFileURL(file).href,
      underRoot,
      ...(line === undefined ? {} : { line }),
    };
  };
}
