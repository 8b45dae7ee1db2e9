// A small but varied audit for the reporter tests: passes, failures, a waived failure, a
// not_applicable serverless endpoint, an unknown, a coverage gap, and expired/unused waivers.
import { defaultBaseline } from '../../policies/baseline';
import type { Inventory } from '../../policies/model';
import type { Waiver } from '../../policies/waivers';
import { runAudit, type Report } from '../../checker/run';
import { ACCOUNT, REGION, compliantInventory, deployment, endpoint, serverlessDeployment, known, unknown, evidence } from '../support/builders';

export const NOW = new Date('2026-03-01T12:00:00Z');

/** A name full of characters that XML and JSON must escape, and one XML cannot carry at all. */
export const AWKWARD_NAME = 'legacy <&> "quoted" \'single\' \u0007bell';
export const LEGACY_ID = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint/legacy`;
export const SERVERLESS_ID = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint/serverless`;
export const UNREADABLE_ID = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint/unreadable`;

export function sampleInventory(): Inventory {
  const base = compliantInventory(
    endpoint({
      id: LEGACY_ID,
      name: AWKWARD_NAME,
      deployments: known([
        deployment({
          networkIsolation: known(false, evidence('sagemaker:DescribeModel', 'EnableNetworkIsolation', false)),
          network: known(null, evidence('sagemaker:DescribeModel', 'VpcConfig', null)),
        }),
      ]),
    }),
    endpoint({ id: SERVERLESS_ID, name: 'serverless', deployments: known([serverlessDeployment()]) }),
    endpoint({
      id: UNREADABLE_ID,
      name: 'unreadable',
      deployments: unknown('AccessDeniedException: not authorized to perform sagemaker:DescribeEndpointConfig', evidence('sagemaker:DescribeEndpointConfig', 'ProductionVariants', null)),
      storageKeyId: unknown('AccessDeniedException', evidence('sagemaker:DescribeEndpointConfig', 'KmsKeyId', null)),
    }),
  );
  return {
    ...base,
    gaps: [
      {
        service: 'sagemaker',
        operation: 'DescribeEndpointConfig',
        resourceId: UNREADABLE_ID,
        region: REGION,
        errorCode: 'AccessDeniedException',
        message: 'User is not authorized to perform sagemaker:DescribeEndpointConfig',
      },
    ],
  };
}

export const WAIVERS: Waiver[] = [
  {
    id: 'WVR-1',
    control: 'model-network-isolation',
    resource: '*endpoint/legacy',
    reason: 'Legacy model pulls features at run time; egress is restricted by the VPC instead.',
    approvedBy: 'security-team',
    expires: '2026-12-31',
  },
  { id: 'WVR-OLD', control: 'model-private-network', resource: '*', reason: 'Old exception', approvedBy: 'ciso', expires: '2025-06-30' },
  { id: 'WVR-UNUSED', control: 'key-rotation-enabled', resource: 'nothing-matches', reason: 'Stale', approvedBy: 'ciso', expires: '2027-01-01' },
];

export function sampleReport(overrides: { inventory?: Inventory; waivers?: Waiver[]; target?: string } = {}): Report {
  return runAudit({
    inventory: overrides.inventory ?? sampleInventory(),
    baseline: defaultBaseline(),
    waivers: overrides.waivers ?? WAIVERS,
    now: NOW,
    target: overrides.target,
  });
}
