// The pure core: one CloudFormation template (already parsed) -> the provider-neutral model.
import { evidence, known, unknown, type CoverageGap, type Fact, type Inventory, type KeyReference, type Resource } from '../../../policies/model';
import { isAwsManagedKeyAlias } from '../platform';
import type { TemplateEnvironment } from './intrinsics';
import { artifactStoresFromTemplate } from './resources/artifact-store';
import { endpointsFromTemplate } from './resources/endpoint';
import { firewallsFromTemplate } from './resources/firewall';
import { identitiesFromTemplate } from './resources/identity';
import { imageRepositoriesFromTemplate } from './resources/image-repository';
import { keysFromTemplate } from './resources/key';
import { networksFromTemplate } from './resources/network';
import { TemplateContext } from './template-context';

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
  const resources = READERS.flatMap((read) => read(context));
  const references = keyReferences(resources);
  return {
    provider: 'aws',
    source: 'template',
    scope: {
      accounts: environment.account ? [environment.account] : [],
      regions: environment.region ? [environment.region] : [],
    },
    resources,
    ...(references.length > 0 ? { keyReferences: references } : {}),
    gaps,
  };
}

/** Key ids the resources refer to, when known. */
function referencedKeyIds(resource: Resource): (string | null)[] {
  const value = <T>(fact: Fact<T>): T[] => (fact.known ? [fact.value] : []);
  switch (resource.kind) {
    case 'endpoint':
      return [
        ...value(resource.storageKeyId),
        ...value(resource.dataCapture).map((c) => c.keyId),
        ...value(resource.asyncOutput).map((o) => o?.keyId ?? null),
      ];
    case 'artifact-store':
    case 'image-repository':
      return value(resource.encryptionKeyId);
    default:
      return [];
  }
}

/**
 * Keys referred to but not declared in the template. An AWS managed alias (`alias/aws/sagemaker`) says
 * by itself that AWS manages the key; for any other outside key, who manages it is not known here.
 */
function keyReferences(resources: readonly Resource[]): KeyReference[] {
  const declared = new Set(resources.filter((r) => r.kind === 'key').flatMap((k) => [k.id, k.name]));
  const outside = [...new Set(resources.flatMap(referencedKeyIds))].filter((id): id is string => id !== null && !declared.has(id));
  return outside.map((id) => ({
    id,
    managedBy: isAwsManagedKeyAlias(id)
      ? known('provider' as const, evidence('AWS::KMS::Alias', 'AliasName', id))
      : unknown(`key ${id} is not declared in this template, so who manages it is not known (\`inferguard audit\` reads it)`, evidence('AWS::KMS::Key', 'KeyId', id)),
  }));
}
