// Live AWS inventory: read-only SDK reads of SageMaker endpoints and everything they use, stated as
// the provider-neutral model. Per-resource failures become Unknown facts plus coverage gaps; nothing
// here throws for them.
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { Firewall, Inventory, Network, Resource } from '../../../policies/model';
import { parseArn } from '../platform';
import { AuditContext, type ProgressListener } from './context';
import { NetworkReader } from './ec2';
import { RepositoryReader, type RepositoryReference } from './ecr';
import { endpointFromRecord, endpointReferences } from './endpoint-facts';
import { RoleReader } from './iam';
import { KeyReader } from './kms';
import { BucketReader } from './s3';
import { SageMakerReader, type EndpointRecord } from './sagemaker';

export interface AwsAuditOptions {
  /** From --regions; when empty, the SDK's default region (AWS_REGION, then the profile's region). */
  regions: string[];
  /** --endpoint-url: every client uses it (S3 path-style). AWS_ENDPOINT_URL is honoured by the SDK itself. */
  endpointUrl?: string;
  /** AWS_PROFILE otherwise; credentials come from the SDK's standard chain. */
  profile?: string;
  /** Bounded concurrency for all calls of the run (default 16). */
  concurrency?: number;
  /** SDK retry attempts (default 5), retry mode 'adaptive'. */
  maxAttempts?: number;
  /** Per-request timeout in milliseconds. */
  requestTimeoutMs?: number;
  onProgress?: ProgressListener;
}

export class AwsAuditOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AwsAuditOptionsError';
  }
}

const DEFAULT_CONCURRENCY = 16;
const DEFAULT_MAX_ATTEMPTS = 5;

export async function collectAwsInventory(options: AwsAuditOptions): Promise<Inventory> {
  const concurrency = positiveInteger(options.concurrency ?? DEFAULT_CONCURRENCY, 'concurrency');
  const maxAttempts = positiveInteger(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, 'maxAttempts');
  if (options.requestTimeoutMs !== undefined) positiveInteger(options.requestTimeoutMs, 'requestTimeoutMs');
  const regions = options.regions.length > 0 ? [...new Set(options.regions)] : [await defaultRegion(options.profile)];

  const ctx = new AuditContext(
    { maxAttempts, ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}), ...(options.profile ? { profile: options.profile } : {}), ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}) },
    concurrency,
    options.onProgress,
  );
  try {
    return await audit(ctx, regions);
  } finally {
    ctx.destroy();
  }
}

async function audit(ctx: AuditContext, regions: readonly string[]): Promise<Inventory> {
  const sagemaker = new SageMakerReader(ctx);
  const keys = new KeyReader(ctx);
  const roles = new RoleReader(ctx, regions[0]);
  const buckets = new BucketReader(ctx, keys);
  const repositories = new RepositoryReader(ctx, keys);
  const networks = new NetworkReader(ctx);

  // 1. Endpoints, their configs and models; monitoring schedules once per region.
  const perRegion = await Promise.all(
    regions.map(async (region) => {
      const [listing, schedules] = await Promise.all([sagemaker.listEndpoints(region), sagemaker.monitoringSchedules(region)]);
      ctx.expect('endpoints', listing.endpoints.length, region);
      const records = await Promise.all(
        listing.endpoints.map(async (summary) => {
          const record = await sagemaker.readEndpoint(region, summary);
          ctx.advance('endpoints', region);
          return record;
        }),
      );
      return { region, records, schedules };
    }),
  );
  const records = perRegion.flatMap((r) => r.records);

  // 2. Shared resources, each read once: roles, buckets, repositories, security groups and VPC endpoints.
  const referenced = records.map((record) => ({ record, account: accountOf(record), references: endpointReferences(record) }));
  const rolesRead = Promise.all(unique(referenced.flatMap((r) => r.references.roleArns)).map((arn) => roles.read(arn)));
  const bucketsRead = Promise.all(referenced.flatMap((r) => r.references.bucketNames.map((name) => buckets.read(name, r.record.region, r.account))));
  const repositoriesRead = repositories.readAll(referenced.flatMap((r) => sameAccountRepositories(r.references.images, r.account)));
  const networksRead = Promise.all(
    regions.map((region) => {
      const inRegion = referenced.filter((r) => r.record.region === region);
      return networks.readRegion(region, inRegion[0]?.account ?? '', inRegion.flatMap((r) => r.references.securityGroupIds));
    }),
  );
  const regionNetworks = await networksRead;
  const vpcOfGroup = new Map(regionNetworks.flatMap((n) => [...n.vpcOfGroup]));

  // 3. Endpoint facts, resolving key references through the shared key reader.
  const endpoints = await Promise.all(
    perRegion.flatMap(({ records: regionRecords, schedules }) =>
      regionRecords.map((record) =>
        endpointFromRecord(record, schedules, {
          resolveKey: (reference, cause) => keys.resolve(reference, { region: record.region, account: accountOf(record) }, cause),
          vpcOfGroup: (groupId) => vpcOfGroup.get(groupId) ?? null,
        }),
      ),
    ),
  );
  const [identities, stores, repos] = await Promise.all([rolesRead, bucketsRead, repositoriesRead]);
  const encryptionKeys = await keys.resources();
  const firewalls: Firewall[] = regionNetworks.flatMap((n) => n.firewalls);
  const networkList: Network[] = regionNetworks.flatMap((n) => n.networks);

  const resources: Resource[] = [
    ...endpoints,
    ...byId(encryptionKeys),
    ...byId(identities),
    ...byId(stores),
    ...byId(repos),
    ...byId(networkList),
    ...byId(firewalls),
  ];
  return {
    provider: 'aws',
    source: 'live',
    scope: { accounts: unique(records.map(accountOf).filter(Boolean)), regions: [...regions] },
    resources,
    gaps: [...ctx.gaps],
  };
}

/** Only the audited account's repositories are read: another account's (e.g. AWS Deep Learning Containers) are not ours to describe. */
function sameAccountRepositories(images: readonly { repositoryId: string | null; registryAccount: string | null }[], account: string): RepositoryReference[] {
  return images.flatMap((image) => {
    if (!image.repositoryId || image.registryAccount !== account) return [];
    const arn = parseArn(image.repositoryId);
    if (!arn) return [];
    return [{ id: image.repositoryId, name: arn.resource.replace(/^repository\//, ''), region: arn.region, account: arn.account }];
  });
}

function accountOf(record: EndpointRecord): string {
  return parseArn(record.summary.EndpointArn ?? '')?.account ?? '';
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function byId<R extends { id: string }>(resources: readonly R[]): R[] {
  const seen = new Map<string, R>();
  for (const r of resources) if (!seen.has(r.id)) seen.set(r.id, r);
  return [...seen.values()].sort((a, b) => a.id.localeCompare(b.id));
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new AwsAuditOptionsError(`${name} must be a positive integer, got ${value}`);
  return value;
}

async function defaultRegion(profile: string | undefined): Promise<string> {
  const client = new SageMakerClient(profile ? { profile } : {});
  try {
    const region = await client.config.region();
    if (region) return region;
  } catch {
    // fall through to the message below
  } finally {
    client.destroy();
  }
  throw new AwsAuditOptionsError('No AWS region: pass --regions (e.g. --regions us-east-1,eu-west-1), set AWS_REGION, or set a region in your AWS profile.');
}
