// ECR repositories the models' images live in: one DescribeRepositories per region for all of them
// (chunks of 100 names), then GetRepositoryPolicy per repository.
import { DescribeRepositoriesCommand, GetRepositoryPolicyCommand, type Repository } from '@aws-sdk/client-ecr';
import { evidence, known, unknown, type Fact, type ImageRepository } from '../../../policies/model';
import { parsePolicyDocument, PolicyDocumentError } from '../platform';
import { chunk, Once, type AuditContext, type Read } from './context';
import { shaped } from './shapes';
import type { KeyReader } from './kms';

export interface RepositoryReference {
  /** The repository ARN, as parseImageUri names it. */
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly account: string;
}

const DESCRIBE = 'ecr:DescribeRepositories';
const NOT_FOUND = 'RepositoryNotFoundException';
/** DescribeRepositories accepts at most 100 repository names per request. */
const NAMES_PER_REQUEST = 100;

export class RepositoryReader {
  private readonly repositories = new Once<ImageRepository>();

  constructor(
    private readonly ctx: AuditContext,
    private readonly keys: KeyReader,
  ) {}

  /**
   * Starts reading every referenced repository not requested before, batching DescribeRepositories
   * per region and account. Call it as references turn up; `resources()` waits for all of them.
   */
  request(references: readonly RepositoryReference[]): void {
    const fresh = [...new Map(references.filter((r) => !this.repositories.has(r.id)).map((r) => [r.id, r])).values()];
    if (fresh.length === 0) return;
    this.ctx.expect('shared', fresh.length);
    const groups = new Map<string, RepositoryReference[]>();
    for (const r of fresh) groups.set(`${r.region}|${r.account}`, [...(groups.get(`${r.region}|${r.account}`) ?? []), r]);
    for (const group of groups.values()) {
      for (const batch of chunk(group, NAMES_PER_REQUEST)) {
        const described = this.describe(batch);
        for (const reference of batch) {
          void this.repositories.get(reference.id, async () => {
            const read = (await described).get(reference.id) ?? { status: 'absent', errorCode: NOT_FOUND };
            const repository = await this.toResource(reference, read);
            this.ctx.advance('shared');
            return repository;
          });
        }
      }
    }
  }

  resources(): Promise<ImageRepository[]> {
    return this.repositories.all();
  }

  /** One request for the batch; when a name in it does not exist ECR fails the whole request, so each is then asked alone. */
  private async describe(batch: readonly RepositoryReference[]): Promise<Map<string, Read<Repository>>> {
    const { region, account } = batch[0];
    const send = (names: string[]) => async () =>
      shaped('ecr:DescribeRepositories', await this.ctx.ecr(region).send(new DescribeRepositoriesCommand({ registryId: account, repositoryNames: names })));
    const results = new Map<string, Read<Repository>>();
    const site = { service: 'ecr', operation: 'DescribeRepositories', region, resourceId: batch.length === 1 ? batch[0].id : `${batch.length} repositories` };
    const read = await this.ctx.call(site, send(batch.map((r) => r.name)), batch.length > 1 ? [NOT_FOUND] : []);
    if (read.status === 'absent') {
      const singles = await Promise.all(batch.map((r) => this.describe([r])));
      for (const single of singles) for (const [id, result] of single) results.set(id, result);
      return results;
    }
    for (const reference of batch) {
      if (read.status === 'failed') {
        results.set(reference.id, read);
        continue;
      }
      const repository = read.value.repositories.find((r: Repository) => r.repositoryName === reference.name);
      results.set(
        reference.id,
        repository ? { status: 'ok', value: repository } : this.ctx.fail({ ...site, resourceId: reference.id }, NOT_FOUND, `DescribeRepositories did not return ${reference.name}`),
      );
    }
    return results;
  }

  private async toResource(reference: RepositoryReference, read: Read<Repository>): Promise<ImageRepository> {
    const base = { kind: 'image-repository' as const, id: reference.id, name: reference.name, provider: 'aws' as const, region: reference.region, account: reference.account };
    if (read.status !== 'ok') {
      const why = unknown(read.status === 'failed' ? read.reason : `repository ${reference.name} not found`, evidence(DESCRIBE, 'repositories', null));
      return { ...base, scanOnPush: why, tagsImmutable: why, encryptionKeyId: why, policy: why };
    }
    const repository = read.value;
    const scan = repository.imageScanningConfiguration?.scanOnPush;
    const scanEvidence = evidence(DESCRIBE, 'imageScanningConfiguration.scanOnPush', scan ?? null);
    const mutability = repository.imageTagMutability;
    const mutabilityEvidence = evidence(DESCRIBE, 'imageTagMutability', mutability ?? null);
    const [encryptionKeyId, policy] = await Promise.all([this.encryptionKey(reference, repository), this.policy(reference)]);
    return {
      ...base,
      scanOnPush: typeof scan === 'boolean' ? known(scan, scanEvidence) : known(false, scanEvidence),
      // IMMUTABLE_WITH_EXCLUSION leaves some tags mutable: only IMMUTABLE counts.
      tagsImmutable: mutability ? known(mutability === 'IMMUTABLE', mutabilityEvidence) : unknown('DescribeRepositories returned no imageTagMutability', mutabilityEvidence),
      encryptionKeyId,
      policy,
    };
  }

  private async encryptionKey(reference: RepositoryReference, repository: Repository): Promise<Fact<string | null>> {
    const config = repository.encryptionConfiguration;
    const ev = evidence(DESCRIBE, 'encryptionConfiguration', config ?? null);
    // AES256, or KMS without a key (the AWS managed aws/ecr key), is provider-managed: null.
    if (!config?.kmsKey || !config.encryptionType?.startsWith('KMS')) return known(null, ev);
    return this.keys.resolve(config.kmsKey, { region: reference.region, account: reference.account }, ev);
  }

  private async policy(reference: RepositoryReference): Promise<ImageRepository['policy']> {
    const source = 'ecr:GetRepositoryPolicy';
    const site = { service: 'ecr', operation: 'GetRepositoryPolicy', resourceId: reference.id, region: reference.region };
    const read = await this.ctx.call(
      site,
      async () => shaped('ecr:GetRepositoryPolicy', await this.ctx.ecr(reference.region).send(new GetRepositoryPolicyCommand({ registryId: reference.account, repositoryName: reference.name }))),
      ['RepositoryPolicyNotFoundException'],
    );
    if (read.status === 'failed') return unknown(read.reason, evidence(source, 'policyText', null));
    if (read.status === 'absent') return known([], evidence(source, 'policyText', read.errorCode));
    const text = read.value.policyText;
    try {
      return known(parsePolicyDocument(text, `repository-policy:${reference.name}`), evidence(source, 'policyText', text));
    } catch (error) {
      if (!(error instanceof PolicyDocumentError)) throw error;
      return unknown(this.ctx.fail(site, 'MalformedPolicyDocument', error.message).reason, evidence(source, 'policyText', text));
    }
  }
}
