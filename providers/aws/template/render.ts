// Turns resolved template values into the strings and JSON the model holds. A reference to a
// template resource renders as that resource's model id, so the model joins template resources
// exactly as it joins live ones; an ARN spelled out around a resource's Ref collapses to the same id.
import { Placeholder, ResourceRef, Text, Unresolved, isResolvedArray, isResolvedObject, type Resolved } from './values';

/** A colon-separated ARN segment: literal text or a (colon-free) pseudo-parameter placeholder such as `${AWS.Region}`. */
const SEG = '[^:]*';

/** The literal ARN prefix that, followed by a resource's `Ref` value, spells out that resource's ARN. */
const ARN_PREFIX_BY_TYPE: Readonly<Record<string, RegExp>> = {
  'AWS::S3::Bucket': new RegExp(`arn:${SEG}:s3:::$`),
  'AWS::KMS::Key': new RegExp(`arn:${SEG}:kms:${SEG}:${SEG}:key/$`),
  'AWS::KMS::Alias': new RegExp(`arn:${SEG}:kms:${SEG}:${SEG}:$`),
  'AWS::IAM::Role': new RegExp(`arn:${SEG}:iam::${SEG}:role/(?:[^:]*/)?$`),
  'AWS::ECR::Repository': new RegExp(`arn:${SEG}:ecr:${SEG}:${SEG}:repository/$`),
  'AWS::EC2::VPC': new RegExp(`arn:${SEG}:ec2:${SEG}:${SEG}:vpc/$`),
  'AWS::EC2::SecurityGroup': new RegExp(`arn:${SEG}:ec2:${SEG}:${SEG}:security-group/$`),
};

/** How a reference renders. The default: the referenced resource's model id. */
export type RefRenderer = (ref: ResourceRef) => string;

const byModelId: RefRenderer = (ref) => ref.modelId;

/**
 * A string-like value rendered as text; placeholders stay visible (`${AWS.AccountId}`).
 * null when the value is not string-like; the Unresolved when it could not be resolved.
 */
export function renderString(value: Resolved, renderRef: RefRenderer = byModelId): string | Unresolved | null {
  if (value instanceof Unresolved) return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const parts = value instanceof Text ? value.parts : value instanceof Placeholder || value instanceof ResourceRef ? [value] : null;
  if (!parts) return null;
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') out += part;
    else if (part instanceof Placeholder) out += part.render();
    else {
      const prefix = part.attribute === null ? ARN_PREFIX_BY_TYPE[part.resourceType]?.exec(out) : null;
      if (prefix) out = out.slice(0, prefix.index);
      out += renderRef(part);
    }
  }
  return out;
}

/**
 * A resolved value as plain JSON (every string rendered), for documents such as IAM policies.
 * The first Unresolved found is returned instead: such a document is not known.
 */
export function renderJson(value: Resolved, renderRef: RefRenderer = byModelId): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
  if (value instanceof Unresolved) return value;
  if (isResolvedArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const rendered = renderJson(item, renderRef);
      if (rendered instanceof Unresolved) return rendered;
      out.push(rendered);
    }
    return out;
  }
  if (isResolvedObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const rendered = renderJson(item, renderRef);
      if (rendered instanceof Unresolved) return rendered;
      out[key] = rendered;
    }
    return out;
  }
  return renderString(value, renderRef);
}
