// The `inferguard/gcp` entry point: the component, the policy pack judging Vertex AI, and the auditor role
// that grants exactly the permissions of the live readers' calls.
import * as gcp from '../../../providers/gcp/api';
import { GCP_READER_CALLS } from '../../../providers/gcp/live/index';
import { allControls } from '../../../policies/controls/index';

describe('inferguard/gcp', () => {
  it('exports the SecureVertexEndpoint component and its defaults', () => {
    expect(typeof gcp.SecureVertexEndpoint).toBe('function');
    expect(gcp.MAX_ROTATION_DAYS).toBe(90);
  });

  it('exports the policy pack with a policy for every control that judges Google Cloud', () => {
    const names = gcp.pulumiPolicies().map((policy) => policy.name);
    for (const control of allControls.filter((c) => c.providers.includes('gcp'))) expect(names).toContain(control.id);
  });

  it('exports the auditor role as data: exactly the permissions the reader calls need', () => {
    expect(gcp.auditorRole.stage).toBe('GA');
    expect([...gcp.auditorRole.includedPermissions].sort()).toEqual([...new Set(Object.values(GCP_READER_CALLS).map((c) => c.permission))].sort());
  });
});
