// Live AWS inventory: read-only SDK reads of SageMaker endpoints and everything they use, stated as
// the provider-neutral model. Per-resource failures become Unknown facts plus coverage gaps; nothing
// here throws for them.
import { SageMakerClient, type EndpointSummary } from '@aws-sdk/client-sagemaker';
import type { Inventory, Resource } from '../../../policies/model';
import { parseArn } from '../platform';
import { DEFAULT_SESSION_NAME, assumeRoleProblem, assumedRoleCredentials } from './assume-role';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../collect/context';
import { AuditContext, Canonical, describeAwsFailure, forEachConcurrently, type ProgressListener } from './context';
import { NetworkReader } from './ec2';
import { RepositoryReader, type RepositoryReference } from './ecr';
import { completeEndpoint, endpointDraft, endpointReferences, type EndpointDraft, type EndpointReferences } from './endpoint-facts';
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
  /** Audit as this role (sts:AssumeRole with the profile's or the chain's credentials). */
  assumeRole?: { roleArn: string; externalId?: string; sessionName?: string };
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

/** The role given with --role-arn could not be assumed: nothing can be read. */
export class AssumeRoleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssumeRoleError';
  }
}

const DEFAULT_CONCURRENCY = 16;
const DEFAULT_MAX_ATTEMPTS = 5;
/**
 * Endpoints being read at once, per call slot: each has one call in flight or queued at a time, so a few
 * per slot keep every slot busy. Bounding them (rather than describing every listed endpoint at once)
 * keeps only that many raw descriptions alive: each endpoint's facts are built as soon as it is read.
 */
const ENDPOINTS_IN_PROGRESS_PER_CALL = 4;

export async function collectAwsInventory(options: AwsAuditOptions): Promise<Inventory> {
  const concurrency = positiveInteger(options.concurrency ?? DEFAULT_CONCURRENCY, 'concurrency');
  const maxAttempts = positiveInteger(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, 'maxAttempts');
  if (options.requestTimeoutMs !== undefined) positiveInteger(options.requestTimeoutMs, 'requestTimeoutMs');
  if (options.endpointUrl !== undefined) endpointUrl(options.endpointUrl);
  const regions = options.regions.length > 0 ? [...new Set(options.regions)] : [await defaultRegion(options.profile)];

  const sessionName = options.assumeRole?.sessionName ?? DEFAULT_SESSION_NAME;
  const problem = options.assumeRole && assumeRoleProblem({ ...options.assumeRole, sessionName });
  if (problem) throw new AwsAuditOptionsError(problem);
  const assumed = options.assumeRole
    ? assumedRoleCredentials({
        ...options.assumeRole,
        sessionName,
        region: regions[0],
        ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
        ...(options.profile ? { profile: options.profile } : {}),
        requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      })
    : undefined;
  const ctx = new AuditContext(
    {
      maxAttempts,
      ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
      ...(options.profile ? { profile: options.profile } : {}),
      ...(assumed ? { credentials: assumed.provider } : {}),
      ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    },
    concurrency,
    options.onProgress,
  );
  try {
    // A role that cannot be assumed ends the run with the reason, not with one gap per call.
    if (assumed) await assumed.provider().catch((error: unknown) => {
      const { code, message } = describeAwsFailure(error);
      throw new AssumeRoleError(
        `could not assume ${options.assumeRole!.roleArn} (${code}: ${message}). The caller needs sts:AssumeRole on the role, and the role's trust policy must allow the caller${options.assumeRole!.externalId === undefined ? '' : ' with this external id'}`,
      );
    });
    return await audit(ctx, regions);
  } finally {
    ctx.destroy();
    assumed?.destroy();
  }
}

async function audit(ctx: AuditContext, regions: readonly string[]): Promise<Inventory> {
  const sagemaker = new SageMakerReader(ctx);
  const keys = new KeyReader(ctx);
  const roles = new RoleReader(ctx, regions[0]);
  const buckets = new BucketReader(ctx, keys);
  const repositories = new RepositoryReader(ctx, keys);
  const networks = new NetworkReader(ctx);
  const canonical = new Canonical();

  /** The region's endpoints in listing order, counted for progress as each page arrives. */
  async function* listedEndpoints(region: string): AsyncGenerator<{ summary: EndpointSummary; index: number }, void, undefined> {
    let index = 0;
    for await (const page of sagemaker.endpointPages(region)) {
      ctx.expect('endpoints', page.length, region);
      for (const summary of page) yield { summary, index: index++ };
    }
  }

  // Roles and buckets (and the keys they name) are read as soon as an endpoint names them, once each,
  // while other endpoints are still being described.
  const startSharedReads = (record: EndpointRecord): EndpointReferences => {
    const references = endpointReferences(record);
    for (const arn of references.roleArns) void roles.read(arn);
    for (const name of references.bucketNames) void buckets.read(name, record.region, accountOf(record));
    return references;
  };

  const perRegion = await Promise.all(
    regions.map(async (region) => {
      // Monitoring schedules: one listing per region, grouped by endpoint; read while endpoints are.
      const schedules = sagemaker.monitoringSchedules(region);
      const drafts: EndpointDraft[] = [];
      const securityGroupIds = new Set<string>();
      const repositoryReferences = new Map<string, RepositoryReference>();
      await forEachConcurrently(listedEndpoints(region), ctx.concurrency * ENDPOINTS_IN_PROGRESS_PER_CALL, async ({ summary, index }) => {
        const record = await sagemaker.readEndpoint(region, summary);
        ctx.advance('endpoints', region);
        const references = startSharedReads(record);
        for (const id of references.securityGroupIds) securityGroupIds.add(id);
        for (const reference of sameAccountRepositories(references.images, accountOf(record))) repositoryReferences.set(reference.id, reference);
        drafts[index] = await endpointDraft(record, {
          resolveKey: (reference, cause) => keys.resolve(reference, { region, account: accountOf(record) }, cause),
          canonical,
        });
      });
      // Repositories, security groups and VPC endpoints: batched reads per region for all the endpoints use.
      // Sorted: endpoints finish in no fixed order, and the batches should not depend on it.
      repositories.request([...repositoryReferences.values()].sort((a, b) => a.id.localeCompare(b.id)));
      const account = drafts.find((d) => d.account)?.account ?? '';
      const regionNetworks = await networks.readRegion(region, account, [...securityGroupIds]);
      const regionReads = { schedules: await schedules, vpcOfGroup: (groupId: string) => regionNetworks.vpcOfGroup.get(groupId) ?? null };
      const endpoints = drafts.map((draft) => completeEndpoint(draft, regionReads, canonical));
      return { endpoints, regionNetworks, accounts: endpoints.flatMap((e) => (e.account ? [e.account] : [])) };
    }),
  );

  const [identities, stores, repos] = await Promise.all([roles.resources(), buckets.resources(), repositories.resources()]);
  const encryptionKeys = await keys.resources();
  const resources: Resource[] = [
    ...perRegion.flatMap((r) => r.endpoints),
    ...byId(encryptionKeys),
    ...byId(identities),
    ...byId(stores),
    ...byId(repos),
    ...byId(perRegion.flatMap((r) => r.regionNetworks.networks)),
    ...byId(perRegion.flatMap((r) => r.regionNetworks.firewalls)),
  ];
  return {
    provider: 'aws',
    source: 'live',
    scope: { accounts: unique(perRegion.flatMap((r) => r.accounts)), regions: [...regions] },
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

function endpointUrl(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AwsAuditOptionsError(`endpointUrl must be an absolute http(s) URL such as http://127.0.0.1:4566, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AwsAuditOptionsError(`endpointUrl must use http or https, got "${value}"`);
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
