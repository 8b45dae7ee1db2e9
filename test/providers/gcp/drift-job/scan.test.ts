/**
 * @jest-environment-options {"globalsCleanup":"off"}
 */
// The component's resources, as `pulumi preview --json` lists them, scanned with `inferguard scan` (the baseline's
// Pulumi reader for Google Cloud): the drift job's own infrastructure fails nothing and leaves nothing unknown.
import * as pulumi from '@pulumi/pulumi';
import { scanPreview, type DeclaredResource } from '../../../support/scan-preview';

const declared: DeclaredResource[] = [];
pulumi.runtime.setMocks(
  {
    newResource(args) {
      const inputs = args.inputs as Record<string, unknown>;
      const outputs: Record<string, unknown> = { ...inputs };
      if (args.type === 'gcp:serviceaccount/account:Account') outputs.email = `${String(inputs.accountId)}@${String(inputs.project)}.iam.gserviceaccount.com`;
      if (args.type === 'gcp:projects/iAMCustomRole:IAMCustomRole') outputs.name = `projects/${String(inputs.project)}/roles/${String(inputs.roleId)}`;
      if (args.type === 'gcp:storage/bucket:Bucket') outputs.name = `${args.name}-bucket`;
      if (args.type === 'gcp:monitoring/notificationChannel:NotificationChannel') outputs.name = `projects/${String(inputs.project)}/notificationChannels/${args.name}`;
      const id = `${args.name}-id`;
      declared.push({ type: args.type, name: args.name, id, inputs, outputs: { ...outputs, id } });
      return { id, state: outputs };
    },
    call(args) {
      return args.inputs;
    },
  },
  'project',
  'stack',
  false,
);

import type * as DriftJob from '../../../../providers/gcp/drift-job';
const { ScheduledGcpDriftCheck, SCHEDULED_GCP_DRIFT_CHECK_TYPE } = require('../../../../providers/gcp/drift-job') as typeof DriftJob;

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

it('inferguard scan of the preview: no failure, no unknown', async () => {
  jest.spyOn(pulumi.log, 'warn').mockImplementation(() => Promise.resolve());
  const component = new ScheduledGcpDriftCheck('drift', {
    projectId: 'ml-prod',
    region: 'europe-west4',
    image: `europe-docker.pkg.dev/ml-prod/tools/inferguard@sha256:${'cd'.repeat(32)}`,
    kmsKeyName: 'projects/ml-prod/locations/europe-west4/keyRings/r/cryptoKeys/k',
    alerts: { emails: ['secops@example.com'] },
  });
  await valueOf(component.scheduler.urn);
  await valueOf(component.failedExecutionAlert!.urn);
  await new Promise((resolve) => setTimeout(resolve, 50));
  // The alert resources are in what the scan reads.
  expect(declared.map((r) => r.type)).toEqual(expect.arrayContaining(['gcp:monitoring/notificationChannel:NotificationChannel', 'gcp:monitoring/alertPolicy:AlertPolicy']));
  const scan = await scanPreview(SCHEDULED_GCP_DRIFT_CHECK_TYPE, declared);
  expect(scan.findings.filter((f) => f.status === 'fail')).toEqual([]);
  expect(scan.findings.filter((f) => f.status === 'unknown')).toEqual([]);
  expect(scan.gaps).toEqual([]);
  // What the baseline judges here: the two service accounts (neither serves an inference deployment, so
  // identity-least-privilege does not apply). The bucket is no Vertex AI artifact store; no control judges a job, a
  // notification channel or an alert policy (the scan reads neither monitoring type, so it judges them not at all).
  expect(scan.findings.map((f) => `${f.status} ${f.controlId} ${f.resourceId}`).sort()).toEqual([
    'not_applicable identity-least-privilege drift-drift@ml-prod.iam.gserviceaccount.com',
    'not_applicable identity-least-privilege drift-sched@ml-prod.iam.gserviceaccount.com',
  ]);
});

it('inferguard scan of the organization-wide (sharded) preview: no failure, no unknown', async () => {
  declared.length = 0;
  jest.spyOn(pulumi.log, 'warn').mockImplementation(() => Promise.resolve());
  const component = new ScheduledGcpDriftCheck('org', {
    projectId: 'ml-prod',
    region: 'europe-west4',
    image: `europe-docker.pkg.dev/ml-prod/tools/inferguard@sha256:${'cd'.repeat(32)}`,
    kmsKeyName: 'projects/ml-prod/locations/europe-west4/keyRings/r/cryptoKeys/k',
    auditorRole: { roleName: 'organizations/424242424242/roles/inferguardAuditor' },
    estate: { organizationId: '424242424242', shards: 4 },
  });
  await valueOf(component.scheduler.urn);
  await valueOf(component.workflow!.urn);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(declared.map((r) => r.type)).toEqual(expect.arrayContaining(['gcp:workflows/workflow:Workflow', 'gcp:cloudrunv2/job:Job']));
  const scan = await scanPreview(SCHEDULED_GCP_DRIFT_CHECK_TYPE, declared);
  expect(scan.findings.filter((f) => f.status === 'fail')).toEqual([]);
  expect(scan.findings.filter((f) => f.status === 'unknown')).toEqual([]);
  expect(scan.gaps).toEqual([]);
  // The four service accounts (job, scheduler, merge, workflow): none serves an inference deployment.
  expect(scan.findings.map((f) => `${f.status} ${f.controlId} ${f.resourceId}`).sort()).toEqual(
    ['org-drift', 'org-flow', 'org-merge', 'org-sched'].map((id) => `not_applicable identity-least-privilege ${id}@ml-prod.iam.gserviceaccount.com`),
  );
});
