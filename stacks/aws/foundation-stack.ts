// The long-lived half of the example: the customer-managed key, the artifact bucket (model weights, captured data,
// monitoring baselines and reports), the image repository and the log bucket. It is deployed first, so the image
// can be pushed and the weights and baselines uploaded before the endpoint stack (inference-stack.ts) needs them.
// Every resource is made by the construct's own factories (secure defaults, the same synth-time warnings), and
// kept when the stack is deleted, but not after a failed first create (RetainExceptOnCreate), so a retry never meets
// an orphan. CloudFormation names everything but the artifact bucket, whose name carries the stack name, account and
// region (unique to this stack); the endpoint stack finds them all through SSM parameters, which CloudFormation
// reads when that stack is deployed (and `inferguard scan cdk.out` resolves to the resources declared here).
import { Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { createAccessLogBucket, createArtifactBucket, createEncryptionKey, createModelRepository, FLOW_LOG_PREFIX } from '../../providers/aws/construct/resources';

/** What the endpoint stack needs of the foundation, and the SSM parameter each is published under. */
export const FOUNDATION_OUTPUTS = ['key-arn', 'bucket-name', 'repository-name', 'log-bucket-name'] as const;
export type FoundationOutput = (typeof FOUNDATION_OUTPUTS)[number];

/** `/inferguard/<foundation stack name>/<output>`: unique per foundation stack, so two foundations never collide. */
export function foundationParameterName(foundationStackName: string, output: FoundationOutput): string {
  return `/inferguard/${foundationStackName}/${output}`;
}

/** `<stack>-artifacts-<account>-<region>`, lower case, the stack part shortened to keep S3's 63-character limit. */
export function artifactBucketName(stackName: string, account: string, region: string): string {
  const suffix = `-artifacts-${account}-${region}`;
  return `${stackName.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, Math.max(3, 63 - suffix.length))}${suffix}`;
}

export interface FoundationStackProps extends StackProps {
  /** ARN of the role or user that administers the key (it must include the deployer). @default the account */
  readonly keyAdministratorArn?: string;
  /** Overrides of the secure defaults (each weakening warns at synth, as on the construct). */
  readonly keyProps?: Partial<kms.KeyProps>;
  readonly bucketProps?: Partial<s3.BucketProps>;
  readonly repositoryProps?: Partial<ecr.RepositoryProps>;
}

export class FoundationStack extends Stack {
  readonly key: kms.Key;
  readonly bucket: s3.Bucket;
  readonly repository: ecr.Repository;
  readonly logBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: FoundationStackProps = {}) {
    super(scope, id, props);
    this.key = createEncryptionKey(this, 'Key', props.keyProps, props.keyAdministratorArn);
    // Receives the artifact bucket's access logs and the endpoint stack's VPC flow logs (whose delivery it allows here).
    this.logBucket = createAccessLogBucket(this, 'AccessLogs', { flowLogPrefix: FLOW_LOG_PREFIX });
    this.bucket = createArtifactBucket(this, 'ArtifactBucket', {
      key: this.key,
      accessLogBucket: this.logBucket,
      bucketProps: { bucketName: artifactBucketName(this.stackName, this.account, this.region), ...props.bucketProps },
    });
    this.repository = createModelRepository(this, 'Repository', this.key, props.repositoryProps);

    const published: Record<FoundationOutput, string> = {
      'key-arn': this.key.keyArn,
      'bucket-name': this.bucket.bucketName,
      'repository-name': this.repository.repositoryName,
      'log-bucket-name': this.logBucket.bucketName,
    };
    for (const output of FOUNDATION_OUTPUTS) {
      new ssm.StringParameter(this, `Parameter-${output}`, {
        parameterName: foundationParameterName(this.stackName, output),
        stringValue: published[output],
        description: `inferguard foundation ${this.stackName}: ${output} (read by the endpoint stack when it is deployed)`,
      });
    }

    // Deployment decisions (not construct defaults), recorded where cdk-nag and auditors will read them.
    for (const bucket of [this.bucket, this.logBucket]) {
      Validations.of(bucket).acknowledge({
        id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
        reason:
          'Single-region example deployment: the model artifacts are build outputs that the pipeline can republish, captured data and logs are kept versioned in this region. Add replication rules when a recovery objective requires a second region.',
      });
    }
  }
}
