// One account's audit: every region's SageMaker endpoints and the shared resources they use, read through
// one AuditContext (its clients, call limiter and gaps). Used for a single account and for each account
// of an organization-wide run.
import type { EndpointSummary } from '@aws-sdk/client-sagemaker';
import type { Inventory, Resource } from '../../../policies/model';
import { parseArn } from '../platform';
import { AuditContext, Canonical, forEachConcurrently, type ClientSettings, type ProgressListener } from './context';
import { NetworkReader } from './ec2';
import { RepositoryReader, type RepositoryReference } from './ecr';
import { completeEndpoint, endpointDraft, endpointReferences, type EndpointDraft, type EndpointReferences } from './endpoint-facts';
import { RoleReader } from './iam';
import { KeyReader } from './kms';
import { BucketReader } from './s3';
import { SageMakerReader, type EndpointRecord } from './sagemaker';

/**
 * Endpoints being read at once, per call slot: each has one call in flight or queued at a time, so a few
 * per slot keep every slot busy. Bounding them (rather than describing every listed endpoint at once)
 * keeps only that many raw descriptions alive: each endpoint's facts are built as soon as it is read.
 */
const ENDPOINTS_IN_PROGRESS_PER_CALL = 4;

/** Reads one account's regions with these client settings, at most `concurrency` calls in flight. */
export async function auditAccount(settings: ClientSettings, regions: readonly string[], concurrency: number, onProgress?: ProgressListener): Promise<Inventory> {
  const ctx = new AuditContext(settings, concurrency, onProgress);
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
