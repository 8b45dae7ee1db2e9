// Acknowledging cdk-nag findings the construct cannot avoid (AWS itself requires the configuration).
// Only aws-cdk-lib is used here (`Validations`): the construct does not depend on cdk-nag at run time.
import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The text cdk-nag uses for a CloudFormation value in a finding id, e.g. `Resource::<Bucket83908E77.Arn>/models/*`.
 * Mirrors cdk-nag's `flattenCfnReference`: Fn::Join joins, Fn::GetAtt is `<Logical.Attr>`, Ref is `<Logical>`.
 */
export function nagText(scope: IConstruct, value: string): string {
  return flatten(Stack.of(scope).resolve(value));
}

function flatten(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\${/g, '<').replace(/}/g, '>');
  if (typeof node === 'object' && node !== null) {
    const record = node as Record<string, unknown>;
    if (Array.isArray(record['Fn::Join'])) {
      const [delimiter, items] = record['Fn::Join'] as [string, unknown[]];
      return items.map(flatten).join(delimiter);
    }
    if (record['Fn::Sub'] !== undefined) return flatten(record['Fn::Sub']);
    if (Array.isArray(record['Fn::GetAtt'])) {
      const [resource, attribute] = record['Fn::GetAtt'] as [unknown, unknown];
      return `<${flatten(resource)}.${flatten(attribute)}>`;
    }
    if (record['Fn::ImportValue'] !== undefined) return flatten(record['Fn::ImportValue']);
    if (record.Ref !== undefined) return `<${flatten(record.Ref)}>`;
  }
  return JSON.stringify(node);
}

export interface NagAcknowledgement {
  /** The rule id, optionally with a finding: `AwsSolutions-IAM5[Resource::*]`. */
  readonly id: string;
  /** Why the finding is acceptable: a real reason, read by auditors. */
  readonly reason: string;
}

export function acknowledgeNag(scope: IConstruct, ...acknowledgements: NagAcknowledgement[]): void {
  for (const ack of acknowledgements) Validations.of(scope).acknowledge({ id: ack.id, reason: ack.reason });
}

/** Acknowledges AwsSolutions-IAM5 for each wildcard resource, with the reason AWS needs it. */
export function acknowledgeWildcardResources(scope: IConstruct, resources: readonly { readonly resource: string; readonly reason: string }[]): void {
  for (const { resource, reason } of resources) {
    acknowledgeNag(scope, { id: `AwsSolutions-IAM5[Resource::${nagText(scope, resource)}]`, reason });
  }
}
