// Scans a Pulumi preview (`pulumi preview --json` shape) built from the resources a component declared under mocks,
// with `inferguard scan --format json` and every cloud registered, as a user scanning their preview would.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { realDeps } from '../../bin/cli/deps';
import type { CliIo } from '../../bin/cli/io';
import { realProviderDeps, registeredProviders } from '../../bin/cli/providers/index';
import { main } from '../../bin/inferguard';
import { NOW } from '../checker/sample-report';
import { scratchDir } from './scratch';

export interface DeclaredResource {
  readonly type: string;
  readonly name: string;
  readonly id: string;
  readonly inputs: Record<string, unknown>;
  readonly outputs: Record<string, unknown>;
}

export interface ScanFinding {
  readonly controlId: string;
  readonly resourceId: string;
  readonly status: string;
  readonly message: string;
}

export interface PreviewScan {
  readonly code: number;
  readonly findings: readonly ScanFinding[];
  readonly gaps: readonly unknown[];
}

export async function scanPreview(componentType: string, resources: readonly DeclaredResource[]): Promise<PreviewScan> {
  const steps = resources.map((resource) => {
    // The component itself (recorded by mocks too) is a component resource, as in a real preview.
    const component = resource.type === componentType;
    const urn = component ? `urn:pulumi:test::inferguard-test::${componentType}::${resource.name}` : `urn:pulumi:test::inferguard-test::${componentType}$${resource.type}::${resource.name}`;
    return { op: 'create', urn, newState: { urn, type: resource.type, ...(component ? {} : { id: resource.id }), custom: !component, inputs: resource.inputs, outputs: resource.outputs } };
  });
  const dir = scratchDir('inferguard-preview-scan-');
  const file = join(dir, 'preview.json');
  writeFileSync(file, JSON.stringify({ config: {}, steps, diagnostics: [], duration: 1, changeSummary: { create: steps.length } }));
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    env: {},
    cwd: dir,
    now: () => NOW,
    waitForStop: () => Promise.resolve('SIGINT'),
  };
  const code = await main(['scan', file, '--format', 'json', '--quiet'], io, realDeps(registeredProviders(realProviderDeps())));
  if (stdout === '') throw new Error(`inferguard scan printed no report (exit ${code}): ${stderr}`);
  const report = JSON.parse(stdout) as { findings: ScanFinding[]; gaps: unknown[] };
  return { code, findings: report.findings, gaps: report.gaps };
}
