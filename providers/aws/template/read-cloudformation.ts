// Reads a CloudFormation template file (.json, .yaml, .yml, .template) or a CDK cloud assembly
// (a cdk.out folder: manifest.json, every stack artifact, nested stage assemblies and the nested
// stack templates CDK writes next to them) into one inventory.
import { readFile, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { mergeInventories, type Inventory } from '../../../policies/model';
import { CloudAssemblyStacks } from './assembly';
import type { TemplateEnvironment } from './intrinsics';
import { parseTemplateText } from './parse-template';
import { TemplateError } from './template-context';
import { MAX_CONDITION_ASSIGNMENTS, templateToInventory, type TemplateReadOptions } from './template-to-inventory';

/** One stack template found on disk, with what the assembly says about where it deploys. */
export interface StackTemplate {
  readonly stackName: string;
  readonly templatePath: string;
  readonly template: unknown;
  readonly environment: TemplateEnvironment;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A template file's stack name: its file name without `.template.json`, `.json`, `.yaml`, `.yml`. */
export function stackNameFromFile(file: string): string {
  return path.basename(file).replace(/(\.template)?\.(json|ya?ml|template)$/i, '');
}

/** `aws://111122223333/us-east-1`; CDK writes `unknown-account` / `unknown-region` for environment-agnostic stacks. */
export function environmentFromManifest(environment: unknown): TemplateEnvironment {
  const match = typeof environment === 'string' ? /^aws:\/\/([^/]+)\/([^/]+)$/.exec(environment) : null;
  if (!match) return {};
  const [, account, region] = match;
  return {
    ...(account !== 'unknown-account' ? { account } : {}),
    ...(region !== 'unknown-region' ? { region } : {}),
  };
}

export async function readTemplateFile(file: string, stackName = stackNameFromFile(file), environment: TemplateEnvironment = {}): Promise<StackTemplate> {
  const text = await readFile(file, 'utf8');
  return { stackName, templatePath: file, template: parseTemplateText(text, file), environment };
}

/**
 * Where an assembly is being read: its root folder (every path a manifest names must stay inside
 * it) and the assemblies and templates being read on the way here (a file that leads back to one of
 * them is a cycle).
 */
interface AssemblyWalk {
  readonly root: string;
  readonly chain: readonly string[];
}

/** `relative` inside the assembly, or a TemplateError when it escapes the root folder (also through a symbolic link). */
async function insideAssembly(walk: AssemblyWalk, directory: string, relative: string, named: string): Promise<string> {
  const target = path.resolve(directory, relative);
  let real = target;
  try {
    real = await realpath(target);
  } catch {
    // A missing file is reported when it is read; only where it points matters here.
  }
  for (const candidate of [target, real]) {
    const fromRoot = path.relative(walk.root, candidate);
    if (fromRoot === '..' || fromRoot.startsWith(`..${path.sep}`) || path.isAbsolute(fromRoot)) {
      throw new TemplateError(
        path.join(directory, 'manifest.json'),
        `${named} "${relative}" points outside the cdk.out folder ${walk.root}; a cloud assembly only names files inside itself, so this manifest was not written by \`cdk synth\` (or was tampered with)`,
      );
    }
  }
  return real;
}

function enter(walk: AssemblyWalk, file: string, what: string): AssemblyWalk {
  if (walk.chain.includes(file)) {
    const cycle = [...walk.chain.slice(walk.chain.indexOf(file)), file].map((f) => path.relative(walk.root, f) || '.').join(' -> ');
    throw new TemplateError(walk.root, `${what} leads back to itself (${cycle}); a cloud assembly cannot contain itself: fix the manifest or the nested stack`);
  }
  return { root: walk.root, chain: [...walk.chain, file] };
}

/** Every stack template of a cloud assembly, including nested stage assemblies and nested stacks. */
export async function readCloudAssembly(directory: string): Promise<StackTemplate[]> {
  const root = await realpath(directory).catch(() => path.resolve(directory));
  const stacks = await readAssembly(root, { root, chain: [] });
  if (stacks.length === 0) {
    throw new TemplateError(
      path.join(directory, 'manifest.json'),
      'lists no CloudFormation stack (no artifact of type aws:cloudformation:stack): nothing to check. Run `cdk synth` in an app that defines a stack, or pass a template file',
    );
  }
  return stacks;
}

async function readAssembly(directory: string, outer: AssemblyWalk): Promise<StackTemplate[]> {
  const walk = enter(outer, directory, 'a nested cloud assembly');
  const manifestPath = path.join(directory, 'manifest.json');
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch (error) {
    const problem = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'has no manifest.json' : `has an unreadable manifest.json (${(error as Error).message})`;
    throw new Error(`${directory} ${problem}: pass a CloudFormation template file or a cdk.out folder written by \`cdk synth\``);
  }
  const artifacts = isRecord(manifest) && isRecord(manifest.artifacts) ? manifest.artifacts : {};
  const assets = await nestedTemplateAssets(walk, directory, Object.values(artifacts));
  const stacks: StackTemplate[] = [];
  for (const [artifactId, artifact] of Object.entries(artifacts)) {
    if (!isRecord(artifact)) continue;
    const properties = isRecord(artifact.properties) ? artifact.properties : {};
    if (artifact.type === 'cdk:cloud-assembly' && typeof properties.directoryName === 'string') {
      const nested = await insideAssembly(walk, directory, properties.directoryName, `artifact ${artifactId} directoryName`);
      stacks.push(...(await readAssembly(nested, walk)));
    } else if (artifact.type === 'aws:cloudformation:stack' && typeof properties.templateFile === 'string') {
      const stackName = typeof properties.stackName === 'string' ? properties.stackName : artifactId;
      const environment = { ...environmentFromManifest(artifact.environment), deployedStackName: stackName };
      const file = await insideAssembly(walk, directory, properties.templateFile, `artifact ${artifactId} templateFile`);
      const stack = await readTemplateFile(file, stackName, environment);
      stacks.push(stack, ...(await nestedStacks(enter(walk, file, `stack ${stackName}`), directory, stack, assets)));
    }
  }
  return stacks;
}

/** Asset hash -> file, for the nested stack templates one asset manifest (`*.assets.json`) lists. */
export function nestedTemplateFilesByHash(assetManifest: unknown): Map<string, string> {
  const byHash = new Map<string, string>();
  const files = isRecord(assetManifest) && isRecord(assetManifest.files) ? assetManifest.files : {};
  for (const [hash, file] of Object.entries(files)) {
    const source = isRecord(file) && isRecord(file.source) ? file.source.path : undefined;
    if (typeof source === 'string' && source.endsWith('.template.json')) byHash.set(hash, source);
  }
  return byHash;
}

/**
 * The nested stacks of a template whose templates CDK wrote next to it: the resource's
 * `aws:asset:path` metadata names the file, or its TemplateURL carries the asset hash that an asset
 * manifest maps to the file. Files are relative to the assembly folder.
 */
export function nestedStackTemplateFiles(template: unknown, assets: ReadonlyMap<string, string>): { readonly logicalId: string; readonly file: string }[] {
  const resources = isRecord(template) && isRecord(template.Resources) ? template.Resources : {};
  const nested: { logicalId: string; file: string }[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isRecord(resource) || resource.Type !== 'AWS::CloudFormation::Stack') continue;
    const metadataPath = isRecord(resource.Metadata) ? resource.Metadata['aws:asset:path'] : undefined;
    const url = JSON.stringify(isRecord(resource.Properties) ? (resource.Properties.TemplateURL ?? '') : '');
    const file = typeof metadataPath === 'string' ? metadataPath : [...assets].find(([hash]) => url.includes(hash))?.[1];
    if (file && file.endsWith('.template.json')) nested.push({ logicalId, file });
  }
  return nested;
}

async function nestedTemplateAssets(walk: AssemblyWalk, directory: string, artifacts: readonly unknown[]): Promise<Map<string, string>> {
  const byHash = new Map<string, string>();
  for (const artifact of artifacts) {
    if (!isRecord(artifact) || artifact.type !== 'cdk:asset-manifest' || !isRecord(artifact.properties) || typeof artifact.properties.file !== 'string') continue;
    const file = await insideAssembly(walk, directory, artifact.properties.file, 'asset manifest file');
    const manifest: unknown = JSON.parse(await readFile(file, 'utf8'));
    for (const [hash, file] of nestedTemplateFilesByHash(manifest)) byHash.set(hash, file);
  }
  return byHash;
}

async function nestedStacks(walk: AssemblyWalk, directory: string, parent: StackTemplate, assets: ReadonlyMap<string, string>): Promise<StackTemplate[]> {
  const nested: StackTemplate[] = [];
  for (const { logicalId, file } of nestedStackTemplateFiles(parent.template, assets)) {
    const { deployedStackName: _parentName, ...environment } = parent.environment;
    const templatePath = await insideAssembly(walk, directory, file, `nested stack ${parent.stackName}/${logicalId} template`);
    const inner = enter(walk, templatePath, `nested stack ${parent.stackName}/${logicalId}`);
    const stack = await readTemplateFile(templatePath, `${parent.stackName}/${logicalId}`, environment);
    nested.push(stack, ...(await nestedStacks(inner, directory, stack, assets)));
  }
  return nested;
}

/** The stacks at `location`: one template file, or every stack of a cdk.out folder. */
export async function readStackTemplates(location: string): Promise<StackTemplate[]> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(location)).isDirectory();
  } catch {
    throw new Error(`${location} does not exist: pass a CloudFormation template (.json, .yaml, .yml) or a cdk.out folder`);
  }
  return isDirectory ? readCloudAssembly(location) : [await readTemplateFile(location)];
}

/** A template file or a cdk.out folder -> one inventory (source `template`) over all its stacks. */
export async function readCloudFormation(location: string, options: TemplateReadOptions = {}): Promise<Inventory> {
  const stacks = await readStackTemplates(location);
  const isAssembly = (await stat(location)).isDirectory();
  return stacksToInventory(stacks, options, isAssembly);
}

/**
 * The stacks -> one inventory. `assembly`: they are one cloud assembly (a cdk.out folder, or the templates a CDK
 * validation plugin is given), so a stack's SSM-typed parameter that a sibling stack writes stands for that
 * sibling's value (assembly.ts); separate templates are read each on its own.
 */
export function stacksToInventory(stacks: readonly StackTemplate[], options: TemplateReadOptions = {}, assembly = true): Inventory {
  checkParameterNames(stacks, options.parameterValues ?? {});
  const siblings = assembly && stacks.length > 1 ? new CloudAssemblyStacks(stacks, options) : undefined;
  const inventories = stacks.map((s) => templateToInventory(s.template, s.stackName, s.environment, options, siblings?.siblingsOf(s.stackName)));
  if (inventories.length === 0) return { provider: 'aws', source: 'template', scope: { accounts: [], regions: [] }, resources: [], gaps: [] };
  // A nested stack whose template was read is no gap; a key a sibling stack declares is no outside key.
  const read = new Set(stacks.map((s) => s.stackName));
  const merge = (parts: readonly Inventory[]): Inventory => {
    const merged = mergeInventories(parts);
    const keys = new Set(merged.resources.flatMap((r) => (r.kind === 'key' ? [r.id, r.name] : [])));
    const outside = merged.keyReferences?.filter((k) => !keys.has(k.id));
    return {
      ...merged,
      gaps: merged.gaps.filter((g) => !(g.errorCode === 'NestedStackNotRead' && g.resourceId && read.has(g.resourceId))),
      ...(outside ? { keyReferences: outside } : {}),
    };
  };
  const merged = merge(inventories);
  const alternatives = combineAlternatives(inventories);
  if (alternatives === null) {
    return {
      ...merged,
      gaps: [
        ...merged.gaps,
        {
          service: 'cloudformation',
          operation: 'EvaluateConditions',
          errorCode: 'TooManyConditionAssignments',
          message: `the stacks' undecidable conditions need more than ${MAX_CONDITION_ASSIGNMENTS} combinations together: judged without assuming them (what they decide is unknown); pass their parameters with --parameters`,
        },
      ],
    };
  }
  return alternatives.length === 0 ? merged : { ...merged, alternatives: alternatives.map((a) => ({ assumptions: a.assumptions, inventory: merge(a.parts) })) };
}

/**
 * Every combination of the stacks' alternatives (a stack without any contributes its one reading);
 * empty when no stack has alternatives, null when there would be more than MAX_CONDITION_ASSIGNMENTS.
 */
function combineAlternatives(inventories: readonly Inventory[]): { assumptions: string[]; parts: Inventory[] }[] | null {
  if (!inventories.some((i) => i.alternatives)) return [];
  let combos: { assumptions: string[]; parts: Inventory[] }[] = [{ assumptions: [], parts: [] }];
  for (const inventory of inventories) {
    const options = inventory.alternatives ?? [{ assumptions: [], inventory }];
    if (combos.length * options.length > MAX_CONDITION_ASSIGNMENTS) return null;
    combos = combos.flatMap((c) => options.map((o) => ({ assumptions: [...c.assumptions, ...o.assumptions], parts: [...c.parts, o.inventory] })));
  }
  return combos;
}

/** A given parameter that no stack declares is a mistake the CloudFormation CLI refuses too. */
function checkParameterNames(stacks: readonly StackTemplate[], values: Readonly<Record<string, string>>): void {
  const declared = new Set(stacks.flatMap((s) => (isRecord(s.template) && isRecord(s.template.Parameters) ? Object.keys(s.template.Parameters) : [])));
  const unknownNames = Object.keys(values).filter((name) => !declared.has(name));
  if (unknownNames.length > 0) {
    const names = declared.size > 0 ? `it declares: ${[...declared].join(', ')}` : 'it declares no parameters';
    throw new TemplateError('--parameters', `${unknownNames.join(', ')} ${unknownNames.length === 1 ? 'is' : 'are'} not a parameter of the template (${names})`);
  }
}
