// The endpoint half of the example: one real-time endpoint and one serverless endpoint from SecureSageMakerEndpoint,
// using the foundation stack's key, bucket, repository and log bucket. Deploy it after the foundation, once the
// image is pushed and the weights and baselines are uploaded (README: "Deploying the example").
// It finds the foundation through the SSM parameters the foundation publishes, read at synth (a CDK context lookup,
// kept in cdk.context.json), so the template holds their literal names and ARNs: a scan can judge it, and no
// CloudFormation export ties the two stacks' lifecycles together.
// No defaults live here: only example data (digest, keys) and the deployer's own decisions.
import { Annotations, Arn, Stack, Validations, type StackProps } from 'aws-cdk-lib';
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

/** What a lookup answers when the foundation's parameter does not exist (yet). */
const NOT_DEPLOYED = 'inferguard-foundation-not-deployed';

export interface InferenceStackProps extends StackProps {
  /** The name of the deployed foundation stack whose resources the endpoints use. */
  readonly foundationStackName: string;
  /** Props merged over the real-time endpoint's example props (for tests of weakened stacks). */
  readonly realtime?: Partial<SecureSageMakerEndpointProps>;
  /** Props merged over the serverless endpoint's example props. */
  readonly serverless?: Partial<SecureSageMakerEndpointProps>;
}

/** The foundation's published values, read at synth; undefined for those not (yet) published. */
function lookUpFoundation(scope: Construct, foundationStackName: string): Partial<Record<FoundationOutput, string>> {
  const values: Partial<Record<FoundationOutput, string>> = {};
  for (const output of FOUNDATION_OUTPUTS) {
    const value = ssm.StringParameter.valueFromLookup(scope, foundationParameterName(foundationStackName, output), NOT_DEPLOYED);
    if (value !== NOT_DEPLOYED && !value.startsWith('dummy-value-for-')) values[output] = value;
  }
  return values;
}

export class InferenceStack extends Stack {
  readonly realtime: SecureSageMakerEndpoint;
  readonly serverless: SecureSageMakerEndpoint;

  constructor(scope: Construct, id: string, props: InferenceStackProps) {
    super(scope, id, props);
    const found = lookUpFoundation(this, props.foundationStackName);
    const missing = FOUNDATION_OUTPUTS.filter((o) => found[o] === undefined);
    if (missing.length > 0) {
      // Deploying the foundation alone must still work, so this is an error of this stack only.
      Annotations.of(this).addError(
        `The foundation stack ${props.foundationStackName} has not published ${missing.join(', ')} (SSM parameters ${missing.map((o) => foundationParameterName(props.foundationStackName, o)).join(', ')}). ` +
          `Deploy it first (npx cdk deploy ${props.foundationStackName}); if you synthesized before it existed, clear the cached lookups (npx cdk context --clear) and deploy again.`,
      );
    }
    const keyArn = found['key-arn'] ?? Arn.format({ service: 'kms', resource: 'key', resourceName: '00000000-0000-0000-0000-000000000000' }, this);
    const key = kms.Key.fromKeyArn(this, 'FoundationKey', keyArn);
    const bucket = s3.Bucket.fromBucketAttributes(this, 'FoundationBucket', { bucketName: found['bucket-name'] ?? NOT_DEPLOYED, encryptionKey: key });
    const repositoryName = found['repository-name'] ?? NOT_DEPLOYED;
    const repository = ecr.Repository.fromRepositoryAttributes(this, 'FoundationRepository', {
      repositoryName,
      repositoryArn: Arn.format({ service: 'ecr', resource: 'repository', resourceName: repositoryName }, this),
    });
    const logBucket = s3.Bucket.fromBucketName(this, 'FoundationLogBucket', found['log-bucket-name'] ?? NOT_DEPLOYED);

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

    // The key, bucket and repository come from the foundation stack, made there by the construct's factories and
    // judged by `inferguard scan` on its template; the endpoints cannot re-verify them from here.
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
  }
}
