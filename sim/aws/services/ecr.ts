// ECR (JSON 1.1, target prefix `AmazonEC2ContainerRegistry_V20150921`): repositories and their policies.
import { z } from 'zod';
import { EncryptionType, ImageTagMutability, type Repository } from '@aws-sdk/client-ecr';
import { AwsApiError } from '../errors';
import { ecrRepositoryArn, ecrRepositoryUri } from '../ids';
import { paginate } from '../pagination';
import { policyDocumentProblem } from '../policy-document';
import { jsonProtocol, type JsonOutput } from '../protocols/json';
import type { EcrRepositoryState } from '../store';
import { defineService, type CallContext, type Operation } from './service';

const REGISTRY_ID = z.string().regex(/^[0-9]{12}$/);
const REPOSITORY_NAME = z.string().min(2).max(256).regex(/^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/);

const describeRepositoriesInput = z.object({
  registryId: REGISTRY_ID.optional(),
  repositoryNames: z.array(REPOSITORY_NAME).min(1).max(100).optional(),
  nextToken: z.string().optional(),
  maxResults: z.number().int().min(1).max(1000).optional(),
});
const repositoryInput = z.object({ registryId: REGISTRY_ID.optional(), repositoryName: REPOSITORY_NAME });
const createRepositoryInput = z.object({
  registryId: REGISTRY_ID.optional(),
  repositoryName: REPOSITORY_NAME,
  tags: z.array(z.object({ Key: z.string(), Value: z.string() })).optional(),
  imageTagMutability: z.enum(ImageTagMutability).optional(),
  imageScanningConfiguration: z.object({ scanOnPush: z.boolean().optional() }).optional(),
  encryptionConfiguration: z.object({ encryptionType: z.enum(EncryptionType), kmsKey: z.string().min(1).max(2048).optional() }).optional(),
});
const setRepositoryPolicyInput = repositoryInput.extend({ policyText: z.string().min(0).max(10240), force: z.boolean().optional() });

function repositoryNotFound(name: string, registryId: string): AwsApiError {
  return new AwsApiError('RepositoryNotFoundException', `The repository with name '${name}' does not exist in the registry with id '${registryId}'`);
}

function findRepository(ctx: CallContext, name: string, registryId: string | undefined): EcrRepositoryState {
  const registry = registryId ?? ctx.account;
  const found = registry === ctx.account ? ctx.regional().ecr.repositories.get(name) : undefined;
  if (found === undefined) throw repositoryNotFound(name, registry);
  return found;
}

const describeRepositories: Operation<unknown, JsonOutput> = (raw, ctx) => {
  const input = ctx.validate(describeRepositoriesInput, raw);
  if (input.repositoryNames !== undefined) {
    if (input.maxResults !== undefined || input.nextToken !== undefined) {
      throw new AwsApiError('InvalidParameterException', 'Invalid parameter at \'maxResults\' failed to satisfy constraint: \'maxResults\' and \'nextToken\' cannot be used with \'repositoryNames\'');
    }
    return { repositories: input.repositoryNames.map((name) => findRepository(ctx, name, input.registryId).repository) };
  }
  const registry = input.registryId ?? ctx.account;
  const all = registry === ctx.account ? [...ctx.regional().ecr.repositories.values()].map((r) => r.repository) : [];
  const page = paginate(all, {
    listing: `DescribeRepositories:${ctx.region}:${registry}`,
    token: input.nextToken,
    pageSize: input.maxResults ?? 100,
    invalidToken: () => new AwsApiError('InvalidParameterException', 'Invalid parameter at \'nextToken\': the token is malformed or was issued for another request.'),
  });
  return { repositories: page.items, nextToken: page.nextToken };
};

const getRepositoryPolicy: Operation<unknown, JsonOutput> = (raw, ctx) => {
  const input = ctx.validate(repositoryInput, raw);
  const registry = input.registryId ?? ctx.account;
  const repo = findRepository(ctx, input.repositoryName, registry);
  if (repo.policy === undefined) {
    throw new AwsApiError('RepositoryPolicyNotFoundException', `Repository policy does not exist for the repository with name '${input.repositoryName}' in the registry with id '${registry}'`);
  }
  return { registryId: registry, repositoryName: input.repositoryName, policyText: repo.policy };
};

const createRepository: Operation<unknown, JsonOutput> = (raw, ctx) => {
  const input = ctx.validate(createRepositoryInput, raw);
  const repositories = ctx.regional().ecr.repositories;
  const registry = input.registryId ?? ctx.account;
  if (repositories.has(input.repositoryName)) {
    throw new AwsApiError('RepositoryAlreadyExistsException', `The repository with name '${input.repositoryName}' already exists in the registry with id '${registry}'`);
  }
  if (input.encryptionConfiguration?.kmsKey !== undefined && input.encryptionConfiguration.encryptionType !== 'KMS') {
    throw new AwsApiError('InvalidParameterException', 'Invalid parameter at \'encryptionConfiguration\': a KMS key may only be given with encryptionType KMS.');
  }
  const repository: Repository = {
    repositoryArn: ecrRepositoryArn(ctx.region, ctx.account, input.repositoryName),
    registryId: ctx.account,
    repositoryName: input.repositoryName,
    repositoryUri: ecrRepositoryUri(ctx.region, ctx.account, input.repositoryName),
    createdAt: ctx.now,
    imageTagMutability: input.imageTagMutability ?? 'MUTABLE',
    imageScanningConfiguration: { scanOnPush: input.imageScanningConfiguration?.scanOnPush ?? false },
    encryptionConfiguration: input.encryptionConfiguration ?? { encryptionType: 'AES256' },
  };
  repositories.set(input.repositoryName, { repository });
  return { repository };
};

const setRepositoryPolicy: Operation<unknown, JsonOutput> = (raw, ctx) => {
  const input = ctx.validate(setRepositoryPolicyInput, raw);
  const registry = input.registryId ?? ctx.account;
  const repo = findRepository(ctx, input.repositoryName, registry);
  const problem = policyDocumentProblem(input.policyText);
  if (problem !== undefined) throw new AwsApiError('InvalidParameterException', `Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided': ${problem}`);
  repo.policy = input.policyText;
  return { registryId: registry, repositoryName: input.repositoryName, policyText: input.policyText };
};

export const ecrService = defineService({
  signingName: 'ecr',
  actionPrefix: 'ecr',
  protocol: jsonProtocol({ targetPrefix: 'AmazonEC2ContainerRegistry_V20150921', messageKey: 'message' }),
  operations: {
    DescribeRepositories: describeRepositories,
    GetRepositoryPolicy: getRepositoryPolicy,
    CreateRepository: createRepository,
    SetRepositoryPolicy: setRepositoryPolicy,
  },
});
