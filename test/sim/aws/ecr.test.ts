import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetRepositoryPolicyCommand,
  paginateDescribeRepositories,
  SetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import { buildDemoScenario } from '../../../sim/aws';
import { clientSettings, collect, rejectionOf, useSimulator } from './simulator';

describe('ECR', () => {
  const sim = useSimulator(buildDemoScenario);
  const client = () => new ECRClient(clientSettings(sim()));

  it('describes repositories by name with scanning, tag mutability and encryption', async () => {
    const out = await client().send(new DescribeRepositoriesCommand({ repositoryNames: ['fraud-detector', 'legacy-recommender'] }));
    expect(out.repositories?.map((r) => [r.repositoryName, r.imageTagMutability, r.imageScanningConfiguration?.scanOnPush, r.encryptionConfiguration?.encryptionType])).toEqual([
      ['fraud-detector', 'IMMUTABLE', true, 'KMS'],
      ['legacy-recommender', 'MUTABLE', false, 'AES256'],
    ]);
    expect(out.repositories?.[0]?.createdAt).toBeInstanceOf(Date);
    expect(out.repositories?.[0]?.repositoryUri).toBe('111122223333.dkr.ecr.us-east-1.amazonaws.com/fraud-detector');
  });

  it('pages the region\'s repositories with the SDK paginator', async () => {
    const pages = await collect(paginateDescribeRepositories({ client: client(), pageSize: 3 }, {}));
    expect(pages.map((p) => p.repositories?.length)).toEqual([3, 1]);
  });

  it('returns a repository policy, and the ECR errors for a missing policy or repository', async () => {
    const policy = await client().send(new GetRepositoryPolicyCommand({ repositoryName: 'legacy-recommender' }));
    expect(JSON.parse(policy.policyText ?? '')).toMatchObject({ Statement: [{ Principal: '*' }] });
    expect(policy.registryId).toBe('111122223333');
    const noPolicy = await rejectionOf(client().send(new GetRepositoryPolicyCommand({ repositoryName: 'fraud-detector' })));
    expect(noPolicy.name).toBe('RepositoryPolicyNotFoundException');
    expect(noPolicy.message).toBe("Repository policy does not exist for the repository with name 'fraud-detector' in the registry with id '111122223333'");
    const noRepository = await rejectionOf(client().send(new DescribeRepositoriesCommand({ repositoryNames: ['ghost'] })));
    expect(noRepository.name).toBe('RepositoryNotFoundException');
    const combined = await rejectionOf(client().send(new DescribeRepositoriesCommand({ repositoryNames: ['fraud-detector'], maxResults: 1 })));
    expect(combined.name).toBe('InvalidParameterException');
  });

  it('creates a repository and sets its policy, then reads both', async () => {
    const created = await client().send(
      new CreateRepositoryCommand({
        repositoryName: 'team/written',
        imageTagMutability: 'IMMUTABLE',
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: { encryptionType: 'KMS', kmsKey: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
      }),
    );
    expect(created.repository?.repositoryArn).toBe('arn:aws:ecr:us-east-1:111122223333:repository/team/written');
    const policyText = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'ecr:BatchGetImage' }] });
    await client().send(new SetRepositoryPolicyCommand({ repositoryName: 'team/written', policyText }));
    expect((await client().send(new GetRepositoryPolicyCommand({ repositoryName: 'team/written' }))).policyText).toBe(policyText);
    const read = await client().send(new DescribeRepositoriesCommand({ repositoryNames: ['team/written'] }));
    expect(read.repositories?.[0]).toMatchObject({ imageTagMutability: 'IMMUTABLE', imageScanningConfiguration: { scanOnPush: true } });
    const twice = await rejectionOf(client().send(new CreateRepositoryCommand({ repositoryName: 'team/written' })));
    expect(twice.name).toBe('RepositoryAlreadyExistsException');
    const badName = await rejectionOf(client().send(new CreateRepositoryCommand({ repositoryName: 'Upper/Case' })));
    expect(badName.name).toBe('ValidationException');
  });
});
