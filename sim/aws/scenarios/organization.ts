// An AWS Organization for organization-wide audits: a management account that holds nothing but the
// organization, and member accounts that each hold their own endpoints in several regions, made of the
// same builders as the demo and bench scenarios. Deterministic: the same options give the same scenario.
//
// Who is what (member i = 0 .. members-1, account `memberAccountId(i)`):
//   - the last `suspended` members are SUSPENDED (Status and State); their auditor role exists but
//     AssumeRole into a suspended account is denied;
//   - the `withoutAuditorRole` members before them have no `InferguardAuditor` role: AssumeRole is
//     AccessDenied, so an audit reports the account as a gap;
//   - every other member is ACTIVE with the auditor role, trusting the management account (and requiring
//     `sts:ExternalId` when `externalId` is given).
//   OUs: the root holds the management account and members i % 3 == 0; OU `Workloads` holds i % 3 == 1;
//   OU `Production`, nested under `Workloads`, holds i % 3 == 2; OU `Sandbox` (under the root) is empty.
//
// In each of the member's regions, endpoint j = 0 .. endpointsPerRegion-1 is:
//   - j even, `secure-<j>`: 2x ml.m5.xlarge in a VPC with SageMaker interface endpoints and ingress only
//     from a client security group, network isolation, a rotating customer key on the volume and data
//     capture, image pinned by digest in a scanned immutable KMS-encrypted repository, a least-privilege
//     role of its own, a private TLS-only SSE-KMS versioned and logged bucket, a monitoring schedule:
//     it passes every endpoint control the demo's `fraud-detector` passes;
//   - j odd, `legacy-<j>`: 1x ml.m5.large outside any VPC, no isolation, no volume key, no data capture,
//     image `:latest` from a mutable unscanned repository, the shared `legacy-execution` role with
//     AmazonSageMakerFullAccess, a bucket without public access block or TLS policy, no monitoring:
//     it fails what the demo's `legacy-recommender` fails.
// test/sim/aws/organization.test.ts audits the scenario and checks these verdicts.
import type { AwsRegionScenario, AwsScenario, IamRoleSeed, OrganizationAccountSeed, OrganizationalUnitSeed, S3BucketSeed } from '../scenario';
import { iamArn, kmsKeyArn } from '../ids';
import {
  accessLogBucket,
  addEndpoint,
  executionRole,
  freeze,
  iamUniqueId,
  imageByDigest,
  imageByTag,
  interfaceEndpoint,
  kmsEncryptedBucket,
  kmsKey,
  leastPrivilegePolicy,
  monitoringSchedule,
  network,
  regionDraft,
  repository,
  sagemakerEndpoint,
  securityGroup,
  tcpIngress,
  uuidFrom,
} from './builders';

/** The read-only role an organization-wide audit assumes in each member. */
export const ORGANIZATION_AUDITOR_ROLE = 'InferguardAuditor';
export const ORGANIZATION_MANAGEMENT_ACCOUNT = '100000000001';
export const ORGANIZATION_ID = 'o-inferguard01';
export const ORGANIZATION_ROOT_ID = 'r-ig01';
export const ORGANIZATION_UNITS = {
  workloads: 'ou-ig01-workload',
  production: 'ou-ig01-producti',
  sandbox: 'ou-ig01-sandboxx',
} as const;

export interface OrganizationScenarioOptions {
  /** Member accounts (the management account comes on top); 6 when absent. */
  readonly members?: number;
  /** Regions each member holds endpoints in; us-east-1 and eu-west-1 when absent. */
  readonly regions?: readonly string[];
  /** Endpoints per member and region, alternating secure and legacy; 2 when absent. */
  readonly endpointsPerRegion?: number;
  /** How many members (the last ones) are SUSPENDED; 1 when absent. */
  readonly suspended?: number;
  /** How many members (just before the suspended ones) lack the auditor role; 1 when absent. */
  readonly withoutAuditorRole?: number;
  /** When given, every auditor role's trust policy requires this `sts:ExternalId`. */
  readonly externalId?: string;
  /** The auditor role's name; ORGANIZATION_AUDITOR_ROLE when absent. */
  readonly auditorRole?: string;
}

export type MemberKind = 'audited' | 'no-auditor-role' | 'suspended';

export interface MemberPlan {
  readonly index: number;
  readonly account: string;
  readonly kind: MemberKind;
  readonly parentId: string;
}

const CREATED = new Date('2025-03-01T00:00:00Z');

export function memberAccountId(index: number): string {
  return String(210_000_000_000 + index + 1);
}

function count(value: number | undefined, fallback: number, name: string, min: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < min) throw new Error(`organizationScenario: ${name} must be a whole number of at least ${min}, not ${String(value)}.`);
  return n;
}

/** Each member's account id, what it is for an audit, and where it sits in the OU tree. */
export function planMembers(options: OrganizationScenarioOptions = {}): MemberPlan[] {
  const members = count(options.members, 6, 'members', 0);
  const suspended = count(options.suspended, Math.min(1, members), 'suspended', 0);
  const withoutRole = count(options.withoutAuditorRole, Math.min(1, members - suspended), 'withoutAuditorRole', 0);
  if (suspended + withoutRole > members) throw new Error(`organizationScenario: suspended (${suspended}) + withoutAuditorRole (${withoutRole}) exceed members (${members}).`);
  const parents = [ORGANIZATION_ROOT_ID, ORGANIZATION_UNITS.workloads, ORGANIZATION_UNITS.production];
  return Array.from({ length: members }, (_, index) => ({
    index,
    account: memberAccountId(index),
    kind: index >= members - suspended ? 'suspended' : index >= members - suspended - withoutRole ? 'no-auditor-role' : 'audited',
    parentId: parents[index % 3],
  }));
}

export function auditorTrustPolicy(managementAccount: string, externalId: string | undefined): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'InferguardAuditFromManagement',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${managementAccount}:root` },
        Action: 'sts:AssumeRole',
        ...(externalId === undefined ? {} : { Condition: { StringEquals: { 'sts:ExternalId': externalId } } }),
      },
    ],
  });
}

function auditorRole(account: string, name: string, externalId: string | undefined): IamRoleSeed {
  return {
    role: {
      Path: '/',
      RoleName: name,
      RoleId: iamUniqueId('AROA', `role:${account}:${name}`),
      Arn: iamArn(account, 'role', '/', name),
      CreateDate: CREATED,
      AssumeRolePolicyDocument: auditorTrustPolicy(ORGANIZATION_MANAGEMENT_ACCOUNT, externalId),
      Description: 'inferguard organization audit: read-only',
      MaxSessionDuration: 3600,
    },
    inlinePolicies: {
      'inferguard-read-only': JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'ReadInferenceConfiguration',
            Effect: 'Allow',
            Action: ['sagemaker:Describe*', 'sagemaker:List*', 'kms:Describe*', 'kms:Get*', 'kms:List*', 'iam:Get*', 'iam:List*', 'ec2:Describe*', 's3:GetBucket*', 's3:GetEncryptionConfiguration', 's3:ListAllMyBuckets', 'ecr:Describe*', 'ecr:GetRepositoryPolicy'],
            Resource: '*',
          },
        ],
      }),
    },
    attachedPolicyArns: [],
  };
}

interface MemberRegion {
  readonly region: AwsRegionScenario;
  readonly roles: IamRoleSeed[];
  readonly buckets: S3BucketSeed[];
}

function memberRegion(account: string, region: string, endpoints: number): MemberRegion {
  const draft = regionDraft();
  const keyId = uuidFrom(`${account}:${region}:ml-key`);
  const keyArn = kmsKeyArn(region, account, keyId);
  const modelsBucket = `models-${region}-${account}`;
  const legacyBucket = `legacy-${region}-${account}`;
  const logsBucket = `access-logs-${region}-${account}`;
  const secureNames = Array.from({ length: endpoints }, (_, j) => j).filter((j) => j % 2 === 0).map((j) => `secure-${j}`);
  const useKey = { Sid: 'AllowSageMakerExecutionRoles', Effect: 'Allow', Principal: { AWS: secureNames.map((n) => `arn:aws:iam::${account}:role/${n}-${region}-execution`) }, Action: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:CreateGrant'], Resource: '*' };
  draft.keys.push(kmsKey({ account, region, keyId, description: `ml key ${region}`, created: CREATED, rotationPeriodInDays: 365, aliases: ['alias/ml'], extraStatements: secureNames.length > 0 ? [useKey] : [] }));

  const net = network({ account, region, label: `${account}:inference`, cidr: '10.20.0.0/16', subnetCidrs: ['10.20.1.0/24', '10.20.2.0/24'] });
  draft.vpcs.push(net.vpc);
  draft.subnets.push(...net.subnets);
  const vpcId = net.vpc.VpcId ?? '';
  const subnetIds = net.subnets.map((s) => s.SubnetId ?? '');
  const clients = securityGroup({ account, region, vpcId, name: 'inference-clients', description: 'Applications allowed to call the endpoints', ingress: [] });
  const endpointsGroup = securityGroup({ account, region, vpcId, name: 'inference-endpoints', description: 'HTTPS from inference-clients only', ingress: [tcpIngress(443, { groupId: clients.GroupId ?? '', account })] });
  draft.securityGroups.push(clients, endpointsGroup);
  for (const service of ['sagemaker.api', 'sagemaker.runtime']) {
    draft.vpcEndpoints.push(interfaceEndpoint({ account, region, vpcId, service, subnetIds, groups: [endpointsGroup], privateDns: true, created: CREATED }));
  }
  draft.repositories.push(
    repository({ account, region, name: 'secure-models', created: CREATED, scanOnPush: true, immutable: true, kmsKeyArn: keyArn }),
    repository({ account, region, name: 'legacy-models', created: CREATED, scanOnPush: false, immutable: false }),
  );
  const roles: IamRoleSeed[] = [];
  for (let j = 0; j < endpoints; j += 1) {
    const secure = j % 2 === 0;
    const name = secure ? `secure-${j}` : `legacy-${j}`;
    if (secure) {
      const roleName = `${name}-${region}-execution`;
      roles.push(
        executionRole({
          account,
          name: roleName,
          created: CREATED,
          inlinePolicies: { 'least-privilege': leastPrivilegePolicy({ account, region, endpointName: name, bucket: modelsBucket, prefix: `${name}/`, keyArn, repository: 'secure-models' }) },
        }),
      );
      addEndpoint(
        draft,
        sagemakerEndpoint({
          account,
          region,
          name,
          created: CREATED,
          image: imageByDigest(account, region, 'secure-models', `${name}-1`),
          modelDataUrl: `s3://${modelsBucket}/${name}/model.tar.gz`,
          roleArn: iamArn(account, 'role', '/', roleName),
          instance: { type: 'ml.m5.xlarge', count: 2 },
          vpc: { subnets: subnetIds, securityGroupIds: [endpointsGroup.GroupId ?? ''] },
          networkIsolation: true,
          kmsKeyId: keyArn,
          dataCapture: { destinationS3Uri: `s3://${modelsBucket}/${name}/data-capture`, kmsKeyId: keyArn, samplingPercentage: 20 },
        }),
      );
      draft.monitoringSchedules.push(monitoringSchedule({ account, region, name: `${name}-data-quality`, endpointName: name, created: CREATED, type: 'DataQuality' }));
    } else {
      addEndpoint(
        draft,
        sagemakerEndpoint({
          account,
          region,
          name,
          created: CREATED,
          image: imageByTag(account, region, 'legacy-models', 'latest'),
          modelDataUrl: `s3://${legacyBucket}/${name}/model.tar.gz`,
          roleArn: iamArn(account, 'role', '/', 'legacy-execution'),
          instance: { type: 'ml.m5.large', count: 1 },
          networkIsolation: false,
        }),
      );
    }
  }
  const buckets: S3BucketSeed[] = [
    kmsEncryptedBucket(modelsBucket, region, keyArn, { bucket: logsBucket, prefix: 'models/' }),
    accessLogBucket(account, logsBucket, region),
    {
      name: legacyBucket,
      region,
      encryption: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] },
    },
  ];
  return { region: freeze(draft), roles, buckets };
}

function memberScenario(plan: MemberPlan, regions: readonly string[], endpoints: number, auditor: { readonly name: string; readonly externalId: string | undefined }): AwsScenario {
  const built = regions.map((region) => [region, memberRegion(plan.account, region, endpoints)] as const);
  const roles: IamRoleSeed[] = built.flatMap(([, r]) => r.roles);
  roles.push(executionRole({ account: plan.account, name: 'legacy-execution', created: CREATED, attachedPolicyArns: ['arn:aws:iam::aws:policy/AmazonSageMakerFullAccess'] }));
  if (plan.kind !== 'no-auditor-role') roles.push(auditorRole(plan.account, auditor.name, auditor.externalId));
  return {
    account: plan.account,
    regions: Object.fromEntries(built.map(([region, r]) => [region, r.region])),
    iam: { roles, managedPolicies: [] },
    s3: { buckets: built.flatMap(([, r]) => r.buckets) },
  };
}

export function organizationScenario(options: OrganizationScenarioOptions = {}): AwsScenario {
  const regions = options.regions ?? ['us-east-1', 'eu-west-1'];
  if (regions.length === 0) throw new Error('organizationScenario: regions must name at least one region.');
  const endpoints = count(options.endpointsPerRegion, 2, 'endpointsPerRegion', 0);
  const auditor = { name: options.auditorRole ?? ORGANIZATION_AUDITOR_ROLE, externalId: options.externalId };
  const members: OrganizationAccountSeed[] = planMembers(options).map((plan) => ({
    scenario: memberScenario(plan, regions, endpoints, auditor),
    name: `member-${String(plan.index + 1).padStart(3, '0')}`,
    email: `aws+member-${String(plan.index + 1).padStart(3, '0')}@example.com`,
    state: plan.kind === 'suspended' ? 'SUSPENDED' : 'ACTIVE',
    parentId: plan.parentId,
    joinedMethod: plan.index % 2 === 0 ? 'CREATED' : 'INVITED',
    joinedTimestamp: new Date(CREATED.getTime() + plan.index * 86_400_000),
  }));
  const organizationalUnits: OrganizationalUnitSeed[] = [
    { id: ORGANIZATION_UNITS.workloads, name: 'Workloads', parentId: ORGANIZATION_ROOT_ID },
    { id: ORGANIZATION_UNITS.production, name: 'Production', parentId: ORGANIZATION_UNITS.workloads },
    { id: ORGANIZATION_UNITS.sandbox, name: 'Sandbox', parentId: ORGANIZATION_ROOT_ID },
  ];
  return {
    account: ORGANIZATION_MANAGEMENT_ACCOUNT,
    callerArn: `arn:aws:iam::${ORGANIZATION_MANAGEMENT_ACCOUNT}:user/inferguard-auditor`,
    regions: {},
    iam: { roles: [], managedPolicies: [] },
    s3: { buckets: [] },
    organization: {
      id: ORGANIZATION_ID,
      rootId: ORGANIZATION_ROOT_ID,
      management: { name: 'management', email: 'aws+management@example.com' },
      organizationalUnits,
      members,
    },
  };
}

export const organizationDescription = (options: OrganizationScenarioOptions): string => {
  const plans = planMembers(options);
  const of = (kind: MemberKind) => plans.filter((p) => p.kind === kind).map((p) => p.account);
  return [
    `An AWS Organization ${ORGANIZATION_ID}: management account ${ORGANIZATION_MANAGEMENT_ACCOUNT} (base credentials; lists the organization) and ${plans.length} members`,
    `in OUs Workloads, Workloads/Production and the root, each with ${options.endpointsPerRegion ?? 2} endpoints (secure-N compliant, legacy-N not) in ${(options.regions ?? ['us-east-1', 'eu-west-1']).join(' and ')}.`,
    `Audit with role ${ORGANIZATION_AUDITOR_ROLE}: ${of('audited').join(', ')} are audited; ${of('no-auditor-role').join(', ') || 'none'} lack the role (a gap);`,
    `${of('suspended').join(', ') || 'none'} suspended.`,
  ].join(' ');
};
