// Test helpers: one ShardedOrganizationAudit (and optionally the AuditorRoleStackSet trusting it) in a
// fixed-environment stack, synthesized into a scratch cloud assembly.
import { App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { ShardedOrganizationAuditProps } from '../../../../providers/aws/organization-job/props';
import { ShardedOrganizationAudit } from '../../../../providers/aws/organization-job/sharded-organization-audit';
import { scratchDir } from '../../../support/scratch';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';

export interface OrganizationJobApp {
  readonly app: App;
  readonly stack: Stack;
  readonly job: ShardedOrganizationAudit;
}

/** An app with one stack holding one job; `nag` runs cdk-nag AwsSolutions as a policy-validation plugin at synth. */
export function organizationJobApp(props: ShardedOrganizationAuditProps = {}, options: { readonly nag?: boolean } = {}): OrganizationJobApp {
  const app = new App({ outdir: scratchDir('inferguard-org-job-') });
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new Stack(app, 'OrganizationAudit', { env: { account: ACCOUNT, region: REGION } });
  const job = new ShardedOrganizationAudit(stack, 'Audit', props);
  return { app, stack, job };
}
