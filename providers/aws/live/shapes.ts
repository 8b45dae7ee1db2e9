// The response shapes the readers rely on, one schema per operation, in one place. A 200 answer is
// trusted only when it has them: an empty body, an HTML page or a truncated document otherwise reads as
// "nothing there" (the SDK deserializers turn an empty JSON body into `{}` and leave missing lists
// undefined). Each schema names only the fields a reader uses whose absence would change a verdict —
// the fields the API always sends (lists are sent even when empty) — so a well-formed answer is never
// refused for a field the reader does not need.
import { z } from 'zod';

const text = z.string().min(1);
const list = <T extends z.ZodType>(item: T) => z.array(item);

export const RESPONSE_SHAPES = {
  'sagemaker:ListEndpoints': z.object({ Endpoints: list(z.object({ EndpointName: text, EndpointArn: text })) }),
  'sagemaker:DescribeEndpoint': z.object({ EndpointName: text, EndpointConfigName: text, EndpointStatus: text }),
  'sagemaker:DescribeEndpointConfig': z.object({ EndpointConfigName: text, ProductionVariants: list(z.object({ VariantName: text })) }),
  // ExecutionRoleArn is optional in the API model (a model may run without one): not required here.
  'sagemaker:DescribeModel': z.object({ ModelName: text, ModelArn: text }),
  'sagemaker:ListMonitoringSchedules': z.object({ MonitoringScheduleSummaries: list(z.object({ MonitoringScheduleName: text })) }),
  'ec2:DescribeSecurityGroups': z.object({ SecurityGroups: list(z.object({ GroupId: text })) }),
  'ec2:DescribeVpcEndpoints': z.object({ VpcEndpoints: list(z.object({ VpcEndpointId: text, VpcId: text })) }),
  'ecr:DescribeRepositories': z.object({ repositories: list(z.object({ repositoryName: text })) }),
  'ecr:GetRepositoryPolicy': z.object({ policyText: text }),
  'iam:ListRolePolicies': z.object({ PolicyNames: list(text) }),
  'iam:GetRolePolicy': z.object({ PolicyDocument: text }),
  'iam:ListAttachedRolePolicies': z.object({ AttachedPolicies: list(z.object({ PolicyArn: text })) }),
  'iam:GetPolicy': z.object({ Policy: z.object({ DefaultVersionId: text }) }),
  'iam:GetPolicyVersion': z.object({ PolicyVersion: z.object({ Document: text }) }),
  'kms:DescribeKey': z.object({ KeyMetadata: z.object({ KeyId: text, Arn: text, KeyManager: text, Enabled: z.boolean() }) }),
  'kms:GetKeyRotationStatus': z.object({ KeyRotationEnabled: z.boolean() }),
  'kms:GetKeyPolicy': z.object({ Policy: text }),
  's3:GetPublicAccessBlock': z.object({
    PublicAccessBlockConfiguration: z.object({ BlockPublicAcls: z.boolean(), IgnorePublicAcls: z.boolean(), BlockPublicPolicy: z.boolean(), RestrictPublicBuckets: z.boolean() }),
  }),
  's3:GetBucketPolicy': z.object({ Policy: text }),
  's3:GetBucketEncryption': z.object({ ServerSideEncryptionConfiguration: z.object({ Rules: list(z.object({})).min(1) }) }),
} as const;

export type ShapedOperation = keyof typeof RESPONSE_SHAPES;

/** A 200 answer without the shape the API documents; its name is the coverage gap's error code. */
export class MalformedResponseError extends Error {
  constructor(
    readonly operation: ShapedOperation,
    readonly field: string,
    problem: string,
  ) {
    super(`${operation} answered without a well-formed ${field} (${problem}): an empty, truncated or foreign body, not an AWS answer`);
    this.name = 'MalformedResponse';
  }
}

/** Where a zod issue points, as a field path: `KeyMetadata.KeyManager`, `SecurityGroups[0].GroupId`. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const part of path) current = typeof current === 'object' && current !== null ? (current as Record<PropertyKey, unknown>)[part] : undefined;
  return current;
}

/**
 * Returns `output` unchanged (typed with the fields the check guarantees) when it has the operation's shape; throws MalformedResponseError naming the
 * first missing or mistyped field otherwise (inside `AuditContext.call`, that becomes a failed read and a gap).
 */
export function shaped<O, K extends ShapedOperation>(operation: K, output: O): O & z.infer<(typeof RESPONSE_SHAPES)[K]> {
  const result = RESPONSE_SHAPES[operation].safeParse(output);
  if (result.success) return output as O & z.infer<(typeof RESPONSE_SHAPES)[K]>;
  const [issue] = result.error.issues;
  const field = fieldPath(issue.path) || 'response';
  const problem = valueAt(output, issue.path) === undefined ? 'missing' : issue.message;
  throw new MalformedResponseError(operation, field, problem);
}
