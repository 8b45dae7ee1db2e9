// The `inferguard/azure` entry point: the component, its settings helpers, the generated policies and the auditor role.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as azure from '../../../providers/azure/api';

describe('providers/azure/api.ts', () => {
  it('exports the component, its defaults, the policy generator and the auditor role as data', () => {
    expect(typeof azure.SecureAzureMlEndpoint).toBe('function');
    expect(azure.AZURE_COMPONENT_CONTROL_IDS).toContain('endpoint-request-logging');
    expect(azure.pulumiPolicies().map((policy) => policy.name)).toContain('image-pinned-by-digest');
    const file = JSON.parse(readFileSync(join(__dirname, '../../../providers/azure/live/auditor-role.json'), 'utf8')) as unknown;
    expect(azure.auditorRole).toEqual(file);
  });
});
