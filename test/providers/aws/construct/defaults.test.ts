import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  defaultAccessLogBucketProps,
  defaultArtifactBucketProps,
  defaultEndpointSettings,
  defaultKeyProps,
  defaultModelSubnets,
  defaultRepositoryProps,
  defaultVpcProps,
  INTERFACE_ENDPOINT_SERVICES,
  KEY_ADMINISTRATION_ACTIONS,
  keyPolicyStatements,
  mergeProps,
} from '../../../../providers/aws/construct/defaults';
import { modelStatements } from '../../../../providers/aws/construct/policy-check';
import { BASELINE_CONTROL_IDS, warningId, warningMessage } from '../../../../providers/aws/construct/weakening';
import { ACCOUNT, REGION } from './support';
import { scratchDir } from '../../../support/scratch';

const stack = new Stack(new App({ outdir: scratchDir('inferguard-defaults-') }), 'Defaults', { env: { account: ACCOUNT, region: REGION } });
const key = new kms.Key(stack, 'K');

describe('mergeProps', () => {
  it('applies defaults, then overrides, then required values', () => {
    const merged = mergeProps({ a: 1, b: 1, c: 1 }, { b: 2, c: 2 }, { c: 3 });
    expect(merged).toEqual({ a: 1, b: 2, c: 3 });
  });
  it('keeps the default when an override is explicitly undefined', () => {
    expect(mergeProps<{ a?: number }>({ a: 1 }, { a: undefined })).toEqual({ a: 1 });
  });
});

describe('defaults (each satisfies a named control)', () => {
  it('endpoint: 2 instances, isolation, private network, VPC endpoints, volume key, capture, hourly monitoring', () => {
    const d = defaultEndpointSettings();
    expect(d).toMatchObject({ instanceCount: 2, networkIsolation: true, privateNetwork: true, addVpcEndpoints: true, volumeEncryption: true, instanceType: 'ml.m5.xlarge' });
    expect(d.dataCaptureSamplingPercentage).toBeGreaterThan(0);
    expect(d.autoScalingMaxInstanceCount(2)).toBeGreaterThanOrEqual(2);
    expect(d.monitoringScheduleExpression).toBe('cron(0 * ? * * *)');
    expect(d.monitoringMaxRuntime.toSeconds()).toBeLessThanOrEqual(3600);
  });

  it('key: rotation on, retained', () => {
    expect(defaultKeyProps()).toMatchObject({ enableKeyRotation: true });
  });

  it('key policy: no public principal, use only via SageMaker/S3/ECR, logs only for SageMaker log groups', () => {
    const document = new iam.PolicyDocument({ statements: keyPolicyStatements({ account: ACCOUNT, region: REGION, partition: 'aws' }) });
    const statements = modelStatements(stack, document, 'key policy');
    expect(statements.every((s) => !s.principals.includes('*'))).toBe(true);
    const use = statements.find((s) => s.actions.includes('kms:Decrypt') && s.principals.some((p) => p.includes(':root')))!;
    expect(use.conditions).toEqual(
      expect.arrayContaining([
        { operator: 'StringEquals', key: 'kms:ViaService', values: ['sagemaker.us-east-1.amazonaws.com', 's3.us-east-1.amazonaws.com', 'ecr.us-east-1.amazonaws.com'], meaning: 'other' },
        { operator: 'StringEquals', key: 'kms:CallerAccount', values: [ACCOUNT], meaning: 'restricts-caller' },
      ]),
    );
    const logs = statements.find((s) => s.principals.includes('logs.us-east-1.amazonaws.com'))!;
    expect(logs.conditions[0]).toMatchObject({ operator: 'ArnLike', key: 'kms:EncryptionContext:aws:logs:arn' });
    expect(logs.conditions[0].values[0]).toMatch(/log-group:\/aws\/sagemaker\/\*$/);
    // Administration grants no data access.
    expect(KEY_ADMINISTRATION_ACTIONS.filter((a) => /Decrypt|Encrypt|GenerateDataKey/.test(a))).toEqual([]);
  });

  it('artifact bucket: SSE-KMS with the key, all public access blocked, TLS only, versioned, ACLs off', () => {
    expect(defaultArtifactBucketProps(key)).toMatchObject({
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      publicReadAccess: false,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    });
  });

  it('access-log bucket: SSE-S3 (the only encryption S3 access logging supports), otherwise locked down', () => {
    expect(defaultAccessLogBucketProps()).toMatchObject({
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
    });
  });

  it('repository: scan on push, immutable tags, customer key', () => {
    expect(defaultRepositoryProps(key)).toMatchObject({
      imageScanOnPush: true,
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      encryption: ecr.RepositoryEncryption.KMS,
      encryptionKey: key,
    });
  });

  it('VPC: isolated subnets only, 2 AZs, no NAT and no internet gateway', () => {
    const props = defaultVpcProps();
    expect(props).toMatchObject({ maxAzs: 2, natGateways: 0, createInternetGateway: false });
    expect(props.subnetConfiguration?.map((s) => s.subnetType)).toEqual([ec2.SubnetType.PRIVATE_ISOLATED]);
  });

  it('model subnets in a VPC the user brings: isolated when it has them, else private with egress', () => {
    const isolated = new ec2.Vpc(stack, 'Isolated', defaultVpcProps());
    const privateOnly = new ec2.Vpc(stack, 'Private', { maxAzs: 2, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }, { name: 'pub', subnetType: ec2.SubnetType.PUBLIC }] });
    expect(defaultModelSubnets(isolated)).toEqual({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED });
    expect(defaultModelSubnets(privateOnly)).toEqual({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS });
  });

  it('interface endpoints cover the services the brief and endpoint-private-api-path name', () => {
    expect(Object.keys(INTERFACE_ENDPOINT_SERVICES).sort()).toEqual(['ecr.api', 'ecr.dkr', 'kms', 'logs', 'monitoring', 'sagemaker.api', 'sagemaker.runtime', 'sts']);
  });
});

describe('control ids', () => {
  it('every id the construct warns with is a control of the baseline (policies/controls/<id>.ts)', () => {
    const controls = fs.readdirSync(path.join(__dirname, '../../../../policies/controls')).map((f) => f.replace(/\.ts$/, ''));
    expect(BASELINE_CONTROL_IDS.filter((id) => !controls.includes(id))).toEqual([]);
  });

  it('warnings name the control, say what to do, and how to acknowledge', () => {
    const message = warningMessage({ control: 'model-network-isolation', problem: 'P.', fix: 'F.' });
    expect(warningId('model-network-isolation')).toBe('inferguard:model-network-isolation');
    expect(message).toContain('[model-network-isolation] P. To fix: F.');
    expect(message).toContain("acknowledge({ id: 'inferguard:model-network-isolation'");
  });
});
