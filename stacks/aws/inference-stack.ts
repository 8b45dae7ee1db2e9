// The endpoint half of the example: one real-time endpoint and one serverless endpoint from SecureSageMakerEndpoint,
// using the foundation stack's key, bucket, repository and log bucket. Deploy it after the foundation, once the
// image is pushed and the weights and baselines are uploaded (README: "Deploying the example").
// It finds the foundation through the SSM parameters the foundation publishes, read when the stack is deployed
// (template parameters of type AWS::SSM::Parameter::Value<String>): nothing is looked up or cached at synth, no
// CloudFormation export ties the two stacks' lifecycles together, and `inferguard scan cdk.out` (or the CDK plugin),
// which reads both templates, judges the endpoints on the key, bucket and repository the foundation declares.
// No defaults live here: only example data (digest, keys) and the deployer's own decisions.
import { Arn, CfnParameter, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct, IConstruct } from 'constructs';
import { SecureSageMakerEndpoint } from '../../providers/aws/construct/secure-sagemaker-endpoint';
import type { SecureSageMakerEndpointProps } from '../../providers/aws/construct/props';
import { warningId, type ControlId } from '../../providers/aws/construct/weakening';
import { FOUNDATION_OUTPUTS, foundationParameterName, type FoundationOutput } from './foundation-stack';

/** Example data: replace with your image digest and the keys of your model artifacts. */
export const EXAMPLE_IMAGE_DIGEST = 'sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945';
export const EXAMPLE_MODEL_DATA_KEY = 'models/churn/model.tar.gz';
export const EXAMPLE_SERVERLESS_MODEL_DATA_KEY = 'models/churn-lite/model.tar.gz';
export const EXAMPLE_BASELINE_STATISTICS_KEY = 'baselines/churn/statistics.json';
export const EXAMPLE_BASELINE_CONSTRAINTS_KEY = 'baselines/churn/constraints.json';

export interface InferenceStackProps extends StackProps {
  /** The name of the deployed foundation stack whose resources the endpoints use. */
  readonly foundationStackName: string;
  /** Props merged over the real-time endpoint's example props (for tests of weakened stacks). */
  readonly realtime?: Partial<SecureSageMakerEndpointProps>;
  /** Props merged over the serverless endpoint's example props. */
  readonly serverless?: Partial<SecureSageMakerEndpointProps>;
}

/** The foundation's published values: CloudFormation reads each from its SSM parameter when this stack is deployed. */
function readFoundation(scope: Construct, foundationStackName: string): Record<FoundationOutput, string> {
  return Object.fromEntries(
    FOUNDATION_OUTPUTS.map((output) => [output, ssm.StringParameter.valueForStringParameter(scope, foundationParameterName(foundationStackName, output))]),
  ) as Record<FoundationOutput, string>;
}

export class InferenceStack extends Stack {
  readonly realtime: SecureSageMakerEndpoint;
  readonly serverless: SecureSageMakerEndpoint;

  constructor(scope: Construct, id: string, props: InferenceStackProps) {
    super(scope, id, props);
    const found = readFoundation(this, props.foundationStackName);
    const key = kms.Key.fromKeyArn(this, 'FoundationKey', found['key-arn']);
    const bucket = s3.Bucket.fromBucketAttributes(this, 'FoundationBucket', { bucketName: found['bucket-name'], encryptionKey: key });
    const repository = ecr.Repository.fromRepositoryAttributes(this, 'FoundationRepository', {
      repositoryName: found['repository-name'],
      repositoryArn: Arn.format({ service: 'ecr', resource: 'repository', resourceName: found['repository-name'] }, this),
    });
    const logBucket = s3.Bucket.fromBucketName(this, 'FoundationLogBucket', found['log-bucket-name']);

    const foundation = { encryptionKey: key, bucket, repository, accessLogBucket: logBucket };
    this.realtime = new SecureSageMakerEndpoint(this, 'Realtime', {
      imageDigest: EXAMPLE_IMAGE_DIGEST,
      modelDataKey: EXAMPLE_MODEL_DATA_KEY,
      dataCapture: { jsonContentTypes: ['application/json'] },
      monitoring: { baselineStatisticsKey: EXAMPLE_BASELINE_STATISTICS_KEY, baselineConstraintsKey: EXAMPLE_BASELINE_CONSTRAINTS_KEY },
      ...foundation,
      ...props.realtime,
    });
    this.serverless = new SecureSageMakerEndpoint(this, 'Serverless', {
      imageDigest: EXAMPLE_IMAGE_DIGEST,
      modelDataKey: EXAMPLE_SERVERLESS_MODEL_DATA_KEY,
      serverless: { memorySizeInMb: 2048, maxConcurrency: 5 },
      ...foundation,
      ...props.serverless,
    });

    // The key, bucket and repository come from the foundation stack, made there by the construct's factories; the
    // construct cannot re-verify them from here, but inferguard (scan cdk.out, the CDK plugin) judges them in that stack's template.
    const reason = `Created by the foundation stack ${props.foundationStackName} with createEncryptionKey / createArtifactBucket / createModelRepository (the secure defaults), and judged by inferguard scan on that stack's template.`;
    const brought: ControlId[] = [
      'key-rotation-enabled',
      'key-not-public',
      'artifact-store-private',
      'artifact-store-tls-only',
      'artifact-store-customer-key',
      'image-repository-scan-on-push',
      'image-repository-immutable-tags',
      'image-repository-not-public',
    ];
    for (const endpoint of [this.realtime, this.serverless] as IConstruct[]) {
      for (const control of brought) Validations.of(endpoint).acknowledge({ id: warningId(control), reason });
    }

    // The log bucket is only used where an endpoint creates a VPC (its flow logs): a parameter nothing reads
    // would be an unused CloudFormation parameter (cfn-lint W2001), so it is dropped then.
    if (this.realtime.accessLogBucket !== logBucket && this.serverless.accessLogBucket !== logBucket) {
      const name = foundationParameterName(props.foundationStackName, 'log-bucket-name');
      const unused = this.node.children.find((child) => child instanceof CfnParameter && child.default === name);
      if (unused) this.node.tryRemoveChild(unused.node.id);
    }
  }
}
