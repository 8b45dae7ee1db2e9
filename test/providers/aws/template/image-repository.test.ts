import { inventoryOf, reasonOf, resourceOf, STACK, valueOf } from './helpers';

describe('AWS::ECR::Repository', () => {
  it('JSON: scan on push, immutable tags, KMS key, repository policy given as a JSON string', () => {
    const repo = resourceOf(
      inventoryOf({
        Resources: {
          Key: { Type: 'AWS::KMS::Key' },
          Repo: {
            Type: 'AWS::ECR::Repository',
            Properties: {
              RepositoryName: 'models/classifier',
              ImageScanningConfiguration: { ScanOnPush: true },
              ImageTagMutability: 'IMMUTABLE',
              EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: { Ref: 'Key' } },
              RepositoryPolicyText: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'ecr:BatchGetImage' }] }),
            },
          },
        },
      }),
      'image-repository',
      'Repo',
    );
    expect(repo).toMatchObject({ kind: 'image-repository', id: `${STACK}/Repo`, name: 'models/classifier' });
    expect(valueOf(repo.scanOnPush)).toBe(true);
    expect(valueOf(repo.tagsImmutable)).toBe(true);
    expect(valueOf(repo.encryptionKeyId)).toBe(`${STACK}/Key`);
    expect(valueOf(repo.policy)).toEqual([
      { effect: 'Allow', principals: ['arn:aws:iam::111122223333:root'], actions: ['ecr:BatchGetImage'], resources: [], conditions: [], origin: 'repository-policy:models/classifier', serviceWideActions: [], handsOffIdentities: false, identityHandOffActions: [] },
    ]);
  });

  it('YAML: defaults are no scan, mutable tags, ECR-managed key, no policy; IMMUTABLE_WITH_EXCLUSION is not immutable', () => {
    const inventory = inventoryOf(`
Resources:
  Plain:
    Type: AWS::ECR::Repository
  WithExclusion:
    Type: AWS::ECR::Repository
    Properties:
      ImageTagMutability: IMMUTABLE_WITH_EXCLUSION
      EncryptionConfiguration: { EncryptionType: AES256 }
`);
    const plain = resourceOf(inventory, 'image-repository', 'Plain');
    expect([valueOf(plain.scanOnPush), valueOf(plain.tagsImmutable), valueOf(plain.encryptionKeyId), valueOf(plain.policy)]).toEqual([false, false, null, []]);
    const exclusion = resourceOf(inventory, 'image-repository', 'WithExclusion');
    expect(valueOf(exclusion.tagsImmutable)).toBe(false);
    expect(valueOf(exclusion.encryptionKeyId)).toBeNull();
  });

  it('a scan setting from a parameter without default is unknown', () => {
    const repo = resourceOf(
      inventoryOf({ Parameters: { Scan: { Type: 'String' } }, Resources: { Repo: { Type: 'AWS::ECR::Repository', Properties: { ImageScanningConfiguration: { ScanOnPush: { Ref: 'Scan' } } } } } }),
      'image-repository',
      'Repo',
    );
    expect(reasonOf(repo.scanOnPush)).toMatch(/parameter Scan has no Default/);
  });
});
