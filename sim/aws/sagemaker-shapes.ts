// How SageMaker derives an endpoint's description from its endpoint config and models. Shared by
// CreateEndpoint and by the scenario builders, so seeded and created endpoints look alike.
import { createHash } from 'node:crypto';
import type { DescribeEndpointConfigOutput, DescribeEndpointOutput, DescribeModelOutput, ProductionVariantSummary } from '@aws-sdk/client-sagemaker';

/** `repo@sha256:...` images are pinned; anything else (`repo:tag`, `repo`) is resolved at deploy time. */
export function isPinnedByDigest(image: string): boolean {
  return /@sha256:[0-9a-f]{64}$/.test(image);
}

/** The digest SageMaker would record for a tag: deterministic here, so repeated runs agree. */
export function resolveImage(image: string): string {
  if (isPinnedByDigest(image)) return image;
  const lastSlash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  const repository = colon > lastSlash ? image.slice(0, colon) : image;
  return `${repository}@sha256:${createHash('sha256').update(image).digest('hex')}`;
}

export function modelImage(model: DescribeModelOutput | undefined): string | undefined {
  return model?.PrimaryContainer?.Image ?? model?.Containers?.[0]?.Image;
}

export interface EndpointDerivation {
  readonly name: string;
  readonly arn: string;
  readonly config: DescribeEndpointConfigOutput;
  readonly model: (name: string) => DescribeModelOutput | undefined;
  readonly created: Date;
}

export function describeEndpointFromConfig(args: EndpointDerivation): DescribeEndpointOutput {
  const variants: ProductionVariantSummary[] = (args.config.ProductionVariants ?? []).map((variant) => {
    const image = variant.ModelName === undefined ? undefined : modelImage(args.model(variant.ModelName));
    const weight = variant.InitialVariantWeight ?? 1;
    return {
      VariantName: variant.VariantName,
      DeployedImages: image === undefined ? undefined : [{ SpecifiedImage: image, ResolvedImage: resolveImage(image), ResolutionTime: args.created }],
      CurrentWeight: weight,
      DesiredWeight: weight,
      CurrentInstanceCount: variant.ServerlessConfig ? undefined : variant.InitialInstanceCount,
      DesiredInstanceCount: variant.ServerlessConfig ? undefined : variant.InitialInstanceCount,
      CurrentServerlessConfig: variant.ServerlessConfig,
      DesiredServerlessConfig: variant.ServerlessConfig,
    };
  });
  const capture = args.config.DataCaptureConfig;
  return {
    EndpointName: args.name,
    EndpointArn: args.arn,
    EndpointConfigName: args.config.EndpointConfigName,
    ProductionVariants: variants,
    DataCaptureConfig:
      capture === undefined
        ? undefined
        : {
            EnableCapture: capture.EnableCapture ?? true,
            CaptureStatus: capture.EnableCapture === false ? 'Stopped' : 'Started',
            CurrentSamplingPercentage: capture.InitialSamplingPercentage,
            DestinationS3Uri: capture.DestinationS3Uri,
            KmsKeyId: capture.KmsKeyId,
          },
    EndpointStatus: 'InService',
    CreationTime: args.created,
    LastModifiedTime: args.created,
  };
}
