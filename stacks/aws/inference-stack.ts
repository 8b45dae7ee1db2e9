// Example stack: one real-time endpoint and one serverless endpoint, both from SecureSageMakerEndpoint
// with its defaults. The serverless endpoint shares the real-time one's key, bucket and repository.
// No defaults live here: only example data (digest, keys) and the deployer's own decisions.
import { Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { SecureSageMakerEndpoint } from '../../providers/aws/construct/secure-sagemaker-endpoint';
import type { SecureSageMakerEndpointProps } from '../../providers/aws/construct/props';

/** Example data: replace with your image digest and the keys of your model artifacts. */
export const EXAMPLE_IMAGE_DIGEST = 'sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945';
export const EXAMPLE_MODEL_DATA_KEY = 'models/churn/model.tar.gz';
export const EXAMPLE_SERVERLESS_MODEL_DATA_KEY = 'models/churn-lite/model.tar.gz';
/** The Model Monitor analyzer image of us-east-1 (`sagemaker.image_uris.retrieve("model-monitor", "us-east-1")`). */
export const EXAMPLE_ANALYZER_IMAGE_URI = '156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer';

export interface InferenceStackProps extends StackProps {
  /** Props merged over the real-time endpoint's example props (for tests of weakened stacks). */
  readonly realtime?: Partial<SecureSageMakerEndpointProps>;
  /** Props merged over the serverless endpoint's example props. */
  readonly serverless?: Partial<SecureSageMakerEndpointProps>;
}

export class InferenceStack extends Stack {
  readonly realtime: SecureSageMakerEndpoint;
  readonly serverless: SecureSageMakerEndpoint;

  constructor(scope: Construct, id: string, props: InferenceStackProps = {}) {
    super(scope, id, props);

    this.realtime = new SecureSageMakerEndpoint(this, 'Realtime', {
      imageDigest: EXAMPLE_IMAGE_DIGEST,
      modelDataKey: EXAMPLE_MODEL_DATA_KEY,
      dataCapture: { jsonContentTypes: ['application/json'] },
      monitoring: {
        analyzerImageUri: EXAMPLE_ANALYZER_IMAGE_URI,
        baselineStatisticsKey: 'baselines/churn/statistics.json',
        baselineConstraintsKey: 'baselines/churn/constraints.json',
      },
      ...props.realtime,
    });

    this.serverless = new SecureSageMakerEndpoint(this, 'Serverless', {
      imageDigest: EXAMPLE_IMAGE_DIGEST,
      modelDataKey: EXAMPLE_SERVERLESS_MODEL_DATA_KEY,
      serverless: { memorySizeInMb: 2048, maxConcurrency: 5 },
      encryptionKey: this.realtime.key,
      bucket: this.realtime.bucket,
      repository: this.realtime.repository,
      ...props.serverless,
    });

    // Deployment decisions (not construct defaults), recorded where cdk-nag and auditors will read them.
    for (const bucket of [this.realtime.bucket, this.realtime.accessLogBucket]) {
      if (bucket) {
        Validations.of(bucket).acknowledge({
          id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
          reason:
            'Single-region example deployment: the model artifacts are build outputs that the pipeline can republish, captured data and logs are kept versioned in this region. Add replication rules when a recovery objective requires a second region.',
        });
      }
    }
  }
}
