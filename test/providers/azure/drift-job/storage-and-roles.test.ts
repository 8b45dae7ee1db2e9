/**
 * @jest-environment-options {"globalsCleanup": "off"}
 */
// The storage and roles ScheduledAzureDriftCheck and ShardedAzureAudit declare through storage-and-roles.ts: under
// Pulumi mocks, both components given the same storage choices declare the same account, blob service and container
// security settings and the same auditor role permissions; and what those settings are.
import { DIGEST, RESOURCE_GROUP, SUBSCRIPTION, installMocks, oneOf, settle, valueOf } from '../component/support';

installMocks();
import type * as DriftJob from '../../../../providers/azure/drift-job';
const { ScheduledAzureDriftCheck, ShardedAzureAudit, defaultSnapshotStorageSettings, snapshotStorageAccountSecurity } = require('../../../../providers/azure/drift-job') as typeof DriftJob;
import type * as StorageAndRoles from '../../../../providers/azure/drift-job/storage-and-roles';
const { compactName } = require('../../../../providers/azure/drift-job/storage-and-roles') as typeof StorageAndRoles;

const IMAGE = `contoso.azurecr.io/inferguard@${DIGEST}`;
const ENVIRONMENT_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.App/managedEnvironments/jobs`;
const SUBNET = '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/jobs';

type StorageChoices = Pick<DriftJob.ScheduledAzureDriftCheckProps, 'storagePublicNetworkAccess' | 'allowedSubnetIds' | 'tags'>;

let counter = 0;
/** Both components, side by side, with the same storage choices: the inputs each declared for its account, blob service and container. */
async function bothWith(choices: StorageChoices) {
  counter += 1;
  const common = { resourceGroupName: RESOURCE_GROUP, location: 'westeurope', environmentId: ENVIRONMENT_ID, image: IMAGE, ...choices };
  const drift = new ScheduledAzureDriftCheck(`pair${counter}d`, common);
  const sharded = new ShardedAzureAudit(`pair${counter}s`, { ...common, transferImage: `mcr.microsoft.com/azure-cli@${DIGEST}`, scope: { subscriptionIds: [SUBSCRIPTION] }, shards: 2 });
  await Promise.all([settle(drift), settle(sharded), valueOf(drift.storeLocation), valueOf(sharded.reportLocation)]);
  const declared = (name: string, accountName: string, containerResource: string) => {
    // Each account's name (and so the children's accountName) is its own by design; every other input is compared.
    const withoutAccountName = (inputs: Record<string, unknown>) => Object.fromEntries(Object.entries(inputs).filter(([key]) => key !== 'accountName' && key !== 'containerName'));
    return {
      account: oneOf('storage:StorageAccount', accountName).inputs,
      blobService: withoutAccountName(oneOf('storage:BlobServiceProperties', `${name}-blob-service`).inputs),
      container: withoutAccountName(oneOf('storage:BlobContainer', containerResource).inputs),
      auditorPermissions: oneOf('authorization:RoleDefinition', `${name}-auditor-role`).inputs.permissions,
    };
  };
  return { drift: declared(`pair${counter}d`, `pair${counter}ddrift`, `pair${counter}d-snapshots`), sharded: declared(`pair${counter}s`, `pair${counter}sreports`, `pair${counter}s-reports`) };
}

describe('the storage both Azure jobs declare', () => {
  it.each<[string, StorageChoices]>([
    ['by default', {}],
    ['with subnet rules and tags', { allowedSubnetIds: [SUBNET], tags: { team: 'secops' } }],
    ['with the public endpoint off', { storagePublicNetworkAccess: 'Disabled' }],
  ])('is the same account, blob service and container in both components, %s', async (_case, choices) => {
    const { drift, sharded } = await bothWith(choices);
    expect(sharded).toEqual(drift);
    // The same, and secure: HTTPS only, TLS 1.2, no public blob access, Entra ID only, versioned, private container.
    expect(drift.account).toMatchObject({
      kind: 'StorageV2',
      allowBlobPublicAccess: false,
      enableHttpsTrafficOnly: true,
      minimumTlsVersion: 'TLS1_2',
      allowSharedKeyAccess: false,
      defaultToOAuthAuthentication: true,
      publicNetworkAccess: choices.storagePublicNetworkAccess ?? 'Enabled',
    });
    // Without subnet rules azure-native fills in its default bypass (AzureServices), which a firewall that allows all ignores.
    expect(drift.account.networkRuleSet).toEqual(
      choices.allowedSubnetIds === undefined
        ? { defaultAction: 'Allow', bypass: 'AzureServices' }
        : { defaultAction: 'Deny', bypass: 'None', virtualNetworkRules: [{ virtualNetworkResourceId: SUBNET, action: 'Allow' }] },
    );
    expect(drift.blobService).toMatchObject({ isVersioningEnabled: true, deleteRetentionPolicy: { enabled: true, days: 30 }, containerDeleteRetentionPolicy: { enabled: true, days: 30 } });
    expect(drift.container).toEqual({ resourceGroupName: RESOURCE_GROUP, publicAccess: 'None' });
  });

  it('takes the account inputs from the pure default: its settings but the blob service\'s, and a firewall that denies all but the given subnets', () => {
    const settings = defaultSnapshotStorageSettings();
    const closed = snapshotStorageAccountSecurity({ ...settings, publicNetworkAccess: 'Disabled' });
    expect(closed).toMatchObject({ allowSharedKeyAccess: false, publicNetworkAccess: 'Disabled', networkRuleSet: { defaultAction: 'Allow' } });
    // Versioning and soft delete belong to the blob service: an account given them would send ARM unknown properties.
    expect(closed).not.toHaveProperty('blobVersioning');
    expect(closed).not.toHaveProperty('deleteRetentionDays');
    expect(snapshotStorageAccountSecurity(settings, ['a', 'b']).networkRuleSet).toEqual({
      defaultAction: 'Deny',
      bypass: 'None',
      virtualNetworkRules: [
        { virtualNetworkResourceId: 'a', action: 'Allow' },
        { virtualNetworkResourceId: 'b', action: 'Allow' },
      ],
    });
    // Fresh every call: a caller changing its copy changes no one else's.
    expect(defaultSnapshotStorageSettings()).not.toBe(settings);
  });

  it('names accounts from letters and digits only, within the length Azure allows, with a fallback when none is left', () => {
    expect(compactName('Org-Audit_2', 16)).toBe('orgaudit2');
    expect(compactName('a'.repeat(30), 17)).toHaveLength(17);
    expect(compactName('---', 17)).toBe('drift');
    expect(compactName('---', 16, 'audit')).toBe('audit');
  });
});
