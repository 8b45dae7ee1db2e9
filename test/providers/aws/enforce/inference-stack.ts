// A CDK stack with one SageMaker endpoint and everything it uses, compliant with the default
// baseline unless told otherwise. Built from CDK's own constructs so the templates are what CDK writes.
import { Duration, Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib/core';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import type { Construct } from 'constructs';

export const IMAGE_DIGEST = `sha256:${'b'.repeat(64)}`;

export interface InferenceStackOptions extends StackProps {
  /** AWS::SageMaker::Model.EnableNetworkIsolation. Default true. */
  readonly networkIsolation?: boolean;
  /** Overrides the endpoint config's KmsKeyId (e.g. with a token the template cannot resolve). */
  readonly storageKeyId?: string;
}

export class InferenceStack extends Stack {
  readonly model: sagemaker.CfnModel;
  readonly endpoint: sagemaker.CfnEndpoint;

  constructor(scope: Construct, id: string, options: InferenceStackOptions = {}) {
    super(scope, id, options);
    const key = new kms.Key(this, 'Key', { enableKeyRotation: true, rotationPeriod: Duration.days(180), removalPolicy: RemovalPolicy.DESTROY });
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      restrictDefaultSecurityGroup: false,
      subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    vpc.addInterfaceEndpoint('Runtime', { service: ec2.InterfaceVpcEndpointAwsService.SAGEMAKER_RUNTIME, privateDnsEnabled: true });
    vpc.addInterfaceEndpoint('Api', { service: ec2.InterfaceVpcEndpointAwsService.SAGEMAKER_API, privateDnsEnabled: true });
    const modelGroup = new ec2.SecurityGroup(this, 'ModelGroup', { vpc, allowAllOutbound: false, description: 'inference containers' });

    const bucket = new s3.Bucket(this, 'Models', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      enforceSSL: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      serverAccessLogsPrefix: 'access/',
    });
    const repository = new ecr.Repository(this, 'Images', {
      imageScanOnPush: true,
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      encryption: ecr.RepositoryEncryption.KMS,
      encryptionKey: key,
    });
    const role = new iam.Role(this, 'ExecutionRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    bucket.grantRead(role);
    repository.grantPull(role);

    this.model = new sagemaker.CfnModel(this, 'Model', {
      executionRoleArn: role.roleArn,
      enableNetworkIsolation: options.networkIsolation ?? true,
      vpcConfig: {
        subnets: vpc.isolatedSubnets.map((s) => s.subnetId),
        securityGroupIds: [modelGroup.securityGroupId],
      },
      primaryContainer: {
        image: repository.repositoryUriForDigest(IMAGE_DIGEST),
        modelDataUrl: bucket.s3UrlForObject('models/model.tar.gz'),
      },
    });
    this.model.node.addDependency(role);
    const config = new sagemaker.CfnEndpointConfig(this, 'EndpointConfig', {
      kmsKeyId: options.storageKeyId ?? key.keyArn,
      productionVariants: [
        { variantName: 'AllTraffic', modelName: this.model.attrModelName, instanceType: 'ml.m5.xlarge', initialInstanceCount: 2, initialVariantWeight: 1 },
      ],
      dataCaptureConfig: {
        enableCapture: true,
        initialSamplingPercentage: 10,
        destinationS3Uri: bucket.s3UrlForObject('capture'),
        kmsKeyId: key.keyArn,
        captureOptions: [{ captureMode: 'Input' }, { captureMode: 'Output' }],
      },
    });
    this.endpoint = new sagemaker.CfnEndpoint(this, 'Endpoint', { endpointConfigName: config.attrEndpointConfigName });
    new sagemaker.CfnMonitoringSchedule(this, 'Monitoring', {
      monitoringScheduleName: 'data-quality',
      monitoringScheduleConfig: {
        scheduleConfig: { scheduleExpression: 'cron(0 * ? * * *)' },
        monitoringJobDefinition: {
          roleArn: role.roleArn,
          monitoringAppSpecification: { imageUri: Fn.sub('156813124566.dkr.ecr.${AWS::Region}.amazonaws.com/sagemaker-model-monitor-analyzer') },
          monitoringInputs: [{ endpointInput: { endpointName: this.endpoint.attrEndpointName, localPath: '/opt/ml/processing/input' } }],
          monitoringOutputConfig: { monitoringOutputs: [{ s3Output: { localPath: '/opt/ml/processing/output', s3Uri: bucket.s3UrlForObject('monitoring') } }] },
          monitoringResources: { clusterConfig: { instanceCount: 1, instanceType: 'ml.m5.large', volumeSizeInGb: 20 } },
        },
      },
    });
  }
}
