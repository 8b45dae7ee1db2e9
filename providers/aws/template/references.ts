// References from one resource to another, turned into model ids. A reference to a resource of
// this template becomes its model id (`STACK/LogicalId`), whether written as Ref, Fn::GetAtt, a
// spelled-out ARN or a literal physical name the template declares. A reference to something
// outside the template keeps the provider's own id (an ARN, a `vpc-` id), as a live read would.
import type { ImageRef } from '../../../policies/model';
import { ecrRepositoryArn, iamRoleNameFromArn, parseImageUri, parsePrivateEcrImage, parseS3Uri } from '../platform';
import { renderString } from './render';
import type { TemplateContext } from './template-context';
import { ResourceRef, Text, Unresolved, placeholderText, type Resolved } from './values';

export type IdOrUnresolved = string | Unresolved;

/** Any reference rendered as an id: template resources by model id, anything else as written. */
export function referenceId(context: TemplateContext, value: Resolved): IdOrUnresolved {
  const rendered = context.render(value);
  if (rendered === null) return new Unresolved('expected a reference (a string, Ref or Fn::GetAtt)', value);
  return rendered;
}

/**
 * A key property that names no key: not set, or the empty string a template writes for "none"
 * (`!If [HasKey, !Ref Key, '']`), as the KMS-backed services read it: the provider-managed key.
 */
export function namesNoKey(value: Resolved | undefined): boolean {
  return value === undefined || value === null || value === '';
}

/**
 * A KMS key reference (key id, key ARN, alias name, alias ARN). A template key is its model id;
 * a literal alias that a template AWS::KMS::Alias declares stands for that alias's target key.
 */
export function keyReferenceId(context: TemplateContext, value: Resolved): IdOrUnresolved {
  const id = referenceId(context, value);
  if (typeof id !== 'string') return id;
  const aliasName = /^(?:arn:[^]*:kms:[^]*:alias\/|alias\/)(.+)$/.exec(id);
  if (aliasName && !id.startsWith('alias/aws/')) {
    const alias = context.byPhysicalName('AWS::KMS::Alias', 'AliasName', `alias/${aliasName[1]}`);
    const key = alias ? context.referenced(alias.get(['TargetKeyId']), 'AWS::KMS::Key') : undefined;
    if (key) return key.modelId;
  }
  return id;
}

/** An IAM role reference (ARN or Ref/GetAtt): a template role by model id, also when named by its literal RoleName. */
export function roleReferenceId(context: TemplateContext, value: Resolved): IdOrUnresolved {
  const id = referenceId(context, value);
  if (typeof id !== 'string') return id;
  const roleName = iamRoleNameFromArn(id);
  const role = roleName ? context.byPhysicalName('AWS::IAM::Role', 'RoleName', roleName) : undefined;
  return role ? role.modelId : id;
}

/** The bucket an `s3://bucket/key` URI points into: a template bucket's model id, else the bucket's ARN. */
export function bucketIdFromUri(context: TemplateContext, value: Resolved): IdOrUnresolved {
  // `s3://` + Ref(Bucket) + `/key`: the bucket is the referenced resource.
  if (value instanceof Text && value.parts[0] === 's3://' && value.parts[1] instanceof ResourceRef) {
    const bucket = context.referenced(value.parts[1], 'AWS::S3::Bucket');
    const rest = value.parts[2];
    if (bucket && (rest === undefined || (typeof rest === 'string' && (rest === '' || rest.startsWith('/'))))) return bucket.modelId;
  }
  const uri = context.render(value);
  if (uri instanceof Unresolved) return uri;
  if (uri === null) return new Unresolved('expected an S3 URI', value);
  const parsed = parseS3Uri(uri);
  if (!parsed) return new Unresolved(`${uri} is not an S3 URI (s3://bucket/key)`, value);
  const bucket = context.byPhysicalName('AWS::S3::Bucket', 'BucketName', parsed.bucket);
  return bucket ? bucket.modelId : `arn:${context.partition}:s3:::${parsed.bucket}`;
}

const ECR_HOST = String.raw`^(\d{12}|\$\{AWS\.AccountId\})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+|\$\{AWS\.Region\})\.(?:amazonaws\.com(?:\.cn)?|\$\{AWS\.URLSuffix\})/`;
const ECR_IMAGE = new RegExp(`${ECR_HOST}(.+?)(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$`);
/** Stands for a template repository (by model id) inside an image URI while it is parsed. */
const REPO_MARK = (ref: ResourceRef) => `\u0000repo:${ref.modelId}\u0000`;

/**
 * A container image URI. Built from this template's ECR repository (Ref, RepositoryUri, or its
 * literal RepositoryName under this stack's account), it points at that repository's model id.
 * The registry account may be the `${AWS.AccountId}` placeholder: the stack's own account.
 */
export function imageReference(context: TemplateContext, value: Resolved): ImageRef | Unresolved {
  // In the URI shown to people, a template repository appears by its declared name when it has one.
  const uri = renderString(value, (ref) => {
    const name = ref.resourceType === 'AWS::ECR::Repository' && ref.attribute === null ? context.resourceOf(ref)?.get(['RepositoryName']) : undefined;
    return typeof name === 'string' ? name : context.renderRef(ref);
  });
  const withMarks = renderImage(context, value);
  const refs = (value instanceof Text ? value.parts : [value]).filter((part): part is ResourceRef => part instanceof ResourceRef);
  if (uri instanceof Unresolved) return uri;
  if (withMarks instanceof Unresolved) return withMarks;
  if (uri === null || withMarks === null) return new Unresolved('expected an image URI string', value);
  const match = ECR_IMAGE.exec(withMarks);
  if (!match) {
    if (withMarks.includes('\u0000')) return new Unresolved('an image URI built from a repository reference in an unrecognised shape', value);
    return parseImageUri(uri);
  }
  const [, account, region, repository, tag, digest] = match;
  const markedRepo = /^\u0000repo:(.+)\u0000$/.exec(repository);
  const marked = markedRepo ? refs.find((ref) => ref.modelId === markedRepo[1]) : undefined;
  const ownAccount = account === context.account || account === placeholderText('AWS::AccountId');
  const ownRegion = region === context.region || region === placeholderText('AWS::Region');
  const templateRepo = markedRepo
    ? marked && context.resourceOf(marked)
    : ownAccount && ownRegion
      ? context.byPhysicalName('AWS::ECR::Repository', 'RepositoryName', repository)
      : undefined;
  const literalUri = parsePrivateEcrImage(uri);
  const repositoryId = templateRepo
    ? templateRepo.modelId
    : literalUri
      ? ecrRepositoryArn(literalUri.repositoryName, literalUri)
      : `arn:${context.partition}:ecr:${region}:${account}:repository/${repository}`;
  return { uri, repositoryId, registry: 'private', registryAccount: account, digest: digest ?? null, tag: tag ?? null };
}

/** Like render, but a Ref to a template ECR repository becomes a mark the image pattern can find. */
function renderImage(context: TemplateContext, value: Resolved): string | Unresolved | null {
  if (!(value instanceof Text || value instanceof ResourceRef)) return context.render(value);
  let out = '';
  for (const part of value instanceof Text ? value.parts : [value]) {
    if (part instanceof ResourceRef && part.resourceType === 'AWS::ECR::Repository' && part.attribute === null) {
      out += REPO_MARK(part);
      continue;
    }
    const piece = context.render(part);
    if (piece === null || piece instanceof Unresolved) return piece;
    out += piece;
  }
  return out;
}
