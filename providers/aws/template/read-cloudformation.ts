// Reads a CloudFormation template file (.json, .yaml, .yml, .template) or a CDK cloud assembly
// (a cdk.out folder: manifest.json, every stack artifact, nested stage assemblies and the nested
// stack templates CDK writes next to them) into one inventory.
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { mergeInventories, type Inventory } from '../../../policies/model';
import type { TemplateEnvironment } from './intrinsics';
import { parseTemplateText } from './parse-template';
import { templateToInventory } from './template-to-inventory';

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

/** Every stack template of a cloud assembly, including nested stage assemblies and nested stacks. */
export async function readCloudAssembly(directory: string): Promise<StackTemplate[]> {
  const manifestPath = path.join(directory, 'manifest.json');
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch (error) {
    const problem = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'has no manifest.json' : `has an unreadable manifest.json (${(error as Error).message})`;
    throw new Error(`${directory} ${problem}: pass a CloudFormation template file or a cdk.out folder written by \`cdk synth\``);
  }
  const artifacts = isRecord(manifest) && isRecord(manifest.artifacts) ? manifest.artifacts : {};
  const assets = await nestedTemplateAssets(directory, Object.values(artifacts));
  const stacks: StackTemplate[] = [];
  for (const [artifactId, artifact] of Object.entries(artifacts)) {
    if (!isRecord(artifact)) continue;
    const properties = isRecord(artifact.properties) ? artifact.properties : {};
    if (artifact.type === 'cdk:cloud-assembly' && typeof properties.directoryName === 'string') {
      stacks.push(...(await readCloudAssembly(path.join(directory, properties.directoryName))));
    } else if (artifact.type === 'aws:cloudformation:stack' && typeof properties.templateFile === 'string') {
      const stackName = typeof properties.stackName === 'string' ? properties.stackName : artifactId;
      const environment = { ...environmentFromManifest(artifact.environment), deployedStackName: stackName };
      const stack = await readTemplateFile(path.join(directory, properties.templateFile), stackName, environment);
      stacks.push(stack, ...(await nestedStacks(directory, stack, assets)));
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

async function nestedTemplateAssets(directory: string, artifacts: readonly unknown[]): Promise<Map<string, string>> {
  const byHash = new Map<string, string>();
  for (const artifact of artifacts) {
    if (!isRecord(artifact) || artifact.type !== 'cdk:asset-manifest' || !isRecord(artifact.properties) || typeof artifact.properties.file !== 'string') continue;
    const manifest: unknown = JSON.parse(await readFile(path.join(directory, artifact.properties.file), 'utf8'));
    for (const [hash, file] of nestedTemplateFilesByHash(manifest)) byHash.set(hash, file);
  }
  return byHash;
}

async function nestedStacks(directory: string, parent: StackTemplate, assets: ReadonlyMap<string, string>): Promise<StackTemplate[]> {
  const nested: StackTemplate[] = [];
  for (const { logicalId, file } of nestedStackTemplateFiles(parent.template, assets)) {
    const { deployedStackName: _parentName, ...environment } = parent.environment;
    const stack = await readTemplateFile(path.join(directory, file), `${parent.stackName}/${logicalId}`, environment);
    nested.push(stack, ...(await nestedStacks(directory, stack, assets)));
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
export async function readCloudFormation(location: string): Promise<Inventory> {
  const stacks = await readStackTemplates(location);
  const inventories = stacks.map((s) => templateToInventory(s.template, s.stackName, s.environment));
  if (inventories.length === 0) return { provider: 'aws', source: 'template', scope: { accounts: [], regions: [] }, resources: [], gaps: [] };
  const merged = mergeInventories(inventories);
  // A nested stack whose template was read is no gap.
  const read = new Set(stacks.map((s) => s.stackName));
  return { ...merged, gaps: merged.gaps.filter((g) => !(g.errorCode === 'NestedStackNotRead' && g.resourceId && read.has(g.resourceId))) };
}
