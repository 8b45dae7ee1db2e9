// AWS::ECR::Repository -> ImageRepository.
import { known, unknown, type Fact, type ImageRepository } from '../../../../policies/model';
import { parseLiteralString, readBoolean, readFact } from '../facts';
import { policyFact } from '../policy-documents';
import { keyReferenceId, namesNoKey } from '../references';
import type { TemplateContext, TemplateResource } from '../template-context';
import { Unresolved, isResolvedObject } from '../values';

const REPOSITORY = 'AWS::ECR::Repository';

function encryptionKeyId(context: TemplateContext, repository: TemplateResource): Fact<string | null> {
  const path = ['EncryptionConfiguration'];
  const config = repository.get(path);
  if (config === undefined || config === null) return known(null, repository.evidenceWith(path, 'not set (ECR default: AES256 with an ECR-managed key)'));
  if (!isResolvedObject(config)) return unknown(`${REPOSITORY} ${repository.logicalId} EncryptionConfiguration: ${config instanceof Unresolved ? config.reason : 'not an object'}`, repository.evidence(path));
  const type = config.EncryptionType;
  if (type instanceof Unresolved) return unknown(`${REPOSITORY} ${repository.logicalId} EncryptionType: ${type.reason}`, repository.evidence(path));
  // AES256, or KMS without a key (the AWS managed aws/ecr key), is provider-managed: null.
  if (typeof type !== 'string' || !type.startsWith('KMS') || namesNoKey(config.KmsKey)) return known(null, repository.evidence(path));
  const key = keyReferenceId(context, config.KmsKey);
  return key instanceof Unresolved ? unknown(`${REPOSITORY} ${repository.logicalId} KmsKey: ${key.reason}`, repository.evidence(path)) : known(key, repository.evidence(path));
}

export function imageRepositoriesFromTemplate(context: TemplateContext): ImageRepository[] {
  return context.ofType(REPOSITORY).map((repository) => {
    const name = repository.nameFrom('RepositoryName');
    return {
      kind: 'image-repository',
      id: repository.modelId,
      name,
      provider: 'aws',
      region: context.region,
      account: context.account,
      scanOnPush: readBoolean(repository, ['ImageScanningConfiguration', 'ScanOnPush'], { value: false, note: 'not set (default: false)' }),
      // IMMUTABLE_WITH_EXCLUSION leaves some tags mutable: only IMMUTABLE counts (as for live reads).
      tagsImmutable: readFact(repository, ['ImageTagMutability'], (v) => {
        const mutability = parseLiteralString(v);
        return mutability instanceof Unresolved ? mutability : mutability === 'IMMUTABLE';
      }, { value: false, note: 'not set (default: MUTABLE)' }),
      encryptionKeyId: encryptionKeyId(context, repository),
      policy: policyFact(context, repository, ['RepositoryPolicyText'], `repository-policy:${name}`, { statements: [], note: 'not set (no repository policy)' }),
    };
  });
}
