import { LOCAL_STORAGE_VOLUME_REASON, SERVERLESS_UNSUPPORTED } from '../../../../providers/aws/platform';
import { inventoryOf, reasonOf, resourceOf, STACK, valueOf } from './helpers';

const DIGEST = `sha256:${'c'.repeat(64)}`;

type Props = Record<string, unknown>;

/** An endpoint, its config and model (JSON form); each part's properties can be replaced or extended. */
function endpointTemplate(parts: { model?: Props; config?: Props; variant?: Props; extra?: Record<string, unknown>; parameters?: Props } = {}) {
  return {
    Parameters: parts.parameters ?? {},
    Resources: {
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
      Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
      Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'model-artifacts' } },
      Model: {
        Type: 'AWS::SageMaker::Model',
        Properties: {
          ExecutionRoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] },
          EnableNetworkIsolation: true,
          PrimaryContainer: {
            Image: `111122223333.dkr.ecr.us-east-1.amazonaws.com/models/classifier@${DIGEST}`,
            ModelDataUrl: { 'Fn::Sub': 's3://${Bucket}/model.tar.gz' },
          },
          ...parts.model,
        },
      },
      Config: {
        Type: 'AWS::SageMaker::EndpointConfig',
        Properties: {
          KmsKeyId: { Ref: 'Key' },
          ProductionVariants: [
            { VariantName: 'AllTraffic', ModelName: { 'Fn::GetAtt': ['Model', 'ModelName'] }, InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 2, ...parts.variant },
          ],
          ...parts.config,
        },
      },
      Endpoint: { Type: 'AWS::SageMaker::Endpoint', Properties: { EndpointName: 'classifier', EndpointConfigName: { 'Fn::GetAtt': ['Config', 'EndpointConfigName'] } } },
      ...parts.extra,
    },
  };
}

const endpointOf = (template: object | string) => resourceOf(inventoryOf(template), 'endpoint', 'Endpoint');
const onlyDeployment = (template: object | string) => {
  const deployments = valueOf(endpointOf(template).deployments);
  expect(deployments).toHaveLength(1);
  return deployments[0];
};

describe('AWS::SageMaker::Endpoint + EndpointConfig + Model (JSON)', () => {
  it('reads an instance-based variant and the model behind it, joined by model ids', () => {
    const endpoint = endpointOf(endpointTemplate());
    expect(endpoint).toMatchObject({ kind: 'endpoint', id: `${STACK}/Endpoint`, name: 'classifier', provider: 'aws' });
    const d = valueOf(endpoint.deployments)[0];
    expect(d).toMatchObject({ name: 'AllTraffic', modelId: `${STACK}/Model`, compute: { kind: 'instance', instanceType: 'ml.m5.xlarge' }, unsupported: {} });
    expect(valueOf(d.instanceCount)).toBe(2);
    expect(valueOf(d.networkIsolation)).toBe(true);
    expect(valueOf(d.identityId)).toBe(`${STACK}/Role`);
    expect(valueOf(d.artifactStoreIds)).toEqual([`${STACK}/Bucket`]);
    expect(valueOf(d.images)).toEqual([
      {
        uri: `111122223333.dkr.ecr.us-east-1.amazonaws.com/models/classifier@${DIGEST}`,
        repositoryId: 'arn:aws:ecr:us-east-1:111122223333:repository/models/classifier',
        registry: 'private',
        registryAccount: '111122223333',
        digest: DIGEST,
        tag: null,
      },
    ]);
    expect(valueOf(d.network)).toBeNull();
    expect(valueOf(endpoint.storageKeyId)).toBe(`${STACK}/Key`);
    expect(valueOf(endpoint.dataCapture)).toEqual({ enabled: false, keyId: null, destinationStoreId: null });
    expect(valueOf(endpoint.asyncOutput)).toBeNull();
    expect(valueOf(endpoint.monitoringSchedules)).toBe(0);
  });

  it('states evidence as the template path and raw value', () => {
    const d = onlyDeployment(endpointTemplate());
    expect(d.networkIsolation.evidence).toContainEqual({ source: 'AWS::SageMaker::Model', path: 'Resources.Model.Properties.EnableNetworkIsolation', value: true });
    expect(d.identityId.evidence).toEqual([
      { source: 'AWS::SageMaker::Model', path: 'Resources.Model.Properties.ExecutionRoleArn', value: { 'Fn::GetAtt': ['Role', 'Arn'] } },
    ]);
  });

  it('isolation not set is false (the CreateModel default)', () => {
    expect(valueOf(onlyDeployment(endpointTemplate({ model: { EnableNetworkIsolation: undefined } })).networkIsolation)).toBe(false);
    expect(valueOf(onlyDeployment(endpointTemplate({ model: { EnableNetworkIsolation: 'false' } })).networkIsolation)).toBe(false);
  });

  it('isolation, VPC and role set on the endpoint config are what the endpoint runs with (as for live reads)', () => {
    const d = onlyDeployment(
      endpointTemplate({
        model: { EnableNetworkIsolation: true, VpcConfig: { Subnets: ['subnet-model'], SecurityGroupIds: ['sg-model'] } },
        config: { EnableNetworkIsolation: false, VpcConfig: { Subnets: ['subnet-config'], SecurityGroupIds: ['sg-config'] }, ExecutionRoleArn: 'arn:aws:iam::111122223333:role/config-role' },
      }),
    );
    expect(valueOf(d.networkIsolation)).toBe(false);
    expect(d.networkIsolation.evidence.map((e) => e.path)).toEqual(['Resources.Config.Properties.EnableNetworkIsolation', 'Resources.Model.Properties.EnableNetworkIsolation']);
    expect(valueOf(d.network)).toEqual({ networkId: null, subnetIds: ['subnet-config'], firewallIds: ['sg-config'] });
    expect(valueOf(d.identityId)).toBe('arn:aws:iam::111122223333:role/config-role');
  });

  it('a variant without a model (inference components): config settings known, containers unknown', () => {
    const d = onlyDeployment(endpointTemplate({ variant: { ModelName: undefined }, config: { EnableNetworkIsolation: true } }));
    expect(d.modelId).toBeNull();
    expect(valueOf(d.networkIsolation)).toBe(true);
    expect(valueOf(d.identityId)).toBeNull();
    expect(reasonOf(d.images)).toMatch(/names no model/);
  });

  it('shadow variants are deployments too', () => {
    const shadow = { VariantName: 'Shadow', ModelName: { Ref: 'Model' }, InstanceType: 'ml.c5.xlarge', InitialInstanceCount: 1 };
    const deployments = valueOf(endpointOf(endpointTemplate({ config: { ShadowProductionVariants: [shadow] } })).deployments);
    expect(deployments.map((d) => [d.name, d.modelId])).toEqual([
      ['AllTraffic', `${STACK}/Model`],
      ['Shadow', `${STACK}/Model`],
    ]);
  });

  it('a container running a model package names no image: images unknown', () => {
    const d = onlyDeployment(endpointTemplate({ model: { PrimaryContainer: { ModelPackageName: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/x' } } }));
    expect(reasonOf(d.images)).toMatch(/runs a model package/);
  });

  it('a serverless variant carries the platform limits and counts as one instance (as for live reads)', () => {
    const d = onlyDeployment(endpointTemplate({ variant: { InstanceType: undefined, InitialInstanceCount: undefined, ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } } }));
    expect(d.compute).toEqual({ kind: 'serverless', memoryMb: 2048, maxConcurrency: 5 });
    expect(d.unsupported).toEqual(SERVERLESS_UNSUPPORTED);
    expect(valueOf(d.instanceCount)).toBe(1);
    expect(d.instanceCount.evidence[0].path).toBe('Resources.Config.Properties.ProductionVariants[0].ServerlessConfig');
  });

  it('an NVMe instance type cannot take a volume key', () => {
    const d = onlyDeployment(endpointTemplate({ variant: { InstanceType: 'ml.g5.2xlarge' } }));
    expect(d.unsupported).toEqual({ 'volume-encryption': LOCAL_STORAGE_VOLUME_REASON });
  });

  it('an instance type that cannot be resolved leaves the variant an instance variant; only what the type decides is unknown', () => {
    const endpoint = endpointOf(endpointTemplate({ parameters: { Size: { Type: 'String' } }, variant: { InstanceType: { Ref: 'Size' } } }));
    const [d] = valueOf(endpoint.deployments);
    expect(d.compute).toMatchObject({ kind: 'instance', instanceType: expect.stringMatching(/parameter Size has no Default/) });
    expect(valueOf(d.networkIsolation)).toBe(true);
    expect(valueOf(d.instanceCount)).toBe(2);
    // The config names a key: whatever the type, the storage key is known.
    expect(valueOf(endpoint.storageKeyId)).toBe('Stack/Key');
    const withoutKey = endpointOf(endpointTemplate({ parameters: { Size: { Type: 'String' } }, config: { KmsKeyId: undefined }, variant: { InstanceType: { Ref: 'Size' } } }));
    expect(reasonOf(withoutKey.storageKeyId)).toMatch(/sets no KmsKeyId, and ProductionVariants\[0\]\.InstanceType is not known \(parameter Size/);
  });

  it('an instance count from a parameter default is read; without a default it is unknown', () => {
    const withDefault = onlyDeployment(endpointTemplate({ parameters: { Count: { Type: 'Number', Default: 3 } }, variant: { InitialInstanceCount: { Ref: 'Count' } } }));
    expect(valueOf(withDefault.instanceCount)).toBe(3);
    const withoutDefault = onlyDeployment(endpointTemplate({ parameters: { Count: { Type: 'Number' } }, variant: { InitialInstanceCount: { Ref: 'Count' } } }));
    expect(reasonOf(withoutDefault.instanceCount)).toMatch(/parameter Count has no Default/);
  });

  it('VpcConfig: subnets and security groups by id, the VPC from the security group', () => {
    const d = onlyDeployment(
      endpointTemplate({
        model: { VpcConfig: { Subnets: ['subnet-1', { Ref: 'Subnet' }], SecurityGroupIds: [{ 'Fn::GetAtt': ['Group', 'GroupId'] }] } },
        extra: {
          Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
          Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' } } },
          Group: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x', VpcId: { Ref: 'Vpc' } } },
        },
      }),
    );
    expect(valueOf(d.network)).toEqual({ networkId: `${STACK}/Vpc`, subnetIds: ['subnet-1', `${STACK}/Subnet`], firewallIds: [`${STACK}/Group`] });
  });

  it('VpcConfig with subnets imported from another stack is unknown', () => {
    const d = onlyDeployment(endpointTemplate({ model: { VpcConfig: { Subnets: { 'Fn::Split': [',', { 'Fn::ImportValue': 'subnets' }] }, SecurityGroupIds: ['sg-1'] } } }));
    expect(reasonOf(d.network)).toMatch(/another stack's export/);
    expect(d.network.evidence[0]).toMatchObject({ source: 'AWS::SageMaker::Model', path: 'Resources.Model.Properties.VpcConfig' });
  });

  it('images from public registries, tags, Containers[] and ModelDataSource', () => {
    const d = onlyDeployment(
      endpointTemplate({
        model: {
          PrimaryContainer: undefined,
          Containers: [
            { Image: 'pytorch/torchserve:latest', ModelDataSource: { S3DataSource: { S3Uri: 's3://outside-bucket/model/', S3DataType: 'S3Prefix', CompressionType: 'None' } } },
            { Image: '763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-inference:2.1', ModelDataUrl: 's3://model-artifacts/b.tar.gz' },
          ],
        },
      }),
    );
    expect(valueOf(d.images).map((i) => [i.registry, i.registryAccount, i.tag])).toEqual([
      ['public', null, 'latest'],
      ['private', '763104351884', '2.1'],
    ]);
    // A bucket named in the template joins to it by its declared name; any other bucket is named by its ARN
    // (whose partition is only known with the stack's region).
    expect(valueOf(d.artifactStoreIds)).toEqual(['arn:${AWS.Partition}:s3:::outside-bucket', `${STACK}/Bucket`]);
  });

  it('an image URI built from an unresolvable parameter is unknown', () => {
    const d = onlyDeployment(endpointTemplate({ parameters: { Image: { Type: 'String' } }, model: { PrimaryContainer: { Image: { Ref: 'Image' } } } }));
    expect(reasonOf(d.images)).toMatch(/PrimaryContainer\.Image: parameter Image has no Default/);
  });

  it('an external execution role keeps its ARN; a role named by its declared RoleName joins to it', () => {
    const external = onlyDeployment(endpointTemplate({ model: { ExecutionRoleArn: 'arn:aws:iam::111122223333:role/shared' } }));
    expect(valueOf(external.identityId)).toBe('arn:aws:iam::111122223333:role/shared');
    const byName = onlyDeployment(
      endpointTemplate({
        model: { ExecutionRoleArn: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/inference' } },
        extra: { Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'inference', AssumeRolePolicyDocument: {} } } },
      }),
    );
    expect(valueOf(byName.identityId)).toBe(`${STACK}/Role`);
  });

  it('a model outside the template: its facts are unknown, its id is its ARN', () => {
    const d = onlyDeployment(endpointTemplate({ variant: { ModelName: 'shared-model' } }));
    expect(d.modelId).toBe('arn:${AWS.Partition}:sagemaker:${AWS.Region}:${AWS.AccountId}:model/shared-model');
    expect(reasonOf(d.networkIsolation)).toMatch(/model shared-model is not declared in this template/);
    expect(reasonOf(d.images)).toMatch(/model shared-model is not declared in this template/);
  });

  it('an endpoint config outside the template makes everything it would say unknown', () => {
    const template = endpointTemplate();
    (template.Resources.Endpoint.Properties as Props).EndpointConfigName = 'shared-config';
    const endpoint = endpointOf(template);
    for (const fact of [endpoint.deployments, endpoint.storageKeyId, endpoint.dataCapture, endpoint.asyncOutput]) {
      expect(reasonOf(fact)).toMatch(/endpoint config shared-config is not declared in this template/);
    }
  });

  describe('keys', () => {
    it('no KmsKeyId: provider-managed (null)', () => {
      expect(valueOf(endpointOf(endpointTemplate({ config: { KmsKeyId: undefined } })).storageKeyId)).toBeNull();
    });

    it('an AWS managed alias or an outside ARN is kept as written', () => {
      expect(valueOf(endpointOf(endpointTemplate({ config: { KmsKeyId: 'alias/aws/sagemaker' } })).storageKeyId)).toBe('alias/aws/sagemaker');
      const arn = 'arn:aws:kms:us-east-1:999988887777:key/11111111-2222-3333-4444-555555555555';
      expect(valueOf(endpointOf(endpointTemplate({ config: { KmsKeyId: arn } })).storageKeyId)).toBe(arn);
    });

    it('a template key by Ref, Fn::GetAtt Arn, spelled-out ARN, alias resource or alias name is that key', () => {
      const alias = { Alias: { Type: 'AWS::KMS::Alias', Properties: { AliasName: 'alias/inference', TargetKeyId: { Ref: 'Key' } } } };
      const ways = [
        { 'Fn::GetAtt': ['Key', 'Arn'] },
        { 'Fn::Sub': 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${Key}' },
        { Ref: 'Alias' },
        'alias/inference',
        { 'Fn::Sub': 'arn:aws:kms:us-east-1:111122223333:alias/inference' },
      ];
      for (const KmsKeyId of ways) {
        expect(valueOf(endpointOf(endpointTemplate({ config: { KmsKeyId }, extra: alias })).storageKeyId)).toBe(`${STACK}/Key`);
      }
    });

    it('a key imported from another stack is unknown, with the evidence', () => {
      const endpoint = endpointOf(endpointTemplate({ config: { KmsKeyId: { 'Fn::ImportValue': 'shared-key' } } }));
      expect(reasonOf(endpoint.storageKeyId)).toMatch(/KmsKeyId: Fn::ImportValue reads another stack's export/);
      expect(endpoint.storageKeyId.evidence).toEqual([
        { source: 'AWS::SageMaker::EndpointConfig', path: 'Resources.Config.Properties.KmsKeyId', value: { 'Fn::ImportValue': 'shared-key' } },
      ]);
    });
  });

  it('data capture: on by default when configured, off when EnableCapture is false, with its key', () => {
    const capture = (c: Props) => valueOf(endpointOf(endpointTemplate({ config: { DataCaptureConfig: c } })).dataCapture);
    // A bucket outside the template is named by its ARN, as the live reader names it.
    expect(capture({ InitialSamplingPercentage: 10, DestinationS3Uri: 's3://x/y', KmsKeyId: { Ref: 'Key' } })).toEqual({
      enabled: true,
      keyId: `${STACK}/Key`,
      destinationStoreId: 'arn:${AWS.Partition}:s3:::x',
    });
    expect(capture({ EnableCapture: false, DestinationS3Uri: 's3://x/y' })).toEqual({ enabled: false, keyId: null, destinationStoreId: null });
  });

  it('async inference output key', () => {
    const endpoint = endpointOf(endpointTemplate({ config: { AsyncInferenceConfig: { OutputConfig: { S3OutputPath: 's3://x/out', KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } } } } }));
    expect(valueOf(endpoint.asyncOutput)).toEqual({ keyId: `${STACK}/Key` });
    // Without an OutputConfig (which CloudFormation requires) nothing is written asynchronously.
    expect(valueOf(endpointOf(endpointTemplate({ config: { AsyncInferenceConfig: {} } })).asyncOutput)).toBeNull();
  });

  describe('AWS::SageMaker::MonitoringSchedule', () => {
    const schedule = (props: Props) => ({ Type: 'AWS::SageMaker::MonitoringSchedule', Properties: { MonitoringScheduleName: 'm', ...props } });
    const inline = (endpointName: unknown) => ({
      MonitoringScheduleConfig: { MonitoringJobDefinition: { MonitoringInputs: [{ EndpointInput: { EndpointName: endpointName, LocalPath: '/in' } }] } },
    });

    it('counts schedules naming the endpoint inline, through a job definition, or by its literal name', () => {
      const extra = {
        Inline: schedule(inline({ 'Fn::GetAtt': ['Endpoint', 'EndpointName'] })),
        ByName: schedule({ EndpointName: 'classifier', MonitoringScheduleConfig: {} }),
        ViaDefinition: schedule({ MonitoringScheduleConfig: { MonitoringJobDefinitionName: { 'Fn::GetAtt': ['Quality', 'JobDefinitionName'] } } }),
        Quality: { Type: 'AWS::SageMaker::ModelQualityJobDefinition', Properties: { ModelQualityJobInput: { EndpointInput: { EndpointName: { Ref: 'Endpoint' } } } } },
        Elsewhere: schedule(inline('another-endpoint')),
      };
      expect(valueOf(endpointOf(endpointTemplate({ extra })).monitoringSchedules)).toBe(3);
    });

    it('a schedule whose endpoint cannot be resolved makes the count unknown', () => {
      const extra = { Unclear: schedule(inline({ 'Fn::ImportValue': 'endpoint-name' })) };
      expect(reasonOf(endpointOf(endpointTemplate({ extra })).monitoringSchedules)).toMatch(/Unclear may watch this endpoint/);
    });
  });

  it('a resource whose Condition is false is not in the model', () => {
    const template = endpointTemplate({ parameters: { Deploy: { Type: 'String', Default: 'no' } } });
    const withCondition = { ...template, Conditions: { Deploy: { 'Fn::Equals': [{ Ref: 'Deploy' }, 'yes'] } } };
    (withCondition.Resources.Endpoint as Record<string, unknown>).Condition = 'Deploy';
    expect(inventoryOf(withCondition).resources.filter((r) => r.kind === 'endpoint')).toHaveLength(0);
  });
});

describe('AWS::SageMaker::Endpoint (YAML short form)', () => {
  const yaml = `
Parameters:
  Isolated: { Type: String, Default: 'true' }
  Stage: { Type: String }
Conditions:
  IsIsolated: !Equals [!Ref Isolated, 'true']
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Model:
    Type: AWS::SageMaker::Model
    Properties:
      ExecutionRoleArn: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/outside
      EnableNetworkIsolation: !If [IsIsolated, true, false]
      PrimaryContainer:
        Image: !Join ['', [!Ref AWS::AccountId, .dkr.ecr., !Ref AWS::Region, .amazonaws.com/models:v1]]
        ModelDataUrl: !If [IsProd, s3://prod-models/m.tar.gz, s3://dev-models/m.tar.gz]
  Config:
    Type: AWS::SageMaker::EndpointConfig
    Properties:
      ProductionVariants:
        - VariantName: AllTraffic
          ModelName: !GetAtt Model.ModelName
          InstanceType: ml.c5.large
          InitialInstanceCount: 1
  Endpoint:
    Type: AWS::SageMaker::Endpoint
    Properties:
      EndpointConfigName: !GetAtt Config.EndpointConfigName
`;

  it('resolves short-form intrinsics; what depends on a parameter without default is unknown', () => {
    const endpoint = resourceOf(inventoryOf(yaml), 'endpoint', 'Endpoint');
    expect(endpoint.name).toBe('Endpoint');
    const d = valueOf(endpoint.deployments)[0];
    expect(valueOf(d.networkIsolation)).toBe(true);
    expect(valueOf(d.identityId)).toBe('arn:${AWS.Partition}:iam::${AWS.AccountId}:role/outside');
    expect(valueOf(d.images)[0]).toMatchObject({ registry: 'private', registryAccount: '${AWS.AccountId}', tag: 'v1', digest: null });
    expect(reasonOf(d.artifactStoreIds)).toMatch(/Fn::If on condition IsProd.*parameter Stage has no Default/);
  });

  it('with the environment known, pseudo parameters are values', () => {
    const endpoint = resourceOf(inventoryOf(yaml, { account: '111122223333', region: 'eu-west-1' }), 'endpoint', 'Endpoint');
    expect(endpoint).toMatchObject({ account: '111122223333', region: 'eu-west-1' });
    const d = valueOf(endpoint.deployments)[0];
    expect(valueOf(d.identityId)).toBe('arn:aws:iam::111122223333:role/outside');
    expect(valueOf(d.images)[0]).toMatchObject({
      uri: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/models:v1',
      repositoryId: 'arn:aws:ecr:eu-west-1:111122223333:repository/models',
      registryAccount: '111122223333',
    });
  });
});
