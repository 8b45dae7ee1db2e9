import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface ToolInfo {
  readonly name: string;
  readonly version: string;
  /** package.json's `homepage`, when it has one: where reports (SARIF's informationUri) point readers. */
  readonly homepage?: string;
}

let cached: ToolInfo | undefined;

/**
 * The tool's name and version from its package.json. Walks up from this file so it works from
 * the TypeScript sources (checker/) and from the build (dist/checker/) alike.
 */
export function toolInfo(): ToolInfo {
  if (cached) return cached;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const parsed: unknown = JSON.parse(readFileSync(candidate, 'utf8'));
      if (isToolInfo(parsed)) {
        const { homepage } = parsed as { homepage?: unknown };
        cached = { name: parsed.name, version: parsed.version, ...(typeof homepage === 'string' && homepage !== '' ? { homepage } : {}) };
        return cached;
      }
    }
    if (dirname(dir) === dir) throw new Error(`No package.json with a name and version found above ${__dirname}`);
  }
}

function isToolInfo(value: unknown): value is ToolInfo {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>).name === 'string' &&
    typeof (value as Record<string, unknown>).version === 'string'
  );
}
