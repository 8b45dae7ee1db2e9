/**
 * @jest-environment-options {"globalsCleanup": "off"}
 */
// ShardedAzureAudit under Pulumi mocks: a Container Apps job per shard with its own --shard i/n, a merge job the same
// UTC day after the shards' timeout, least-privilege identities, the reports' storage; what it refuses; and the scan of
// its preview by the baseline.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanPreview } from '../../../support/scan-preview';
import { DIGEST, RESOURCE_GROUP, SUBSCRIPTION, installMocks, oneOf, recorded, resourcesOf, settle, valueOf } from '../component/support';

installMocks();
import type * as DriftJob from '../../../../providers/azure/drift-job';
const { ShardedAzureAudit, ShardedAzureAuditConfigurationError, SHARDED_AZURE_AUDIT_TYPE, STORAGE_BLOB_DATA_CONTRIBUTOR_ROLE_ID, ACR_PULL_ROLE_ID } =
  require('../../../../providers/azure/drift-job') as typeof DriftJob;

const IMAGE = `contoso.azurecr.io/inferguard@${DIGEST}`;
const CLI_IMAGE = `mcr.microsoft.com/azure-cli@${DIGEST}`;
const REGISTRY_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.ContainerRegistry/registries/contoso`;
const ENVIRONMENT_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.App/managedEnvironments/jobs`;
const MG_SCOPE = '/providers/Microsoft.Management/managementGroups/contoso-ml';
const auditorRole = JSON.parse(readFileSync(join(__dirname, '../../../../providers/azure/live/auditor-role.json'), 'utf8')) as Record<string, string[]>;

const baseProps: DriftJob.ShardedAzureAuditProps = {
  resourceGroupName: RESOURCE_GROUP,
  location: 'westeurope',
  environmentId: ENVIRONMENT_ID,
  image: IMAGE,
  transferImage: CLI_IMAGE,
  containerRegistryId: REGISTRY_ID,
  scope: { managementGroupId: 'contoso-ml' },
  shards: 3,
};

let counter = 0;
async function build(props: Partial<DriftJob.ShardedAzureAuditProps> = {}) {
  counter += 1;
  const name = `org${counter}`;
  const component = new ShardedAzureAudit(name, { ...baseProps, ...props });
  await settle(component);
  await valueOf(component.reportLocation);
  return { name, component };
}

interface Container {
  name: string;
  image: string;
  command: string[];
  env: { name: string; value: string }[];
  volumeMounts: { volumeName: string; mountPath: string }[];
}
interface JobInputs {
  configuration: { triggerType: string; scheduleTriggerConfig: { cronExpression: string; parallelism: number; replicaCompletionCount: number }; replicaTimeout: number; replicaRetryLimit: number; registries?: { server: string; identity: string }[] };
  template: { volumes: { name: string; storageType: string }[]; initContainers: Container[]; containers: Container[] };
  identity: { type: string; userAssignedIdentities: string[] };
}
const jobInputs = (name: string) => oneOf('app:Job', name).inputs as unknown as JobInputs;
const script = (container: Container) => container.command[2];

describe('ShardedAzureAudit', () => {
  it('declares one scheduled job per shard, each auditing its own --shard i/n and uploading its report for the day', async () => {
    const { name } = await build();
    expect(resourcesOf('app:Job', `${name}-shard-`).map((r) => r.name).sort()).toEqual([`${name}-shard-1`, `${name}-shard-2`, `${name}-shard-3`]);
    for (const index of [1, 2, 3]) {
      const job = jobInputs(`${name}-shard-${index}`);
      expect(job.configuration).toMatchObject({ triggerType: 'Schedule', scheduleTriggerConfig: { cronExpression: '0 5 * * *', parallelism: 1, replicaCompletionCount: 1 }, replicaTimeout: 3600, replicaRetryLimit: 0 });
      const [audit] = job.template.initContainers;
      expect(audit.image).toBe(IMAGE);
      expect(audit.command.slice(0, 2)).toEqual(['/bin/sh', '-c']);
      expect(script(audit)).toContain(`audit azure --management-group 'contoso-ml' --shard ${index}/3 --format json --output /reports/report.json`);
      const [upload] = job.template.containers;
      expect(upload.image).toBe(CLI_IMAGE);
      expect(script(upload)).toContain('az login --identity --client-id "$AZURE_CLIENT_ID"');
      expect(script(upload)).toContain(`--auth-mode login`);
      expect(script(upload)).toContain(`--name "org-audit/azure/$(cat /reports/day)/shard-${index}-of-3.json" --file /reports/report.json`);
      expect(job.template.volumes).toEqual([{ name: 'reports', storageType: 'EmptyDir' }]);
    }
  });

  it('merges the day\'s reports after the shards\' timeout, a missing one a gap, and ends with the merged exit code', async () => {
    const { name } = await build();
    const merge = jobInputs(`${name}-merge`);
    // 05:00 + 60 min timeout + 15 min.
    expect(merge.configuration.scheduleTriggerConfig.cronExpression).toBe('15 6 * * *');
    const [download, mergeStep] = merge.template.initContainers;
    expect(script(download)).toContain('az storage blob download-batch --auth-mode login');
    expect(script(download)).toContain('--pattern "org-audit/azure/$(cat /reports/day)/shard-*"');
    expect(script(mergeStep)).toContain(
      'merge "/reports/in/org-audit/azure/$(cat /reports/day)/shard-1-of-3.json" "/reports/in/org-audit/azure/$(cat /reports/day)/shard-2-of-3.json" "/reports/in/org-audit/azure/$(cat /reports/day)/shard-3-of-3.json" --shards 3 --allow-missing --format json',
    );
    expect(script(merge.template.containers[0])).toContain('exit "$(cat /reports/merge-exit)"');
  });

  it('gives the shards only the auditor role at the management group and the report container; the merge only the container', async () => {
    const { name } = await build();
    const definition = oneOf('authorization:RoleDefinition', `${name}-auditor-role`);
    expect(definition.inputs).toMatchObject({
      scope: MG_SCOPE,
      assignableScopes: [MG_SCOPE],
      permissions: [{ actions: auditorRole.Actions, notActions: [], dataActions: [], notDataActions: [] }],
    });
    const container = oneOf('storage:BlobContainer', `${name}-reports`);
    const shardPrincipal = `principal-of-${name}-shard-identity`;
    const mergePrincipal = `principal-of-${name}-merge-identity`;
    const builtIn = (id: string) => `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${id}`;
    const assignments = resourcesOf('authorization:RoleAssignment', `${name}-`).map((a) => [a.inputs.principalId, a.inputs.roleDefinitionId, a.inputs.scope]);
    expect(assignments.sort()).toEqual(
      [
        [shardPrincipal, definition.id, MG_SCOPE],
        [shardPrincipal, builtIn(STORAGE_BLOB_DATA_CONTRIBUTOR_ROLE_ID), container.id],
        [mergePrincipal, builtIn(STORAGE_BLOB_DATA_CONTRIBUTOR_ROLE_ID), container.id],
        [shardPrincipal, builtIn(ACR_PULL_ROLE_ID), REGISTRY_ID],
        [mergePrincipal, builtIn(ACR_PULL_ROLE_ID), REGISTRY_ID],
      ].sort(),
    );
    const shardIdentity = oneOf('managedidentity:UserAssignedIdentity', `${name}-shard-identity`);
    expect(jobInputs(`${name}-shard-1`).identity).toEqual({ type: 'UserAssigned', userAssignedIdentities: [shardIdentity.id] });
    expect(jobInputs(`${name}-shard-1`).configuration.registries).toEqual([
      { server: 'contoso.azurecr.io', identity: shardIdentity.id },
      { server: 'mcr.microsoft.com', identity: shardIdentity.id },
    ]);
    expect(oneOf('storage:StorageAccount', `${name}reports`).inputs).toMatchObject({ allowSharedKeyAccess: false, allowBlobPublicAccess: false, minimumTlsVersion: 'TLS1_2', enableHttpsTrafficOnly: true });
  });

  it('with alerts: Azure Monitor mails when the merge job fails (the whole run: findings, errors, gaps, a missing shard); none by default', async () => {
    const { name, component } = await build({ alerts: { emails: ['secops@example.com'] } });
    const group = oneOf('monitor:ActionGroup', `${name}-alerts`);
    expect(group.inputs.emailReceivers).toEqual([{ name: 'email-0', emailAddress: 'secops@example.com', useCommonAlertSchema: true }]);
    const alert = oneOf('monitor:MetricAlert', `${name}-failed-execution`).inputs;
    // On the merge job only: its exit is the whole run's, and a shard that failed is a gap in it.
    expect(alert).toMatchObject({ scopes: [oneOf('app:Job', `${name}-merge`).id], targetResourceType: 'Microsoft.App/jobs', actions: [{ actionGroupId: group.id }] });
    expect(alert.criteria).toMatchObject({ allOf: [{ metricName: 'Executions', dimensions: [{ name: 'state', operator: 'Include', values: ['Failed'] }], operator: 'GreaterThan', threshold: 0 }] });
    expect(component.failedExecutionAlert).toBeDefined();
    const without = await build();
    expect(resourcesOf('monitor:MetricAlert', `${without.name}-`)).toEqual([]);
    expect(without.component.failedExecutionAlert).toBeUndefined();
  });

  it('with subscriptions: the role is assignable to and assigned in each; --no-resource-graph when asked', async () => {
    const other = '11111111-2222-3333-4444-555555555555';
    const { name } = await build({ scope: { subscriptionIds: [SUBSCRIPTION, other] }, resourceGraph: false, shards: 1, containerRegistryId: undefined });
    expect(oneOf('authorization:RoleDefinition', `${name}-auditor-role`).inputs.assignableScopes).toEqual([`/subscriptions/${SUBSCRIPTION}`, `/subscriptions/${other}`]);
    expect(script(jobInputs(`${name}-shard-1`).template.initContainers[0])).toContain(`audit azure --subscription '${SUBSCRIPTION}' --subscription '${other}' --no-resource-graph --shard 1/1`);
    expect(jobInputs(`${name}-shard-1`).configuration.registries).toBeUndefined();
  });

  it.each<[string, Partial<DriftJob.ShardedAzureAuditProps>, string]>([
    ['no shard', { shards: 0 }, 'shards is 0'],
    ['too many shards', { shards: 51 }, 'shards is 51'],
    ['an image by tag', { image: 'contoso.azurecr.io/inferguard:1' }, 'not pinned by digest'],
    ['a transfer image by tag', { transferImage: 'mcr.microsoft.com/azure-cli:latest' }, 'not pinned by digest'],
    ['a malformed group', { scope: { managementGroupId: "a';b" } }, 'is not a management group id'],
    ['no subscription', { scope: { subscriptionIds: [] } }, 'empty list'],
    ['a weekly schedule', { cronExpression: '0 5 * * 1' }, 'is not a daily'],
    ['a merge before the shards end', { mergeCronExpression: '30 5 * * *' }, 'before the shards'],
    ['a merge on the next day', { cronExpression: '30 23 * * *' }, 'next UTC day'],
    ['alerts to nobody', { alerts: { emails: [] } }, 'notify nobody'],
    ['alerts to a name', { alerts: { emails: ['secops'] } }, 'is not an email address'],
  ])('refuses %s before declaring anything', (_case, props, problem) => {
    const before = recorded.length;
    const create = () => new ShardedAzureAudit('refused', { ...baseProps, ...props });
    expect(create).toThrow(ShardedAzureAuditConfigurationError);
    expect(create).toThrow(problem);
    expect(recorded.length).toBe(before);
  });

  it('inferguard scan of its preview: no failure, no unknown', async () => {
    const { name } = await build();
    const mine = recorded.filter((r) => r.name.startsWith(name));
    const scan = await scanPreview(
      SHARDED_AZURE_AUDIT_TYPE,
      mine.map((r) => ({ ...r, outputs: { ...r.inputs, id: r.id, ...(r.type.endsWith('UserAssignedIdentity') ? { principalId: `principal-of-${r.name}` } : {}) } })),
    );
    expect(scan.findings.filter((f) => f.status === 'fail')).toEqual([]);
    expect(scan.findings.filter((f) => f.status === 'unknown')).toEqual([]);
    expect(scan.gaps).toEqual([]);
    // What the baseline judges here: the two identities (no inference deployment's, so least privilege does not apply);
    // it has no control for jobs, and the storage account is no workspace's artifact store.
    expect(scan.findings.map((f) => `${f.status} ${f.controlId} ${f.resourceId.split('/').pop()}`).sort()).toEqual([
      `not_applicable identity-least-privilege ${name}-merge-identity`,
      `not_applicable identity-least-privilege ${name}-shard-identity`,
    ]);
  });
});
