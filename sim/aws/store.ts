// The simulator's one in-memory store: built from an AwsScenario, read and written by every operation.
import type { DescribeEndpointConfigOutput, DescribeEndpointOutput, DescribeModelOutput, MonitoringScheduleSummary } from '@aws-sdk/client-sagemaker';
import type { AliasListEntry, KeyMetadata } from '@aws-sdk/client-kms';
import type { Policy, Role } from '@aws-sdk/client-iam';
import type { SecurityGroup, Subnet, Vpc, VpcEndpoint } from '@aws-sdk/client-ec2';
import type { BucketVersioningStatus, LoggingEnabled, PublicAccessBlockConfiguration, ServerSideEncryptionConfiguration } from '@aws-sdk/client-s3';
import type { Repository } from '@aws-sdk/client-ecr';
import type { AwsRegionScenario, AwsScenario, IamManagedPolicySeed } from './scenario';
import { awsManagedPolicies } from './scenarios/aws-managed-policies';

export interface KmsKeyState {
  metadata: KeyMetadata;
  rotationEnabled: boolean;
  rotationPeriodInDays?: number;
  policy: string;
}

export interface EcrRepositoryState {
  repository: Repository;
  policy?: string;
}

export interface RegionState {
  readonly sagemaker: {
    readonly endpoints: Map<string, DescribeEndpointOutput>;
    readonly endpointConfigs: Map<string, DescribeEndpointConfigOutput>;
    readonly models: Map<string, DescribeModelOutput>;
    readonly monitoringSchedules: Map<string, MonitoringScheduleSummary>;
  };
  readonly kms: { readonly keys: Map<string, KmsKeyState>; readonly aliases: Map<string, AliasListEntry> };
  readonly ec2: {
    readonly vpcs: Map<string, Vpc>;
    readonly subnets: Map<string, Subnet>;
    readonly securityGroups: Map<string, SecurityGroup>;
    readonly vpcEndpoints: Map<string, VpcEndpoint>;
  };
  readonly ecr: { readonly repositories: Map<string, EcrRepositoryState> };
}

export interface IamRoleState {
  role: Role;
  readonly inlinePolicies: Map<string, string>;
  readonly attachedPolicyArns: string[];
}

export interface IamPolicyVersionState {
  readonly versionId: string;
  readonly document: string;
  readonly createDate: Date;
}

export interface IamPolicyState {
  policy: Policy;
  readonly versions: Map<string, IamPolicyVersionState>;
}

export interface S3BucketState {
  readonly name: string;
  readonly region: string;
  readonly creationDate: Date;
  publicAccessBlock?: PublicAccessBlockConfiguration;
  policy?: string;
  encryption?: ServerSideEncryptionConfiguration;
  versioning?: BucketVersioningStatus;
  mfaDelete?: 'Enabled' | 'Disabled';
  logging?: LoggingEnabled;
}

/** When a seed does not say when something was created. */
export const SEED_DATE = new Date('2025-01-15T10:00:00Z');

/** Copies seeds into a map by their name or id; a seed without one is skipped. */
function copyInto<T>(target: Map<string, T>, items: readonly T[], key: (item: T) => string | undefined): void {
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) target.set(k, structuredClone(item));
  }
}

function emptyRegion(): RegionState {
  return {
    sagemaker: { endpoints: new Map(), endpointConfigs: new Map(), models: new Map(), monitoringSchedules: new Map() },
    kms: { keys: new Map(), aliases: new Map() },
    ec2: { vpcs: new Map(), subnets: new Map(), securityGroups: new Map(), vpcEndpoints: new Map() },
    ecr: { repositories: new Map() },
  };
}

function regionFromSeed(name: string, account: string, seed: AwsRegionScenario): RegionState {
  const state = emptyRegion();
  const sm = seed.sagemaker;
  copyInto(state.sagemaker.endpoints, sm.endpoints, (e) => e.EndpointName);
  copyInto(state.sagemaker.endpointConfigs, sm.endpointConfigs, (c) => c.EndpointConfigName);
  copyInto(state.sagemaker.models, sm.models, (m) => m.ModelName);
  copyInto(state.sagemaker.monitoringSchedules, sm.monitoringSchedules, (s) => s.MonitoringScheduleName);
  for (const key of seed.kms.keys) {
    const keyId = key.metadata.KeyId;
    if (keyId === undefined) continue;
    state.kms.keys.set(keyId, {
      metadata: structuredClone(key.metadata),
      rotationEnabled: key.rotationEnabled,
      rotationPeriodInDays: key.rotationEnabled ? (key.rotationPeriodInDays ?? 365) : key.rotationPeriodInDays,
      policy: key.policy,
    });
    for (const alias of key.aliases ?? []) {
      const created = key.metadata.CreationDate ?? SEED_DATE;
      state.kms.aliases.set(alias, {
        AliasName: alias,
        AliasArn: `arn:aws:kms:${name}:${account}:${alias}`,
        TargetKeyId: keyId,
        CreationDate: created,
        LastUpdatedDate: created,
      });
    }
  }
  copyInto(state.ec2.vpcEndpoints, seed.ec2.vpcEndpoints, (e) => e.VpcEndpointId);
  copyInto(state.ec2.securityGroups, seed.ec2.securityGroups, (g) => g.GroupId);
  copyInto(state.ec2.vpcs, seed.ec2.vpcs ?? [], (v) => v.VpcId);
  copyInto(state.ec2.subnets, seed.ec2.subnets ?? [], (s) => s.SubnetId);
  registerReferencedNetworks(state, account);
  for (const repo of seed.ecr.repositories) {
    const repoName = repo.repository.repositoryName;
    if (repoName !== undefined) state.ecr.repositories.set(repoName, { repository: structuredClone(repo.repository), policy: repo.policy });
  }
  return state;
}

/** VPCs and subnets that seeds reference exist, so writes that name them succeed as they would in the account. */
function registerReferencedNetworks(state: RegionState, account: string): void {
  const vpcIds = new Set<string>();
  const subnets = new Map<string, string | undefined>();
  for (const sg of state.ec2.securityGroups.values()) if (sg.VpcId) vpcIds.add(sg.VpcId);
  for (const ep of state.ec2.vpcEndpoints.values()) {
    if (ep.VpcId) vpcIds.add(ep.VpcId);
    for (const subnet of ep.SubnetIds ?? []) subnets.set(subnet, ep.VpcId);
  }
  for (const model of state.sagemaker.models.values()) for (const subnet of model.VpcConfig?.Subnets ?? []) if (!subnets.has(subnet)) subnets.set(subnet, undefined);
  for (const vpcId of vpcIds) {
    if (!state.ec2.vpcs.has(vpcId)) state.ec2.vpcs.set(vpcId, { VpcId: vpcId, State: 'available', OwnerId: account, IsDefault: false });
  }
  for (const [subnetId, vpcId] of subnets) {
    if (!state.ec2.subnets.has(subnetId)) state.ec2.subnets.set(subnetId, { SubnetId: subnetId, VpcId: vpcId, State: 'available', OwnerId: account });
  }
}

function policyState(seed: IamManagedPolicySeed): IamPolicyState {
  const versionId = seed.policy.DefaultVersionId ?? 'v1';
  const createDate = seed.policy.UpdateDate ?? seed.policy.CreateDate ?? SEED_DATE;
  return {
    policy: structuredClone({ ...seed.policy, DefaultVersionId: versionId }),
    versions: new Map([[versionId, { versionId, document: seed.document, createDate }]]),
  };
}

export class AwsStore {
  readonly account: string;
  readonly callerArn: string;
  private readonly regions = new Map<string, RegionState>();
  readonly iam: { readonly roles: Map<string, IamRoleState>; readonly policies: Map<string, IamPolicyState> };
  readonly s3: { readonly buckets: Map<string, S3BucketState> };
  private revision = 0;
  private readonly memo = new Map<string, { readonly revision: number; readonly value: unknown }>();

  constructor(scenario: AwsScenario) {
    this.account = scenario.account;
    this.callerArn = scenario.callerArn ?? `arn:aws:iam::${scenario.account}:user/inferguard-auditor`;
    for (const [name, seed] of Object.entries(scenario.regions)) this.regions.set(name, regionFromSeed(name, scenario.account, seed));
    const policies = new Map<string, IamPolicyState>();
    for (const seed of [...awsManagedPolicies, ...scenario.iam.managedPolicies]) {
      if (seed.policy.Arn !== undefined) policies.set(seed.policy.Arn, policyState(seed));
    }
    const roles = new Map<string, IamRoleState>();
    for (const seed of scenario.iam.roles) {
      const roleName = seed.role.RoleName;
      if (roleName === undefined) continue;
      roles.set(roleName, {
        role: structuredClone(seed.role),
        inlinePolicies: new Map(Object.entries(seed.inlinePolicies)),
        attachedPolicyArns: [...seed.attachedPolicyArns],
      });
    }
    this.iam = { roles, policies };
    for (const role of roles.values()) {
      for (const arn of role.attachedPolicyArns) {
        const policy = policies.get(arn);
        if (policy) policy.policy = { ...policy.policy, AttachmentCount: (policy.policy.AttachmentCount ?? 0) + 1 };
      }
    }
    const buckets = new Map<string, S3BucketState>();
    for (const seed of scenario.s3.buckets) {
      buckets.set(seed.name, {
        name: seed.name,
        region: seed.region,
        creationDate: seed.creationDate ?? SEED_DATE,
        publicAccessBlock: seed.publicAccessBlock && { ...seed.publicAccessBlock },
        policy: seed.policy,
        encryption: seed.encryption && structuredClone(seed.encryption),
        versioning: seed.versioning,
        logging: seed.logging && { ...seed.logging },
      });
    }
    this.s3 = { buckets };
  }

  /** A region's state; a region the scenario does not name exists and is empty, as in a real account. */
  region(name: string): RegionState {
    let state = this.regions.get(name);
    if (state === undefined) {
      state = emptyRegion();
      this.regions.set(name, state);
    }
    return state;
  }

  /** Records that something changed, so memoized views (sorted listings) are computed again. */
  touch(): void {
    this.revision += 1;
  }

  /** Computes `value` once per revision of the store: large sorted listings are paged without re-sorting. */
  memoize<T>(key: string, compute: () => T): T {
    const hit = this.memo.get(key);
    if (hit !== undefined && hit.revision === this.revision) return hit.value as T;
    const value = compute();
    this.memo.set(key, { revision: this.revision, value });
    return value;
  }
}
