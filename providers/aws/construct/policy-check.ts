// Reads a CDK policy document the way the baseline's controls read a deployed one, so the construct
// can warn at synth time about a user-supplied policy that a control would fail.
import { Stack } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { publicAllowStatements } from '../../../policies/iam';
import type { PolicyStatement } from '../../../policies/model';
import { normalizePolicyDocument } from '../platform';

const isIntrinsic = (value: object): boolean => {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
};

/** CloudFormation intrinsics (`{"Fn::GetAtt": ...}`) become their JSON text: a policy check only needs to see literal `*`s. */
function flattenIntrinsics(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(flattenIntrinsics);
  if (typeof value !== 'object' || value === null) return value;
  if (isIntrinsic(value)) return JSON.stringify(value);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, flattenIntrinsics(v)]));
}

/** The document's statements in the baseline's model, with tokens resolved in `scope`'s stack. */
export function modelStatements(scope: IConstruct, document: iam.PolicyDocument, origin: string): PolicyStatement[] {
  const resolved: unknown = Stack.of(scope).resolve(document.toJSON());
  if (typeof resolved !== 'object' || resolved === null) return [];
  const statements = (resolved as { Statement?: unknown }).Statement;
  const list = Array.isArray(statements) ? statements : statements === undefined ? [] : [statements];
  return normalizePolicyDocument({ Statement: list.map(flattenIntrinsics) }, origin);
}

/** Allow statements open to anyone (principal `*` without a restricting condition), as key-not-public judges them. */
export function publicStatements(scope: IConstruct, document: iam.PolicyDocument, origin: string): PolicyStatement[] {
  return publicAllowStatements(modelStatements(scope, document, origin));
}
