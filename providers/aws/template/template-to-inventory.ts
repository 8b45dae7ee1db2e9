// The pure core: one CloudFormation template (already parsed) -> the provider-neutral model.
import type { CoverageGap, Inventory, Resource } from '../../../policies/model';
import type { TemplateEnvironment } from './intrinsics';
import { artifactStoresFromTemplate } from './resources/artifact-store';
import { endpointsFromTemplate } from './resources/endpoint';
import { firewallsFromTemplate } from './resources/firewall';
import { identitiesFromTemplate } from './resources/identity';
import { imageRepositoriesFromTemplate } from './resources/image-repository';
import { keysFromTemplate } from './resources/key';
import { networksFromTemplate } from './resources/network';
import { TemplateContext, type TemplateResource } from './template-context';

export type { TemplateEnvironment } from './intrinsics';

/** One reader per model kind; each reads the resource types it knows and ignores the rest. */
const READERS: readonly ((context: TemplateContext) => Resource[])[] = [
  endpointsFromTemplate,
  keysFromTemplate,
  identitiesFromTemplate,
  artifactStoresFromTemplate,
  imageRepositoriesFromTemplate,
  networksFromTemplate,
  firewallsFromTemplate,
];

const NESTED_STACK = 'AWS::CloudFormation::Stack';

/**
 * Reads one template into an inventory (source `template`). Resource ids are `STACK/LogicalId`.
 * `environment` (account, region) comes from a cdk.out manifest when the stack is bound to one;
 * without it, pseudo parameters stay placeholders such as `${AWS.AccountId}`.
 */
export function templateToInventory(template: unknown, stackName: string, environment: TemplateEnvironment = {}): Inventory {
  if (!stackName) throw new Error('templateToInventory needs a stack name: resource ids are STACK/LogicalId');
  const context = new TemplateContext(stackName, template, environment);
  const gaps: CoverageGap[] = context.ofType(NESTED_STACK).map((nested) => ({
    service: 'cloudformation',
    operation: 'ReadNestedStackTemplate',
    resourceId: nested.modelId,
    ...(environment.region ? { region: environment.region } : {}),
    errorCode: 'NestedStackNotRead',
    message: `nested stack ${nested.logicalId}: its template is not part of this one; pass the nested template (or the cdk.out folder) to read it`,
  }));
  return {
    provider: 'aws',
    source: 'template',
    scope: {
      accounts: environment.account ? [environment.account] : [],
      regions: environment.region ? [environment.region] : [],
    },
    resources: READERS.flatMap((read) => read(context)).map((resource) => withAliases(resource, context, template)),
    gaps,
  };
}

/** The ARN a resource gets from its literal physical name, as the live audit names it; `*` in a waiver matches placeholders. */
const ARN_FROM_NAME: Readonly<Record<string, (r: TemplateResource, c: TemplateContext) => string | null>> = {
  'AWS::SageMaker::Endpoint': (r, c) => literal(r, 'EndpointName', (name) => `arn:${c.partition}:sagemaker:${c.region}:${c.account}:endpoint/${name.toLowerCase()}`),
  'AWS::S3::Bucket': (r, c) => literal(r, 'BucketName', (name) => `arn:${c.partition}:s3:::${name}`),
  'AWS::ECR::Repository': (r, c) => literal(r, 'RepositoryName', (name) => `arn:${c.partition}:ecr:${c.region}:${c.account}:repository/${name}`),
  'AWS::IAM::Role': (r, c) => {
    const path = r.get(['Path']);
    return literal(r, 'RoleName', (name) => `arn:${c.partition}:iam::${c.account}:role${typeof path === 'string' ? path : '/'}${name}`);
  },
};

function literal(resource: TemplateResource, property: string, arn: (name: string) => string): string | null {
  const name = resource.get([property]);
  return typeof name === 'string' ? arn(name) : null;
}

/**
 * The identities other tools show for a template resource, for waivers: its CDK construct path
 * (`aws:cdk:path` metadata, and the L2 construct's path without CDK's `/Resource` child) and the ARN
 * its literal physical name gives.
 */
function withAliases(resource: Resource, context: TemplateContext, template: unknown): Resource {
  const source = context.resources.find((r) => r.modelId === resource.id);
  if (!source) return resource;
  const cdkPath = field(field(field(field(template, 'Resources'), source.logicalId), 'Metadata'), 'aws:cdk:path');
  const aliases = [
    ...(typeof cdkPath === 'string' ? [cdkPath, cdkPath.replace(/\/Resource$/, '')] : []),
    ARN_FROM_NAME[source.type]?.(source, context) ?? null,
  ].filter((alias): alias is string => alias !== null && alias !== resource.id && alias !== resource.name);
  return aliases.length > 0 ? { ...resource, aliases: [...new Set(aliases)] } : resource;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}
