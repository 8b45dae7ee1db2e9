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
  return {
    provider: 'aws',
    source: 'template',
    scope: {
      accounts: environment.account ? [environment.account] : [],
      regions: environment.region ? [environment.region] : [],
    },
    resources: READERS.flatMap((read) => read(context)),
    gaps,
  };
}
