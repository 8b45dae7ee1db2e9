// S3 (REST-XML, path style `/bucket?subresource`): bucket listing and the bucket settings an audit reads,
// and the writes that set them. New buckets get today's S3 defaults (Block Public Access on, SSE-S3).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { BucketVersioningStatus, ServerSideEncryption, type ServerSideEncryptionConfiguration } from '@aws-sdk/client-s3';
import { AwsApiError } from '../errors';
import { paginate } from '../pagination';
import { policyDocumentProblem } from '../policy-document';
import { restXmlProtocol, S3_NAMESPACE, type S3Input, type S3Output, type S3Route } from '../protocols/rest-xml';
import type { S3BucketState } from '../store';
import { element, escapeXml } from '../xml';
import { defineService, type CallContext, type Operation } from './service';

const routes: readonly S3Route[] = [
  { method: 'GET', target: 'service', operation: 'ListBuckets' },
  { method: 'HEAD', target: 'bucket', operation: 'HeadBucket' },
  { method: 'GET', target: 'bucket', subresource: 'location', operation: 'GetBucketLocation' },
  { method: 'GET', target: 'bucket', subresource: 'publicAccessBlock', operation: 'GetPublicAccessBlock' },
  { method: 'GET', target: 'bucket', subresource: 'policy', operation: 'GetBucketPolicy' },
  { method: 'GET', target: 'bucket', subresource: 'encryption', operation: 'GetBucketEncryption' },
  { method: 'GET', target: 'bucket', subresource: 'versioning', operation: 'GetBucketVersioning' },
  { method: 'GET', target: 'bucket', subresource: 'logging', operation: 'GetBucketLogging' },
  { method: 'PUT', target: 'bucket', operation: 'CreateBucket' },
  { method: 'PUT', target: 'bucket', subresource: 'publicAccessBlock', operation: 'PutPublicAccessBlock' },
  { method: 'PUT', target: 'bucket', subresource: 'policy', operation: 'PutBucketPolicy' },
  { method: 'PUT', target: 'bucket', subresource: 'encryption', operation: 'PutBucketEncryption' },
  { method: 'PUT', target: 'bucket', subresource: 'versioning', operation: 'PutBucketVersioning' },
  { method: 'PUT', target: 'bucket', subresource: 'logging', operation: 'PutBucketLogging' },
];

/** The S3 canonical user id of the simulated account. */
const OWNER_ID = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';

const xmlParser = new XMLParser({ ignoreAttributes: true, ignoreDeclaration: true, parseTagValue: false, trimValues: true, isArray: (name) => name === 'Rule' });
const boolText = z.enum(['true', 'false']).transform((v) => v === 'true');

const publicAccessBlockBody = z.object({
  PublicAccessBlockConfiguration: z.object({
    BlockPublicAcls: boolText.optional(),
    IgnorePublicAcls: boolText.optional(),
    BlockPublicPolicy: boolText.optional(),
    RestrictPublicBuckets: boolText.optional(),
  }),
});
const encryptionBody = z.object({
  ServerSideEncryptionConfiguration: z.object({
    Rule: z
      .array(
        z.object({
          ApplyServerSideEncryptionByDefault: z.object({ SSEAlgorithm: z.enum(ServerSideEncryption), KMSMasterKeyID: z.string().optional() }).optional(),
          BucketKeyEnabled: boolText.optional(),
        }),
      )
      .min(1),
  }),
});
const versioningBody = z.object({
  VersioningConfiguration: z.union([
    z.literal(''),
    z.object({ Status: z.enum(BucketVersioningStatus).optional(), MfaDelete: z.enum(['Enabled', 'Disabled']).optional() }),
  ]),
});
const loggingBody = z.object({
  BucketLoggingStatus: z.union([
    z.literal(''),
    z.object({ LoggingEnabled: z.object({ TargetBucket: z.string().min(1), TargetPrefix: z.string().default('') }).optional() }),
  ]),
});
const createBucketBody = z.object({ CreateBucketConfiguration: z.union([z.literal(''), z.object({ LocationConstraint: z.string().optional() })]) });

const BUCKET_NAME = /^(?!\d+\.\d+\.\d+\.\d+$)(?!xn--)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function xmlBody(input: S3Input): unknown {
  const text = input.body.toString('utf8').trim();
  if (text === '') throw new AwsApiError('MissingRequestBodyError', 'Request Body is empty');
  if (XMLValidator.validate(text) !== true) {
    throw new AwsApiError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  }
  return xmlParser.parse(text) as unknown;
}

function noSuchBucket(name: string): AwsApiError {
  return new AwsApiError('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: name });
}

/** The bucket the request names; in another region than the request was signed for, S3 redirects (301). */
function bucketFor(input: S3Input, ctx: CallContext, options: { readonly anyRegion?: boolean } = {}): S3BucketState {
  const name = input.bucket ?? '';
  const bucket = ctx.store.s3.buckets.get(name);
  if (bucket === undefined) throw noSuchBucket(name);
  if (!options.anyRegion && ctx.strictS3Regions && bucket.region !== ctx.region) {
    throw new AwsApiError(
      'PermanentRedirect',
      'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
      301,
      { Endpoint: `s3.${bucket.region}.amazonaws.com`, Bucket: name },
      { 'x-amz-bucket-region': bucket.region },
    );
  }
  return bucket;
}

function xmlDocument(root: string, inner: string): S3Output {
  return { xml: element(root, inner, { xmlns: S3_NAMESPACE }) };
}

const listBuckets: Operation<S3Input, S3Output> = (input, ctx) => {
  const prefix = input.query.get('prefix') ?? undefined;
  const region = input.query.get('bucket-region') ?? undefined;
  const maxText = input.query.get('max-buckets');
  const max = maxText === null ? 10000 : Number(maxText);
  if (!Number.isInteger(max) || max < 1 || max > 10000) throw new AwsApiError('InvalidArgument', 'Argument max-buckets must be an integer between 1 and 10000.', 400, { ArgumentName: 'max-buckets', ArgumentValue: maxText ?? '' });
  const buckets = [...ctx.store.s3.buckets.values()]
    .filter((b) => (prefix === undefined || b.name.startsWith(prefix)) && (region === undefined || b.region === region))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const page = paginate(buckets, {
    listing: `ListBuckets:${prefix ?? ''}:${region ?? ''}`,
    token: input.query.get('continuation-token') ?? undefined,
    pageSize: max,
    invalidToken: () => new AwsApiError('InvalidArgument', 'The continuation token provided is incorrect', 400, { ArgumentName: 'continuation-token' }),
  });
  const items = page.items
    .map((b) => element('Bucket', element('Name', escapeXml(b.name)) + element('CreationDate', b.creationDate.toISOString()) + element('BucketRegion', b.region) + element('BucketArn', `arn:aws:s3:::${b.name}`)))
    .join('');
  const owner = element('Owner', element('ID', OWNER_ID) + element('DisplayName', 'inferguard-simulator'));
  const tail = (page.nextToken === undefined ? '' : element('ContinuationToken', escapeXml(page.nextToken))) + (prefix === undefined ? '' : element('Prefix', escapeXml(prefix)));
  return xmlDocument('ListAllMyBucketsResult', owner + element('Buckets', items) + tail);
};

const headBucket: Operation<S3Input, S3Output> = (input, ctx) => {
  const bucket = bucketFor(input, ctx);
  return { headers: { 'x-amz-bucket-region': bucket.region, 'x-amz-access-point-alias': 'false' } };
};

const getBucketLocation: Operation<S3Input, S3Output> = (input, ctx) => {
  const bucket = bucketFor(input, ctx, { anyRegion: true });
  // Buckets in us-east-1 answer with an empty LocationConstraint.
  return xmlDocument('LocationConstraint', bucket.region === 'us-east-1' ? '' : bucket.region);
};

const getPublicAccessBlock: Operation<S3Input, S3Output> = (input, ctx) => {
  const bucket = bucketFor(input, ctx);
  const config = bucket.publicAccessBlock;
  if (config === undefined) {
    throw new AwsApiError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404, { BucketName: bucket.name });
  }
  const inner = (['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const)
    .map((name) => element(name, String(config[name] ?? false)))
    .join('');
  return xmlDocument('PublicAccessBlockConfiguration', inner);
};

const getBucketPolicy: Operation<S3Input, S3Output> = (input, ctx) => {
  const bucket = bucketFor(input, ctx);
  if (bucket.policy === undefined) throw new AwsApiError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404, { BucketName: bucket.name });
  return { raw: { body: bucket.policy, contentType: 'application/json' } };
};

function encryptionXml(config: ServerSideEncryptionConfiguration): string {
  return (config.Rules ?? [])
    .map((rule) => {
      const byDefault = rule.ApplyServerSideEncryptionByDefault;
      const defaults =
        byDefault === undefined
          ? ''
          : element(
              'ApplyServerSideEncryptionByDefault',
              element('SSEAlgorithm', byDefault.SSEAlgorithm ?? 'AES256') + (byDefault.KMSMasterKeyID === undefined ? '' : element('KMSMasterKeyID', escapeXml(byDefault.KMSMasterKeyID))),
            );
      return element('Rule', defaults + element('BucketKeyEnabled', String(rule.BucketKeyEnabled ?? false)));
    })
    .join('');
}

const getBucketEncryption: Operation<S3Input, S3Output> = (input, ctx) => {
  const bucket = bucketFor(input, ctx);
  if (bucket.encryption === undefined) {
    throw new AwsApiError('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found', 404, { BucketName: bucket.name });
  }
  return xmlDocument('ServerSideEncryptionConfiguration', encryptionXml(bucket.encryption));
};

const getBucketVersioning: Operation<S3Input, S3Output> = (input, ctx) => {
  const bucket = bucketFor(input, ctx);
  const inner = (bucket.versioning === undefined ? '' : element('Status', bucket.versioning)) + (bucket.mfaDelete === undefined ? '' : element('MfaDelete', bucket.mfaDelete));
  return xmlDocument('VersioningConfiguration', inner);
};

const getBucketLogging: Operation<S3Input, S3Output> = (input, ctx) => {
  const bucket = bucketFor(input, ctx);
  const logging = bucket.logging;
  const inner =
    logging === undefined
      ? ''
      : element('LoggingEnabled', element('TargetBucket', escapeXml(logging.TargetBucket ?? '')) + element('TargetPrefix', escapeXml(logging.TargetPrefix ?? '')));
  return xmlDocument('BucketLoggingStatus', inner);
};

const createBucket: Operation<S3Input, S3Output> = (input, ctx) => {
  const name = input.bucket ?? '';
  if (!BUCKET_NAME.test(name) || name.includes('..')) throw new AwsApiError('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: name });
  const body = input.body.length === 0 ? undefined : ctx.validate(createBucketBody, xmlBody(input)).CreateBucketConfiguration;
  const constraint = body === undefined || body === '' ? undefined : body.LocationConstraint;
  if (constraint === 'us-east-1') throw new AwsApiError('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400, { LocationConstraint: constraint });
  if (constraint === undefined && ctx.region !== 'us-east-1') {
    throw new AwsApiError('IllegalLocationConstraintException', `The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.`);
  }
  const region = constraint ?? 'us-east-1';
  const existing = ctx.store.s3.buckets.get(name);
  if (existing !== undefined) {
    // us-east-1 answers a repeated create of one's own bucket with success, for compatibility with old clients.
    if (existing.region === 'us-east-1' && region === 'us-east-1') return { headers: { location: `/${name}` } };
    throw new AwsApiError('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409, { BucketName: name });
  }
  ctx.store.s3.buckets.set(name, {
    name,
    region,
    creationDate: ctx.now,
    publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    encryption: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] },
  });
  return { headers: { location: region === 'us-east-1' ? `/${name}` : `http://${name}.s3.amazonaws.com/` } };
};

const putPublicAccessBlock: Operation<S3Input, S3Output> = (input, ctx) => {
  const bucket = bucketFor(input, ctx);
  bucket.publicAccessBlock = { ...ctx.validate(publicAccessBlockBody, xmlBody(input)).PublicAccessBlockConfiguration };
  return {};
};

/** Whether a bucket policy grants anyone access: an Allow to `*` without a condition. */
function grantsPublicAccess(policy: string): boolean {
  const parsed: unknown = JSON.parse(policy);
  const statements: unknown = typeof parsed === 'object' && parsed !== null && 'Statement' in parsed ? parsed.Statement : [];
  const list: unknown[] = Array.isArray(statements) ? statements : [statements];
  return list.some((s) => {
    if (typeof s !== 'object' || s === null) return false;
    const { Effect, Principal, Condition } = s as { Effect?: unknown; Principal?: unknown; Condition?: unknown };
    const anyone = Principal === '*' || (typeof Principal === 'object' && Principal !== null && 'AWS' in Principal && (Principal.AWS === '*' || (Array.isArray(Principal.AWS) && Principal.AWS.includes('*'))));
    return Effect === 'Allow' && anyone && Condition === undefined;
  });
}

const putBucketPolicy: Operation<S3Input, S3Output> = (input, ctx) => {
  const bucket = bucketFor(input, ctx);
  const policy = input.body.toString('utf8');
  if (!policy.trimStart().startsWith('{') || policyDocumentProblem(policy) !== undefined) {
    throw new AwsApiError('MalformedPolicy', "Policies must be valid JSON and the first byte must be '{'", 400);
  }
  if (bucket.publicAccessBlock?.BlockPublicPolicy === true && grantsPublicAccess(policy)) {
    throw new AwsApiError('AccessDenied', 'User is not authorized to perform: s3:PutBucketPolicy on resource because public policies are blocked by the BlockPublicPolicy block public access setting.', 403);
  }
  bucket.policy = policy;
  return { status: 204 };
};

const putBucketEncryption: Operation<S3Input, S3Output> = (input, ctx) => {
  const bucket = bucketFor(input, ctx);
  const rules = ctx.validate(encryptionBody, xmlBody(input)).ServerSideEncryptionConfiguration.Rule;
  for (const rule of rules) {
    const byDefault = rule.ApplyServerSideEncryptionByDefault;
    if (byDefault?.KMSMasterKeyID !== undefined && !byDefault.SSEAlgorithm.startsWith('aws:kms')) {
      throw new AwsApiError('InvalidArgument', 'a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse', 400, { ArgumentName: 'ApplyServerSideEncryptionByDefault' });
    }
  }
  bucket.encryption = { Rules: rules.map((r) => ({ ApplyServerSideEncryptionByDefault: r.ApplyServerSideEncryptionByDefault, BucketKeyEnabled: r.BucketKeyEnabled })) };
  return {};
};

const putBucketVersioning: Operation<S3Input, S3Output> = (input, ctx) => {
  const bucket = bucketFor(input, ctx);
  const config = ctx.validate(versioningBody, xmlBody(input)).VersioningConfiguration;
  if (config !== '') {
    if (config.Status !== undefined) bucket.versioning = config.Status;
    if (config.MfaDelete !== undefined) bucket.mfaDelete = config.MfaDelete;
  }
  return {};
};

const putBucketLogging: Operation<S3Input, S3Output> = (input, ctx) => {
  const bucket = bucketFor(input, ctx);
  const status = ctx.validate(loggingBody, xmlBody(input)).BucketLoggingStatus;
  const enabled = status === '' ? undefined : status.LoggingEnabled;
  const target = enabled === undefined ? undefined : ctx.store.s3.buckets.get(enabled.TargetBucket);
  if (enabled !== undefined && target === undefined) {
    throw new AwsApiError('InvalidTargetBucketForLogging', 'The target bucket for logging does not exist', 400, { TargetBucket: enabled.TargetBucket });
  }
  if (target !== undefined && target.region !== bucket.region) {
    throw new AwsApiError('CrossLocationLoggingProhibited', 'Cross-location logging not allowed. Buckets in one geographic location cannot log information to a bucket in another location.', 403, { SourceBucketLocation: bucket.region, TargetBucketLocation: target.region });
  }
  bucket.logging = enabled === undefined ? undefined : { TargetBucket: enabled.TargetBucket, TargetPrefix: enabled.TargetPrefix };
  return {};
};

export const s3Service = defineService({
  signingName: 's3',
  actionPrefix: 's3',
  protocol: restXmlProtocol(routes),
  operations: {
    ListBuckets: listBuckets,
    HeadBucket: headBucket,
    GetBucketLocation: getBucketLocation,
    GetPublicAccessBlock: getPublicAccessBlock,
    GetBucketPolicy: getBucketPolicy,
    GetBucketEncryption: getBucketEncryption,
    GetBucketVersioning: getBucketVersioning,
    GetBucketLogging: getBucketLogging,
    CreateBucket: createBucket,
    PutPublicAccessBlock: putPublicAccessBlock,
    PutBucketPolicy: putBucketPolicy,
    PutBucketEncryption: putBucketEncryption,
    PutBucketVersioning: putBucketVersioning,
    PutBucketLogging: putBucketLogging,
  },
});
