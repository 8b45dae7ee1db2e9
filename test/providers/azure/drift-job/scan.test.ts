/**
 * @jest-environment-options {"globalsCleanup": "off"}
 */
// The component's resources, as `pulumi preview --json` lists them, scanned with `inferguard scan` (the baseline's
// Pulumi reader): the drift job's own infrastructure fails nothing of the baseline and leaves nothing unknown.
import { scanPreview } from '../../../support/scan-preview';
import { DIGEST, RESOURCE_GROUP, SUBSCRIPTION, installMocks, recorded, settle, valueOf } from '../component/support';

installMocks();
import type * as DriftJob from '../../../../providers/azure/drift-job';
const { ScheduledAzureDriftCheck, SCHEDULED_AZURE_DRIFT_CHECK_TYPE } = require('../../../../providers/azure/drift-job') as typeof DriftJob;

it('inferguard scan of the preview: no failure, no unknown', async () => {
  const component = new ScheduledAzureDriftCheck('drift', {
    resourceGroupName: RESOURCE_GROUP,
    location: 'westeurope',
    environmentId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.App/managedEnvironments/jobs`,
    image: `contoso.azurecr.io/inferguard@${DIGEST}`,
    containerRegistryId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.ContainerRegistry/registries/contoso`,
    alerts: { emails: ['secops@example.com'] },
  });
  await settle(component);
  await valueOf(component.storeLocation);
  // The alert resources are in what the scan reads.
  expect(recorded.map((r) => r.type)).toEqual(expect.arrayContaining(['azure-native:monitor:ActionGroup', 'azure-native:monitor:MetricAlert']));
  const scan = await scanPreview(
    SCHEDULED_AZURE_DRIFT_CHECK_TYPE,
    recorded.map((r) => ({ ...r, outputs: { ...r.inputs, id: r.id, ...(r.type.endsWith('UserAssignedIdentity') ? { principalId: `principal-of-${r.name}` } : {}) } })),
  );
  expect(scan.findings.filter((f) => f.status === 'fail')).toEqual([]);
  expect(scan.findings.filter((f) => f.status === 'unknown')).toEqual([]);
  expect(scan.gaps).toEqual([]);
  // What the baseline judges here: the identity (not an inference deployment's, so identity-least-privilege does not
  // apply). The storage account is no workspace's artifact store, and the baseline has no control for a job or for
  // the action group and metric alert (the scan reads neither type, so it judges them not at all).
  expect(scan.findings.map((f) => `${f.status} ${f.controlId} ${f.resourceId.split('/').pop()}`)).toEqual(['not_applicable identity-least-privilege drift-identity']);
});
