// `drift --iac PATH`: reads the IaC with the same template adapters `scan` uses, and hands the declared
// inventory with the live one to the configuration-drift comparison.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Inventory } from '../../policies/model';
import { UsageError } from './errors';
import type { CloudProvider } from './registry';

/**
 * The comparison as the drift command uses it: whether anything drifted, lines for the human summary,
 * and the result itself for JSON output and notifications.
 */
export interface ConfigurationComparison {
  readonly drifted: boolean;
  readonly summary: readonly string[];
  readonly result: unknown;
}

export type CompareConfiguration = (declared: Inventory, live: Inventory) => ConfigurationComparison;

/**
 * The real comparison (checker/drift/configuration.ts), loaded when `--iac` is given. Only a fact that differs
 * between a matched pair is drift: an IaC resource not found live may be one the live audit does not read (it
 * reads what endpoints use), and a live one the IaC does not declare may belong to another stack, so both are
 * listed in the summary and the JSON but do not by themselves make the run alert.
 */
export function realCompareConfiguration(): CompareConfiguration {
  return (declared, live) => {
    const { configurationDrift, renderConfigurationDrift } = require('../../checker/drift/configuration') as typeof import('../../checker/drift/configuration');
    const result = configurationDrift(declared, live);
    return { drifted: result.summary.drifted > 0, summary: renderConfigurationDrift(result).split('\n'), result };
  };
}

/** Reads the IaC at `path` with the first template adapter of `provider` that takes it. */
export async function readDeclaredInventory(provider: CloudProvider, path: string, cwd: string): Promise<Inventory> {
  const full = resolve(cwd, path);
  if (!existsSync(full)) throw new UsageError(`--iac ${path}: no such file or folder.`);
  const adapters = provider.templates ?? [];
  const adapter = adapters.find((candidate) => candidate.accepts(full));
  if (adapter === undefined) {
    const known = adapters.map((a) => a.describes).join('; ') || 'none';
    throw new UsageError(`--iac ${path}: ${provider.title} cannot read this as IaC. It reads: ${known}.`);
  }
  return adapter.read(full, {}, { cwd });
}
