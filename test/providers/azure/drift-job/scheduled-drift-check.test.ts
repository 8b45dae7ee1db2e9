/**
 * @jest-environment-options {"globalsCleanup": "off"}
 */
// ScheduledAzureDriftCheck under Pulumi mocks: the resources it declares and the inputs each gets, and what it refuses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIGEST, RESOURCE_GROUP, SUBSCRIPTION, installMocks, oneOf, recorded, resourcesOf, settle, valueOf } from '../component/support';

installMocks();
// Imported after setMocks, as Pulumi requires.
import type * as DriftJob from '../../../../providers/azure/drift-job';
const { ScheduledAzureDriftCheck, ScheduledAzureDriftCheckConfigurationError, STORAGE_BLOB_DATA_CONTRIBUTOR_ROLE_ID, ACR_PULL_ROLE_ID, WEBHOOK_SECRET_ENV, FAILED_EXECUTIONS_METRIC } =
  require('../../../../providers/azure/drift-job') as typeof DriftJob;

const IMAGE = `contoso.azurecr.io/inferguard@${DIGEST}`;
const REGISTRY_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.ContainerRegistry/registries/contoso`;
const ENVIRONMENT_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.App/managedEnvironments/jobs`;
const OTHER_SUBSCRIPTION = '11111111-2222-3333-4444-555555555555';
const auditorRole = JSON.parse(readFileSync(join(__dirname, '../../../../providers/azure/live/auditor-role.json'), 'utf8')) as Record<string, string[]>;

const baseProps: DriftJob.ScheduledAzureDriftCheckProps = { resourceGroupName: RESOURCE_GROUP, location: 'westeurope', environmentId: ENVIRONMENT_ID, image: IMAGE, containerRegistryId: REGISTRY_ID };

let counter = 0;
async function build(props: Partial<DriftJob.ScheduledAzureDriftCheckProps> = {}) {
  counter += 1;
  const name = `drift${counter}`;
  const component = new ScheduledAzureDriftCheck(name, { ...baseProps, ...props });
  await settle(component);
  await valueOf(component.storeLocation);
  return { name, component };
}

interface JobInputs {
  configuration: { triggerType: string; scheduleTriggerConfig: { cronExpression: string; parallelism: number }; replicaRetryLimit: number; registries?: { server: string; identity: string }[]; secrets?: { name: string; value: string }[] };
  template: { containers: { image: string; args: string[]; env: { name: string; value?: string; secretRef?: string }[] }[] };
  identity: { type: string; userAssignedIdentities: string[] };
}

describe('ScheduledAzureDriftCheck', () => {
  it('runs inferguard drift azure on a cron schedule, one replica, no retry, as its user-assigned identity', async () => {
    const { name, component } = await build();
    const job = oneOf('app:Job', `${name}-job`).inputs as unknown as JobInputs;
    const identity = oneOf('managedidentity:UserAssignedIdentity', `${name}-identity`);
    expect(job.configuration.triggerType).toBe('Schedule');
    expect(job.configuration.scheduleTriggerConfig).toMatchObject({ cronExpression: '0 6 * * *', parallelism: 1 });
    expect(job.configuration.replicaRetryLimit).toBe(0);
    expect(job.identity).toEqual({ type: 'UserAssigned', userAssignedIdentities: [identity.id] });
    expect(job.configuration.registries).toEqual([{ server: 'contoso.azurecr.io', identity: identity.id }]);
    const container = job.template.containers[0];
    expect(container.image).toBe(IMAGE);
    const store = await valueOf(component.storeLocation);
    expect(store).toBe(`https://${name}drift.blob.core.windows.net/inferguard-drift/drift/azure`);
    expect(container.args).toEqual(['drift', 'azure', '--store', store, '--retain', '365', '--subscription', SUBSCRIPTION]);
    expect(container.env).toEqual([{ name: 'AZURE_CLIENT_ID', value: `client-of-${name}-identity` }]);
  });

  it('gives the identity only the shipped auditor role on the subscription, Blob Data Contributor on its container, AcrPull on the registry', async () => {
    const { name } = await build();
    const definition = oneOf('authorization:RoleDefinition', `${name}-auditor-role`);
    expect(definition.inputs).toMatchObject({
      scope: `/subscriptions/${SUBSCRIPTION}`,
      assignableScopes: [`/subscriptions/${SUBSCRIPTION}`],
      permissions: [{ actions: auditorRole.Actions, notActions: auditorRole.NotActions, dataActions: auditorRole.DataActions, notDataActions: auditorRole.NotDataActions }],
    });
    const container = oneOf('storage:BlobContainer', `${name}-snapshots`);
    const assignments = resourcesOf('authorization:RoleAssignment', `${name}-`).map((a) => [a.inputs.roleDefinitionId, a.inputs.scope, a.inputs.principalId]).sort();
    const principal = `principal-of-${name}-identity`;
    expect(assignments).toEqual([
      [definition.id, `/subscriptions/${SUBSCRIPTION}`, principal],
      [`/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${STORAGE_BLOB_DATA_CONTRIBUTOR_ROLE_ID}`, container.id, principal],
      [`/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${ACR_PULL_ROLE_ID}`, REGISTRY_ID, principal],
    ].sort());
  });

  it('names each built-in role in the subscription of the scope it is assigned at: the audited subscription is elsewhere, the registry in a third', async () => {
    const THIRD = '22222222-3333-4444-5555-666666666666';
    const registry = `/subscriptions/${THIRD}/resourceGroups/shared/providers/Microsoft.ContainerRegistry/registries/central`;
    const { name } = await build({ subscriptionIds: [OTHER_SUBSCRIPTION], containerRegistryId: registry });
    const roleAt = (scope: string) => resourcesOf('authorization:RoleAssignment', `${name}-`).find((a) => a.inputs.scope === scope)?.inputs.roleDefinitionId;
    const container = oneOf('storage:BlobContainer', `${name}-snapshots`);
    // The container is where the stack deploys (the mocks' subscription), not in the audited one.
    expect(roleAt(container.id)).toBe(`/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${STORAGE_BLOB_DATA_CONTRIBUTOR_ROLE_ID}`);
    expect(roleAt(registry)).toBe(`/subscriptions/${THIRD}/providers/Microsoft.Authorization/roleDefinitions/${ACR_PULL_ROLE_ID}`);
  });

  it('keeps snapshots in a private, https-only, TLS 1.2, Entra-only, versioned account and a private container', async () => {
    const { name } = await build();
    expect(oneOf('storage:StorageAccount', `${name}drift`).inputs).toMatchObject({
      allowBlobPublicAccess: false,
      enableHttpsTrafficOnly: true,
      minimumTlsVersion: 'TLS1_2',
      allowSharedKeyAccess: false,
      defaultToOAuthAuthentication: true,
      publicNetworkAccess: 'Enabled',
      networkRuleSet: { defaultAction: 'Allow' },
    });
    expect(oneOf('storage:BlobServiceProperties', `${name}-blob-service`).inputs).toMatchObject({ isVersioningEnabled: true, deleteRetentionPolicy: { enabled: true, days: 30 } });
    expect(oneOf('storage:BlobContainer', `${name}-snapshots`).inputs).toMatchObject({ containerName: 'inferguard-drift', publicAccess: 'None' });
  });

  it('audits each named subscription (one role assignment each), signs webhooks with a secret kept as a Container Apps secret', async () => {
    const { name } = await build({
      subscriptionIds: [SUBSCRIPTION, OTHER_SUBSCRIPTION],
      notifyWebhookUrl: 'https://hooks.example.com/drift',
      webhookSecret: 'not-a-real-secret',
      allowedSubnetIds: ['/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/jobs'],
      containerRegistryId: undefined,
    });
    const job = oneOf('app:Job', `${name}-job`).inputs as unknown as JobInputs;
    const args = job.template.containers[0].args;
    expect(args.slice(6)).toEqual(['--subscription', SUBSCRIPTION, '--subscription', OTHER_SUBSCRIPTION, '--notify-webhook', 'https://hooks.example.com/drift', '--webhook-secret-env', WEBHOOK_SECRET_ENV]);
    expect(job.configuration.secrets).toEqual([{ name: 'webhook-secret', value: 'not-a-real-secret' }]);
    expect(job.template.containers[0].env).toContainEqual({ name: WEBHOOK_SECRET_ENV, secretRef: 'webhook-secret' });
    // The secret's value is only in the job's secrets, never in the container's arguments or plain environment.
    expect(JSON.stringify(job.template)).not.toContain('not-a-real-secret');
    expect(job.configuration.registries).toBeUndefined();
    const auditorScopes = resourcesOf('authorization:RoleAssignment', `${name}-auditor-`).map((a) => a.inputs.scope).sort();
    expect(auditorScopes).toEqual([`/subscriptions/${SUBSCRIPTION}`, `/subscriptions/${OTHER_SUBSCRIPTION}`]);
    expect(oneOf('storage:StorageAccount', `${name}drift`).inputs.networkRuleSet).toMatchObject({ defaultAction: 'Deny', bypass: 'None' });
  });

  it('with alerts: an action group mails each address, and a metric alert on the job\'s failed executions notifies it', async () => {
    const { name, component } = await build({ alerts: { emails: ['secops@example.com', 'ml-platform@example.com'] } });
    const group = oneOf('monitor:ActionGroup', `${name}-alerts`);
    expect(group.inputs).toMatchObject({
      location: 'Global',
      enabled: true,
      groupShortName: name,
      emailReceivers: [
        { name: 'email-0', emailAddress: 'secops@example.com', useCommonAlertSchema: true },
        { name: 'email-1', emailAddress: 'ml-platform@example.com', useCommonAlertSchema: true },
      ],
    });
    const job = oneOf('app:Job', `${name}-job`);
    const alert = oneOf('monitor:MetricAlert', `${name}-failed-execution`).inputs;
    expect(alert).toMatchObject({
      scopes: [job.id],
      targetResourceType: 'Microsoft.App/jobs',
      enabled: true,
      severity: 2,
      evaluationFrequency: 'PT15M',
      windowSize: 'PT1H',
      actions: [{ actionGroupId: group.id }],
      criteria: {
        odataType: 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria',
        allOf: [
          {
            criterionType: 'StaticThresholdCriterion',
            metricNamespace: 'Microsoft.App/jobs',
            metricName: 'Executions',
            dimensions: [{ name: 'state', operator: 'Include', values: ['Failed'] }],
            operator: 'GreaterThan',
            threshold: 0,
            timeAggregation: 'Total',
          },
        ],
      },
    });
    expect(FAILED_EXECUTIONS_METRIC).toEqual({ namespace: 'Microsoft.App/jobs', name: 'Executions', dimension: 'state', value: 'Failed' });
    expect(component.actionGroup).toBeDefined();
    expect(component.failedExecutionAlert).toBeDefined();
  });

  it('without alerts: no action group, no metric alert', async () => {
    const { name, component } = await build();
    expect(resourcesOf('monitor:ActionGroup', `${name}-`)).toEqual([]);
    expect(resourcesOf('monitor:MetricAlert', `${name}-`)).toEqual([]);
    expect(component.actionGroup).toBeUndefined();
    expect(component.failedExecutionAlert).toBeUndefined();
  });

  it.each<[string, Partial<DriftJob.ScheduledAzureDriftCheckProps>, string]>([
    ['an image by tag', { image: 'contoso.azurecr.io/inferguard:1.0' }, 'is not pinned by digest'],
    ['a six-field cron', { cronExpression: '0 0 6 * * *' }, 'does not have five fields'],
    ['no snapshot kept', { retain: 0 }, 'retain is 0'],
    ['a prefix that climbs', { snapshotPrefix: '../x' }, 'contains ".."'],
    ['a subscription name', { subscriptionIds: ['production'] }, 'is not a subscription id'],
    ['no subscription', { subscriptionIds: [] }, 'empty list'],
    ['a plain-http webhook', { notifyWebhookUrl: 'http://hooks.example.com' }, 'is not https'],
    ['a secret without a webhook', { webhookSecret: 's' }, 'nothing to sign'],
    ['alerts to nobody', { alerts: { emails: [] } }, 'notify nobody'],
    ['alerts to a name', { alerts: { emails: ['secops'] } }, 'is not an email address'],
    ['subnet rules on a closed endpoint', { storagePublicNetworkAccess: 'Disabled', allowedSubnetIds: ['/subscriptions/x/subnets/y'] }, 'public endpoint, which is off'],
  ])('refuses %s before declaring anything', (_case, props, problem) => {
    const before = recorded.length;
    const create = () => new ScheduledAzureDriftCheck('refused', { ...baseProps, ...props });
    expect(create).toThrow(ScheduledAzureDriftCheckConfigurationError);
    expect(create).toThrow(problem);
    expect(recorded.length).toBe(before);
  });
});
