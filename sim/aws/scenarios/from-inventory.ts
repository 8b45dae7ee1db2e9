// "Deploys" what a CloudFormation template declares into a simulator scenario, as CloudFormation would leave
// it: every resource gets a physical id (literal names kept, others generated the way CloudFormation forms
// them), references between resources become those physical ids, and security groups carry the
// `aws:cloudformation:stack-name` / `aws:cloudformation:logical-id` tags CloudFormation writes. It reads the
// template's model (what `inferguard scan` states), so the deployed settings are exactly the declared
// security-relevant ones; tests then change one live setting and expect configuration drift to name it.
import type { DescribeModelOutput, ProductionVariantInstanceType } from '@aws-sdk/client-sagemaker';
import type { IpPermission, SecurityGroup, Subnet, VpcEndpoint } from '@aws-sdk/client-ec2';
import type { ArtifactStore, EncryptionKey, Fact, Firewall, Identity, ImageRepository, InferenceEndpoint, Inventory, Network, PolicyStatement, Resource } from '../../../policies/model';
import { ecrRepositoryArn, ecrRepositoryUri, iamArn, kmsKeyArn } from '../ids';
import { describeEndpointFromConfig } from '../sagemaker-shapes';
import { vpcEndpointState } from '../ec2-shapes';
import type { AwsScenario, IamManagedPolicySeed, IamRoleSeed, S3BucketSeed } from '../scenario';
import { addEndpoint, ec2Id, freeze, hexFrom, iamUniqueId, kmsKey, monitoringSchedule, regionDraft, repository, SAGEMAKER_TRUST_POLICY, uuidFrom, type RegionDraft } from './builders';
import { awsManagedPolicies } from './aws-managed-policies';

export interface DeployOptions {
  readonly account: string;
  readonly region: string;
  readonly created?: Date;
}

export interface DeployedStack {
  readonly scenario: AwsScenario;
  /** The template resource id (`Stack/LogicalId`) -> the id the live audit gives the resource it became. */
  readonly physicalIds: ReadonlyMap<string, string>;
}

/** The template asked for something this deployer does not model; the message says what. */
export class DeployError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeployError';
  }
}

/** A list fact is a fact of the list: known when every element was read. */
function valueOf<T>(fact: Fact<T>, what: string): T {
  if (!fact.known) throw new DeployError(`cannot deploy ${what}: the template leaves it unknown (${fact.reason})`);
  return fact.value;
}

/** `Stack/LogicalId` -> [stack, logicalId]. */
function logicalParts(resource: Resource): [string, string] {
  const slash = resource.id.indexOf('/');
  if (slash <= 0) throw new DeployError(`${resource.id} is no template resource id (Stack/LogicalId)`);
  return [resource.id.slice(0, slash), resource.id.slice(slash + 1)];
}

/** The name CloudFormation generates when the template gives none: `stack-LogicalId-SUFFIX`, lower case where the service wants it. */
function generatedName(resource: Resource, lowerCase: boolean): string {
  const [stack, logicalId] = logicalParts(resource);
  if (resource.name !== logicalId) return resource.name;
  const name = `${stack}-${logicalId}-${hexFrom(resource.id, 12).toUpperCase()}`;
  return lowerCase ? name.toLowerCase() : name;
}

/** Deploys every resource of `template` (one stack or a whole assembly) into one account and region. */
export function deployTemplateInventory(template: Inventory, options: DeployOptions): DeployedStack {
  const { account, region } = options;
  const created = options.created ?? new Date('2026-11-01T00:00:00Z');
  const physical = new Map<string, string>();
  const names = new Map<string, string>();
  const subnetIds = new Map<string, string>();
  const byKind = <K extends Resource['kind']>(kind: K) => template.resources.filter((r): r is Extract<Resource, { kind: K }> => r.kind === kind);

  // Physical ids first: resources refer to each other.
  for (const key of byKind('key')) physical.set(key.id, kmsKeyArn(region, account, uuidFrom(key.id)));
  for (const bucket of byKind('artifact-store')) {
    names.set(bucket.id, generatedName(bucket, true));
    physical.set(bucket.id, `arn:aws:s3:::${names.get(bucket.id)}`);
  }
  for (const repo of byKind('image-repository')) {
    names.set(repo.id, generatedName(repo, true));
    physical.set(repo.id, ecrRepositoryArn(region, account, names.get(repo.id) ?? ''));
  }
  for (const role of byKind('identity')) {
    names.set(role.id, generatedName(role, false));
    physical.set(role.id, iamArn(account, 'role', '/', names.get(role.id) ?? ''));
  }
  for (const vpc of byKind('network')) physical.set(vpc.id, ec2Id('vpc', vpc.id));
  for (const group of byKind('firewall')) physical.set(group.id, ec2Id('sg', group.id));
  for (const endpoint of byKind('endpoint')) physical.set(endpoint.id, `arn:aws:sagemaker:${region}:${account}:endpoint/${endpoint.name.toLowerCase()}`);
  const subnetOf = (id: string): string => {
    if (!subnetIds.has(id)) subnetIds.set(id, ec2Id('subnet', id));
    return subnetIds.get(id) ?? '';
  };

  /** A string of the template with each resource it names replaced by that resource's physical id. */
  const resolve = (text: string): string => {
    for (const [id, live] of physical) if (text === id || text.startsWith(`${id}/`)) return live + text.slice(id.length);
    return text;
  };
  const required = (id: string | null, what: string): string => {
    const found = id === null ? undefined : physical.get(id);
    if (found === undefined) throw new DeployError(`${what} names ${id ?? 'nothing'}, which the template does not declare`);
    return found;
  };

  const draft = regionDraft();
  const roles: IamRoleSeed[] = [];
  const managedPolicies: IamManagedPolicySeed[] = [];
  const buckets: S3BucketSeed[] = [];

  for (const key of byKind('key')) draft.keys.push(deployKey(key, physical.get(key.id) ?? '', { account, region, created }, resolve));
  for (const bucket of byKind('artifact-store')) buckets.push(deployBucket(bucket, names.get(bucket.id) ?? '', region, resolve));
  for (const repo of byKind('image-repository')) draft.repositories.push(deployRepository(repo, names.get(repo.id) ?? '', { account, region, created }, resolve));
  for (const role of byKind('identity')) {
    const deployed = deployRole(role, names.get(role.id) ?? '', account, created, resolve);
    roles.push(deployed.role);
    managedPolicies.push(...deployed.policies);
  }
  for (const vpc of byKind('network')) deployNetwork(vpc, physical.get(vpc.id) ?? '', { account, region, created }, draft);
  for (const group of byKind('firewall')) draft.securityGroups.push(deployFirewall(group, physical.get(group.id) ?? '', account, region, resolve));
  for (const endpoint of byKind('endpoint')) deployEndpoint(endpoint, { account, region, created }, { required, resolve, subnetOf, bucketName: (id) => names.get(id) ?? '' }, draft);
  // Subnets the endpoints' networks name (subnets are no resource of the model), in the template's VPC.
  for (const [logicalId, subnetId] of subnetIds) {
    const vpcId = draft.vpcs[0]?.VpcId ?? ec2Id('vpc', 'default');
    const subnet: Subnet = { SubnetId: subnetId, VpcId: vpcId, CidrBlock: `10.0.${draft.subnets.length}.0/24`, State: 'available', OwnerId: account, AvailabilityZone: `${region}a` };
    draft.subnets.push(subnet);
    physical.set(logicalId, subnetId);
  }

  return {
    scenario: { account, regions: { [region]: freeze(draft) }, iam: { roles, managedPolicies: [...awsManagedPolicies, ...managedPolicies] }, s3: { buckets } },
    physicalIds: physical,
  };
}

/** Model statements back to a JSON policy document, with the template's references made physical. */
function policyDocument(statements: readonly PolicyStatement[], resolve: (text: string) => string, withPrincipal: boolean): string {
  const principal = (list: readonly string[]) => {
    if (list.includes('*')) return '*';
    const aws = list.filter((p) => p.startsWith('arn:') || /^\d{12}$/.test(p));
    const service = list.filter((p) => !aws.includes(p));
    return { ...(aws.length ? { AWS: aws.map(resolve) } : {}), ...(service.length ? { Service: service } : {}) };
  };
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: statements.map((s) => ({
      Effect: s.effect,
      ...(withPrincipal && !s.notPrincipals ? { Principal: principal(s.principals) } : {}),
      ...(s.notPrincipals ? { NotPrincipal: principal(s.notPrincipals) } : {}),
      ...(s.notActions ? { NotAction: s.notActions } : { Action: s.actions }),
      ...(s.notResources ? { NotResource: s.notResources.map(resolve) } : { Resource: s.resources.map(resolve) }),
      ...(s.conditions.length > 0
        ? { Condition: s.conditions.reduce<Record<string, Record<string, string[]>>>((all, c) => ({ ...all, [c.operator]: { ...all[c.operator], [c.key]: c.values.map(resolve) } }), {}) }
        : {}),
    })),
  });
}

interface Place {
  readonly account: string;
  readonly region: string;
  readonly created: Date;
}

function deployKey(key: EncryptionKey, arn: string, place: Place, resolve: (text: string) => string): ReturnType<typeof kmsKey> {
  const keyId = arn.slice(arn.lastIndexOf('/') + 1);
  const days = valueOf(key.rotationPeriodDays, `${key.id} rotation`);
  const base = kmsKey({ account: place.account, region: place.region, keyId, description: key.name, created: place.created, ...(days === null ? {} : { rotationPeriodInDays: days }) });
  const enabled = valueOf(key.enabled, `${key.id} enabled`);
  return {
    ...base,
    metadata: { ...base.metadata, Enabled: enabled, KeyState: enabled ? 'Enabled' : 'Disabled' },
    policy: policyDocument(valueOf(key.policy, `${key.id} policy`), resolve, true),
  };
}

function deployBucket(bucket: ArtifactStore, name: string, region: string, resolve: (text: string) => string): S3BucketSeed {
  const blocked = valueOf(bucket.publicAccessBlocked, `${bucket.id} public access block`);
  const keyId = valueOf(bucket.encryptionKeyId, `${bucket.id} encryption`);
  const statements = valueOf(bucket.policy, `${bucket.id} policy`);
  return {
    name,
    region,
    publicAccessBlock: { BlockPublicAcls: blocked, IgnorePublicAcls: blocked, BlockPublicPolicy: blocked, RestrictPublicBuckets: blocked },
    ...(statements.length > 0 ? { policy: policyDocument(statements, resolve, true) } : {}),
    encryption: { Rules: [{ ApplyServerSideEncryptionByDefault: keyId === null ? { SSEAlgorithm: 'AES256' } : { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: resolve(keyId) }, BucketKeyEnabled: keyId !== null }] },
    versioning: 'Enabled',
  };
}

function deployRepository(repo: ImageRepository, name: string, place: Place, resolve: (text: string) => string): ReturnType<typeof repository> {
  const keyId = valueOf(repo.encryptionKeyId, `${repo.id} encryption`);
  const statements = valueOf(repo.policy, `${repo.id} policy`);
  return repository({
    account: place.account,
    region: place.region,
    name,
    created: place.created,
    scanOnPush: valueOf(repo.scanOnPush, `${repo.id} scan on push`),
    immutable: valueOf(repo.tagsImmutable, `${repo.id} tag mutability`),
    ...(keyId === null ? {} : { kmsKeyArn: resolve(keyId) }),
    ...(statements.length > 0 ? { policy: policyDocument(statements, resolve, true) } : {}),
  });
}

/** The role, and one customer-managed policy per policy the template attaches (its statements by origin `managed:<name>`). */
function deployRole(role: Identity, name: string, account: string, created: Date, resolve: (text: string) => string): { role: IamRoleSeed; policies: IamManagedPolicySeed[] } {
  const statements = valueOf(role.statements, `${role.id} statements`);
  const attached = valueOf(role.attachedPolicies, `${role.id} attached policies`);
  const policies = attached
    .filter((p) => !p.providerManaged)
    .map((p) => {
      // A policy the template names only by logical id gets a generated name, as CloudFormation gives it.
      const slash = p.id.indexOf('/');
      const policyName = slash > 0 && p.id.slice(slash + 1) === p.name ? `${p.id.slice(0, slash)}-${p.name}-${hexFrom(p.id, 12).toUpperCase()}` : p.name;
      const arn = iamArn(account, 'policy', '/', policyName);
      return {
        policy: { PolicyName: policyName, PolicyId: iamUniqueId('ANPA', arn), Arn: arn, Path: '/', DefaultVersionId: 'v1', AttachmentCount: 1, IsAttachable: true, CreateDate: created, UpdateDate: created },
        document: policyDocument(statements.filter((s) => s.origin === `managed:${p.name}`), resolve, false),
      };
    });
  const inline = statements.filter((s) => !attached.some((p) => s.origin === `managed:${p.name}`));
  const mayAssume = role.inferenceServiceMayAssume?.known === true && role.inferenceServiceMayAssume.value;
  return {
    role: {
      role: {
        Path: '/',
        RoleName: name,
        RoleId: iamUniqueId('AROA', `role:${name}`),
        Arn: iamArn(account, 'role', '/', name),
        CreateDate: created,
        AssumeRolePolicyDocument: mayAssume ? SAGEMAKER_TRUST_POLICY : JSON.stringify({ Version: '2012-10-17', Statement: [] }),
        MaxSessionDuration: 3600,
      },
      inlinePolicies: inline.length > 0 ? { inline: policyDocument(inline, resolve, false) } : {},
      attachedPolicyArns: [...policies.map((p) => p.policy.Arn ?? ''), ...attached.filter((p) => p.providerManaged).map((p) => p.id)],
    },
    policies,
  };
}

function deployNetwork(vpc: Network, vpcId: string, place: Place, draft: RegionDraft): void {
  draft.vpcs.push({ VpcId: vpcId, State: 'available', CidrBlock: '10.0.0.0/16', IsDefault: false, OwnerId: place.account, InstanceTenancy: 'default' });
  for (const endpoint of valueOf(vpc.privateEndpoints, `${vpc.id} private endpoints`)) {
    const id = ec2Id('vpce', `${vpcId}:${endpoint.service}`);
    const deployed: VpcEndpoint = {
      VpcEndpointId: id,
      VpcEndpointType: endpoint.type === 'interface' ? 'Interface' : 'Gateway',
      VpcId: vpcId,
      ServiceName: `com.amazonaws.${place.region}.${endpoint.service}`,
      State: vpcEndpointState(endpoint.available ? 'available' : 'pending'),
      PolicyDocument: JSON.stringify({ Statement: [{ Action: '*', Effect: 'Allow', Principal: '*', Resource: '*' }] }),
      RouteTableIds: [],
      SubnetIds: [],
      Groups: [],
      PrivateDnsEnabled: endpoint.privateDns,
      RequesterManaged: false,
      CreationTimestamp: place.created,
      OwnerId: place.account,
    };
    draft.vpcEndpoints.push(deployed);
  }
}

function deployFirewall(group: Firewall, groupId: string, account: string, region: string, resolve: (text: string) => string): SecurityGroup {
  const [stack, logicalId] = logicalParts(group);
  const rules = valueOf(group.ingress, `${group.id} ingress`);
  const ingress: IpPermission[] = rules.map((rule) => {
    const sources = rule.sources.map(resolve);
    const cidrs = sources.filter((s) => s.includes('/') && !s.startsWith('sg-'));
    return {
      IpProtocol: rule.protocol === 'all' ? '-1' : rule.protocol,
      ...(rule.fromPort === null ? {} : { FromPort: rule.fromPort }),
      ...(rule.toPort === null ? {} : { ToPort: rule.toPort }),
      IpRanges: cidrs.filter((c) => !c.includes(':')).map((CidrIp) => ({ CidrIp })),
      Ipv6Ranges: cidrs.filter((c) => c.includes(':')).map((CidrIpv6) => ({ CidrIpv6 })),
      UserIdGroupPairs: sources.filter((s) => s.startsWith('sg-')).map((GroupId) => ({ GroupId, UserId: account })),
      PrefixListIds: [],
    };
  });
  return {
    GroupId: groupId,
    GroupName: `${stack}-${logicalId}`,
    Description: group.name,
    VpcId: group.networkId === null ? undefined : resolve(group.networkId),
    OwnerId: account,
    SecurityGroupArn: `arn:aws:ec2:${region}:${account}:security-group/${groupId}`,
    IpPermissions: ingress,
    IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], UserIdGroupPairs: [], Ipv6Ranges: [], PrefixListIds: [] }],
    Tags: [
      { Key: 'aws:cloudformation:stack-name', Value: stack },
      { Key: 'aws:cloudformation:logical-id', Value: logicalId },
    ],
  };
}

interface Resolvers {
  readonly required: (id: string | null, what: string) => string;
  readonly resolve: (text: string) => string;
  readonly subnetOf: (logicalId: string) => string;
  readonly bucketName: (id: string) => string;
}

/** One endpoint with its config and one model per deployment (single container each), and its monitoring schedules. */
function deployEndpoint(endpoint: InferenceEndpoint, place: Place, r: Resolvers, draft: RegionDraft): void {
  const { account, region, created } = place;
  const deployments = valueOf(endpoint.deployments, `${endpoint.id} deployments`);
  const models: DescribeModelOutput[] = deployments.map((d) => {
    const images = valueOf(d.images, `${endpoint.id} ${d.name} images`);
    if (images.length !== 1) throw new DeployError(`${endpoint.id} ${d.name}: this deployer makes single-container models, the template has ${images.length} images`);
    const [image] = images;
    const uri = image.repositoryId === null ? image.uri : `${ecrRepositoryUri(region, account, r.required(image.repositoryId, 'an image').split('/').pop() ?? '')}${image.digest ? `@${image.digest}` : `:${image.tag ?? 'latest'}`}`;
    const stores = valueOf(d.artifactStoreIds, `${endpoint.id} ${d.name} artifacts`);
    const network = valueOf(d.network, `${endpoint.id} ${d.name} network`);
    const identity = valueOf(d.identityId, `${endpoint.id} ${d.name} identity`);
    const modelName = `${endpoint.name}-${d.name}-model`;
    return {
      ModelName: modelName,
      ModelArn: `arn:aws:sagemaker:${region}:${account}:model/${modelName.toLowerCase()}`,
      PrimaryContainer: { Image: uri, ...(stores[0] ? { ModelDataUrl: `s3://${r.bucketName(stores[0])}/model.tar.gz` } : {}), Mode: 'SingleModel' },
      ExecutionRoleArn: identity === null ? undefined : r.required(identity, `${endpoint.id} identity`),
      VpcConfig:
        network === null || network.kind === 'provider-managed'
          ? undefined
          : { Subnets: network.subnetIds.map(r.subnetOf), SecurityGroupIds: network.firewallIds.map((id) => r.required(id, `${endpoint.id} security group`)) },
      EnableNetworkIsolation: valueOf(d.networkIsolation, `${endpoint.id} ${d.name} isolation`),
      CreationTime: created,
    };
  });
  const storageKey = valueOf(endpoint.storageKeyId, `${endpoint.id} storage key`);
  const capture = valueOf(endpoint.dataCapture, `${endpoint.id} data capture`);
  const configName = `${endpoint.name}-config`;
  const config = {
    EndpointConfigName: configName,
    EndpointConfigArn: `arn:aws:sagemaker:${region}:${account}:endpoint-config/${configName.toLowerCase()}`,
    ProductionVariants: deployments.map((d, i) => ({
      VariantName: d.name,
      ModelName: models[i].ModelName,
      InitialVariantWeight: 1,
      ...(d.compute.kind === 'serverless'
        ? { ServerlessConfig: { MemorySizeInMB: d.compute.memoryMb ?? 2048, MaxConcurrency: d.compute.maxConcurrency ?? 1 } }
        : { InstanceType: d.compute.instanceType as ProductionVariantInstanceType, InitialInstanceCount: valueOf(d.instanceCount, `${endpoint.id} ${d.name} instances`) }),
    })),
    ...(capture.enabled
      ? {
          DataCaptureConfig: {
            EnableCapture: true,
            InitialSamplingPercentage: 100,
            DestinationS3Uri: `s3://${capture.destinationStoreId ? r.bucketName(capture.destinationStoreId) : 'capture'}/data-capture`,
            ...(capture.keyId ? { KmsKeyId: r.resolve(capture.keyId) } : {}),
            CaptureOptions: [{ CaptureMode: 'Input' as const }, { CaptureMode: 'Output' as const }],
          },
        }
      : {}),
    ...(storageKey ? { KmsKeyId: r.resolve(storageKey) } : {}),
    CreationTime: created,
  };
  addEndpoint(draft, {
    model: models[0],
    endpointConfig: config,
    endpoint: describeEndpointFromConfig({
      name: endpoint.name,
      arn: r.required(endpoint.id, 'the endpoint'),
      config,
      model: (name) => models.find((m) => m.ModelName === name),
      created,
    }),
  });
  draft.models.push(...models.slice(1));
  const schedules = valueOf(endpoint.monitoringSchedules, `${endpoint.id} monitoring schedules`);
  for (let i = 0; i < schedules; i += 1) {
    draft.monitoringSchedules.push(monitoringSchedule({ account, region, name: `${endpoint.name}-monitor-${i}`.toLowerCase(), endpointName: endpoint.name, created, type: 'DataQuality' }));
  }
}
