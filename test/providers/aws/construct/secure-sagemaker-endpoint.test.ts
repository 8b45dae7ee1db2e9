import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { SAGEMAKER_VPC_ENI_ACTIONS } from '../../../../providers/aws/construct/execution-role';
import type { SecureSageMakerEndpoint } from '../../../../providers/aws/construct/secure-sagemaker-endpoint';
import { COMPLIANT, DIGEST, inferguardWarnings, newStack, synthEndpoint } from './support';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>>; Principal?: unknown };

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

function onlyProperties(template: Template, type: string): Record<string, unknown> {
  const resources = Object.values(template.findResources(type));
  expect(resources).toHaveLength(1);
  return (resources[0] as { Properties: Record<string, unknown> }).Properties;
}

describe('SecureSageMakerEndpoint defaults (real-time)', () => {
  let template: Template;
  let stack: Stack;
  let endpoint: SecureSageMakerEndpoint;
  beforeAll(() => {
    ({ template, stack, endpoint } = synthEndpoint(COMPLIANT));
  });

  it('meets the whole baseline: no inferguard warning', () => {
    expect(inferguardWarnings(stack)).toEqual([]);
  });

  it('model: network isolation, VPC config, private ECR image pinned by digest, model data from the bucket', () => {
    template.hasResourceProperties('AWS::SageMaker::Model', {
      EnableNetworkIsolation: true,
      VpcConfig: { Subnets: Match.anyValue(), SecurityGroupIds: [Match.anyValue()] },
      PrimaryContainer: {
        Image: { 'Fn::Join': ['', Match.arrayWith(['111122223333.dkr.ecr.us-east-1.', `@${DIGEST}`])] },
        ModelDataUrl: { 'Fn::Join': ['', ['s3://', Match.anyValue(), '/models/m/model.tar.gz']] },
      },
    });
    const model = onlyProperties(template, 'AWS::SageMaker::Model') as { VpcConfig: { Subnets: unknown[] } };
    expect(model.VpcConfig.Subnets).toHaveLength(2);
  });

  it('endpoint config: customer key on storage and on captured data, 2 instances of an EBS-backed type', () => {
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      KmsKeyId: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
      ProductionVariants: [Match.objectLike({ InitialInstanceCount: 2, InstanceType: 'ml.m5.xlarge', VariantName: 'AllTraffic' })],
      DataCaptureConfig: Match.objectLike({
        EnableCapture: true,
        InitialSamplingPercentage: 20,
        KmsKeyId: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
        CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
        DestinationS3Uri: { 'Fn::Join': ['', ['s3://', Match.anyValue(), '/data-capture']] },
      }),
    });
  });

  it('the config, the capture and the bucket all use the one customer key', () => {
    const config = onlyProperties(template, 'AWS::SageMaker::EndpointConfig') as { KmsKeyId: unknown; DataCaptureConfig: { KmsKeyId: unknown } };
    const keyId = Object.keys(template.findResources('AWS::KMS::Key'))[0];
    expect(config.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(config.DataCaptureConfig.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } } })] },
    });
  });

  it('endpoint with a fixed name, and its encrypted, retained log group created first', () => {
    template.hasResourceProperties('AWS::SageMaker::Endpoint', { EndpointName: endpoint.endpointName });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: `/aws/sagemaker/Endpoints/${endpoint.endpointName}`, KmsKeyId: Match.anyValue(), RetentionInDays: 365 },
      DeletionPolicy: 'RetainExceptOnCreate',
    });
    const [, endpointResource] = Object.entries(template.findResources('AWS::SageMaker::Endpoint'))[0] as [string, { DependsOn: string[] }];
    const logGroupId = Object.keys(template.findResources('AWS::Logs::LogGroup'))[0];
    expect(endpointResource.DependsOn).toContain(logGroupId);
  });

  it('auto scaling: minimum is the instance count, target tracking on invocations per instance', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ServiceNamespace: 'sagemaker',
      ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      ResourceId: `endpoint/${endpoint.endpointName}/variant/AllTraffic`,
      MinCapacity: 2,
      MaxCapacity: 4,
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' }, TargetValue: 100 },
    });
  });

  it('key: rotation on, no public principal, retained', () => {
    template.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'RetainExceptOnCreate' });
    const key = onlyProperties(template, 'AWS::KMS::Key') as { KeyPolicy: { Statement: Statement[] } };
    for (const s of key.KeyPolicy.Statement) expect(JSON.stringify(s.Principal)).not.toMatch(/"\*"/);
  });

  it('artifact bucket: all public access blocked, versioned, access-logged to the log bucket, TLS-only policy', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: Match.objectLike({ ServerSideEncryptionConfiguration: [Match.objectLike({ BucketKeyEnabled: true })] }),
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'artifact-bucket/' },
    });
    // The log target is SSE-S3: S3 access logging cannot deliver to SSE-KMS buckets.
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy')) as { Properties: { PolicyDocument: { Statement: Statement[] } } }[];
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      );
    }
    const logPolicy = policies.find((p) => JSON.stringify(p).includes('logging.s3.amazonaws.com'))!;
    expect(JSON.stringify(logPolicy)).toContain('delivery.logs.amazonaws.com');
  });

  it('repository: scan on push, immutable tags, KMS, no repository policy', () => {
    template.hasResourceProperties('AWS::ECR::Repository', {
      ImageScanningConfiguration: { ScanOnPush: true },
      ImageTagMutability: 'IMMUTABLE',
      EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: Match.anyValue() },
      RepositoryPolicyText: Match.absent(),
    });
  });

  it('VPC: isolated subnets only, no internet gateway or NAT, flow logs to S3', () => {
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::Subnet', 2);
    template.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false });
    template.hasResourceProperties('AWS::EC2::FlowLog', { LogDestinationType: 's3', TrafficType: 'ALL' });
  });

  it('security groups: no ingress except HTTPS from the model (and named clients) into the VPC endpoints', () => {
    for (const group of Object.values(template.findResources('AWS::EC2::SecurityGroup')) as { Properties: Record<string, unknown> }[]) {
      expect(group.Properties.SecurityGroupIngress).toBeUndefined();
    }
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')) as { Properties: Record<string, unknown> }[];
    expect(ingress).toHaveLength(1);
    const modelGroupId = Object.keys(template.findResources('AWS::EC2::SecurityGroup')).find((id) => id.includes('ModelSecurityGroup'))!;
    expect(ingress[0].Properties).toMatchObject({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, SourceSecurityGroupId: { 'Fn::GetAtt': [modelGroupId, 'GroupId'] } });
    expect(ingress[0].Properties.CidrIp).toBeUndefined();
  });

  it('interface endpoints with private DNS for sagemaker.api/.runtime, and logs/monitoring for Model Monitor; an S3 gateway endpoint', () => {
    for (const service of ['sagemaker.api', 'sagemaker.runtime', 'logs', 'monitoring']) {
      template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
        ServiceName: `com.amazonaws.us-east-1.${service}`,
        VpcEndpointType: 'Interface',
        PrivateDnsEnabled: true,
        PolicyDocument: Match.objectLike({ Statement: Match.anyValue() }),
      });
    }
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway', ServiceName: { 'Fn::Join': ['', Match.arrayWith(['.s3'])] } });
  });

  it('endpoint policies: runtime invokes only this endpoint; S3 allows the model bucket and ECR layer bucket only', () => {
    const endpoints = Object.values(template.findResources('AWS::EC2::VPCEndpoint')) as { Properties: { ServiceName: unknown; PolicyDocument: { Statement: Statement[] } } }[];
    const runtime = endpoints.find((e) => e.Properties.ServiceName === 'com.amazonaws.us-east-1.sagemaker.runtime')!;
    expect(runtime.Properties.PolicyDocument.Statement).toHaveLength(1);
    const invoke = runtime.Properties.PolicyDocument.Statement[0];
    expect(asList(invoke.Action)).toEqual(['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointAsync', 'sagemaker:InvokeEndpointWithResponseStream']);
    expect(JSON.stringify(invoke.Resource)).toContain(`:endpoint/${endpoint.endpointName.toLowerCase()}`);
    expect(invoke.Condition).toEqual({ StringEquals: { 'aws:PrincipalAccount': '111122223333' } });

    const gateway = endpoints.find((e) => JSON.stringify(e.Properties.ServiceName).includes('.s3'))!;
    const resources = gateway.Properties.PolicyDocument.Statement.flatMap((s) => asList(s.Resource)).map((r) => JSON.stringify(r));
    expect(resources.some((r) => r.includes('prod-us-east-1-starport-layer-bucket/*'))).toBe(true);
    expect(resources.filter((r) => !r.includes('starport')).every((r) => r.includes(Object.keys(template.findResources('AWS::S3::Bucket')).find((id) => id.includes('ArtifactBucket'))!))).toBe(true);
  });

  it('execution role: assumed by SageMaker only, no wildcard actions, managed (not inline) policy', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Action: 'sts:AssumeRole', Principal: { Service: 'sagemaker.amazonaws.com' } })] },
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
    for (const policy of Object.values(template.findResources('AWS::IAM::ManagedPolicy')) as { Properties: { PolicyDocument: { Statement: Statement[] } } }[]) {
      for (const s of policy.Properties.PolicyDocument.Statement) {
        for (const action of asList(s.Action)) expect(action).not.toContain('*');
      }
    }
  });

  it('execution role: scoped to the model object, its key, its repository, its log group; * only where AWS requires it', () => {
    const policy = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).find((p) => JSON.stringify(p).includes('execution role')) as {
      Properties: { PolicyDocument: { Statement: (Statement & { Sid: string })[] } };
    };
    const bySid = Object.fromEntries(policy.Properties.PolicyDocument.Statement.map((s) => [s.Sid, s]));
    expect(JSON.stringify(bySid.ReadTheModelData.Resource)).toContain('/models/m/model.tar.gz');
    expect(bySid.ListOnlyTheModelPrefix.Condition).toEqual({ StringLike: { 's3:prefix': ['models/m/model.tar.gz'] } });
    expect(JSON.stringify(bySid.WriteCapturedData.Resource)).toContain(`/data-capture/${endpoint.endpointName}/*`);
    // Captured data is written encrypted: Encrypt and DescribeKey besides Decrypt and data keys.
    expect(asList(bySid.UseTheKey.Action)).toEqual(['kms:Decrypt', 'kms:GenerateDataKey', 'kms:Encrypt', 'kms:DescribeKey']);
    expect(asList(bySid.PullTheImage.Action)).toEqual(['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer']);
    expect(JSON.stringify(bySid.WriteLogs.Resource)).toContain(`log-group:/aws/sagemaker/Endpoints/${endpoint.endpointName}`);
    expect(bySid.PublishMetrics.Condition).toEqual({ StringEquals: { 'cloudwatch:namespace': '/aws/sagemaker/Endpoints' } });
    // The ENI actions exactly as the SageMaker developer guide lists them, on "*" (validated at model creation).
    expect(bySid.ManageModelEnis.Condition).toBeUndefined();
    const onEverything = policy.Properties.PolicyDocument.Statement.filter((s) => s.Resource === '*').flatMap((s) => asList(s.Action));
    expect(onEverything.sort()).toEqual(['cloudwatch:PutMetricData', 'ecr:GetAuthorizationToken', ...SAGEMAKER_VPC_ENI_ACTIONS].sort());
  });

  it('every role SageMaker assumes carries the confused-deputy conditions; updates keep autoscaled counts', () => {
    const roles = Object.values(template.findResources('AWS::IAM::Role')) as { Properties: { AssumeRolePolicyDocument: { Statement: { Condition?: unknown }[] } } }[];
    expect(roles.length).toBe(2);
    for (const role of roles) {
      expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Condition).toEqual({
        StringEquals: { 'aws:SourceAccount': '111122223333' },
        ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:us-east-1:111122223333:*']] } },
      });
    }
    template.hasResourceProperties('AWS::SageMaker::Endpoint', { RetainAllVariantProperties: true });
  });

  it('monitoring: a data-quality schedule on the endpoint, isolated job in the VPC, outputs and volume under the key', () => {
    template.hasResourceProperties('AWS::SageMaker::MonitoringSchedule', {
      EndpointName: endpoint.endpointName,
      MonitoringScheduleConfig: Match.objectLike({ MonitoringType: 'DataQuality', ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' } }),
    });
    template.hasResourceProperties('AWS::SageMaker::DataQualityJobDefinition', {
      DataQualityAppSpecification: { ImageUri: '156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer' },
      DataQualityJobInput: { EndpointInput: Match.objectLike({ EndpointName: endpoint.endpointName }) },
      DataQualityJobOutputConfig: Match.objectLike({ KmsKeyId: Match.anyValue() }),
      JobResources: { ClusterConfig: Match.objectLike({ VolumeKmsKeyId: Match.anyValue(), InstanceType: 'ml.m5.xlarge' }) },
      NetworkConfig: { EnableNetworkIsolation: true, EnableInterContainerTrafficEncryption: true, VpcConfig: Match.anyValue() },
      StoppingCondition: { MaxRuntimeInSeconds: 3600 },
    });
  });

  it('exposes the resources it created', () => {
    expect(endpoint.vpc).toBeInstanceOf(ec2.Vpc);
    expect(endpoint.securityGroup).toBeDefined();
    expect(endpoint.privateApiPath && Object.keys(endpoint.privateApiPath.interfaceEndpoints).sort()).toEqual(['logs', 'monitoring', 'sagemaker.api', 'sagemaker.runtime']);
    expect(endpoint.monitoringSchedule).toBeDefined();
    expect(endpoint.scalableTarget).toBeDefined();
    expect(endpoint.accessLogBucket).toBeDefined();
    for (const resource of [endpoint.role, endpoint.key, endpoint.bucket, endpoint.repository, endpoint.model, endpoint.endpointConfig, endpoint.endpoint]) expect(resource).toBeDefined();
  });
});

describe('model data as an uncompressed prefix', () => {
  it('uses ModelDataSource S3Prefix and scopes the role to the prefix', () => {
    const { template } = synthEndpoint({ ...COMPLIANT, modelDataKey: 'models/m/files/' });
    template.hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: Match.objectLike({
        ModelDataUrl: Match.absent(),
        ModelDataSource: { S3DataSource: { S3Uri: { 'Fn::Join': ['', ['s3://', Match.anyValue(), '/models/m/files/']] }, S3DataType: 'S3Prefix', CompressionType: 'None' } },
      }),
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'ListOnlyTheModelPrefix', Condition: { StringLike: { 's3:prefix': ['models/m/files/*'] } } })]) },
    });
  });
});

describe('a VPC the user brings', () => {
  it('places the model in its isolated subnets and adds the endpoints by default', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Shared', { maxAzs: 3, subnetConfiguration: [{ name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const { template, endpoint } = synthEndpoint({ ...COMPLIANT, vpc }, stack);
    expect(endpoint.vpc).toBe(vpc);
    const model = onlyProperties(template, 'AWS::SageMaker::Model') as { VpcConfig: { Subnets: unknown[] } };
    expect(model.VpcConfig.Subnets).toHaveLength(3);
    expect(Object.keys(template.findResources('AWS::EC2::VPCEndpoint'))).toHaveLength(5);
    expect(inferguardWarnings(stack)).toEqual([]);
  });

  it('admits the named client security groups to the endpoints on 443', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Shared', { maxAzs: 2, subnetConfiguration: [{ name: 'iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc });
    const { template } = synthEndpoint({ ...COMPLIANT, vpc, allowedClientSecurityGroups: [client] }, stack);
    const clientId = Object.keys(template.findResources('AWS::EC2::SecurityGroup')).find((id) => id.startsWith('Client'))!;
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 443, ToPort: 443, SourceSecurityGroupId: { 'Fn::GetAtt': [clientId, 'GroupId'] } });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 2);
  });
});
