// model-monitoring-scheduled: a Model Monitor data-quality schedule over the captured data, run as an
// isolated processing job in the endpoint's VPC with its own least-privilege role.
import { Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import type { Construct } from 'constructs';
import {
  combinePolicies,
  createServiceRole,
  ecrPullStatements,
  keyStatements,
  logStatements,
  metricStatements,
  networkStatements,
  type ArnContext,
  type NetworkScope,
  type RolePolicy,
} from './execution-role';
import type { ResolvedMonitoring } from './settings';

/** Where Model Monitor publishes data-quality metrics (SageMaker developer guide, Model Monitor CloudWatch metrics). */
export const MONITORING_METRIC_NAMESPACE = 'aws/sagemaker/Endpoints/data-metrics';
/** Processing jobs, which monitoring runs are, log to this account-wide group. */
export const PROCESSING_JOB_LOG_GROUP = '/aws/sagemaker/ProcessingJobs';

export interface DataQualityMonitoringOptions {
  readonly settings: ResolvedMonitoring;
  readonly arnContext: ArnContext;
  readonly endpointName: string;
  readonly bucket: s3.IBucket;
  readonly key: kms.IKey;
  /** Key prefix (ending in `/`) under which SageMaker writes this endpoint's captured data. */
  readonly capturePrefix: string;
  /** Key prefix (ending in `/`) for the monitoring reports. */
  readonly outputPrefix: string;
  readonly network?: NetworkScope;
}

export interface DataQualityMonitoring {
  readonly schedule: sagemaker.CfnMonitoringSchedule;
  readonly jobDefinition: sagemaker.CfnDataQualityJobDefinition;
  readonly role: iam.IRole;
  readonly policy: iam.ManagedPolicy;
}

export function monitoringRolePolicy(options: DataQualityMonitoringOptions): RolePolicy {
  const { settings, arnContext: c, bucket } = options;
  const analyzer = settings.analyzerRepository;
  const analyzerArn = `arn:${analyzer.partition}:ecr:${analyzer.region}:${analyzer.account}:repository/${analyzer.name}`;
  const captured = bucket.arnForObjects(`${options.capturePrefix}*`);
  const reports = bucket.arnForObjects(`${options.outputPrefix}*`);
  const baselineKeys = settings.baseline ? [settings.baseline.statisticsKey, settings.baseline.constraintsKey] : [];
  const data: RolePolicy = {
    statements: [
      new iam.PolicyStatement({
        sid: 'ReadCapturedDataAndBaseline',
        actions: ['s3:GetObject'],
        resources: [captured, ...baselineKeys.map((key) => bucket.arnForObjects(key))],
      }),
      // The job lists the capture prefix (its input), the report prefix (its output) and the baseline objects.
      new iam.PolicyStatement({
        sid: 'ListOnlyCapturedDataReportsAndBaseline',
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${options.capturePrefix}*`, `${options.outputPrefix}*`, ...baselineKeys] } },
      }),
      new iam.PolicyStatement({ sid: 'WriteReports', actions: ['s3:PutObject'], resources: [reports] }),
    ],
    wildcardResources: [
      { resource: captured, reason: 'Captured data is written by SageMaker under per-hour keys at run time; the statement covers this endpoint\'s capture prefix only.' },
      { resource: reports, reason: 'Monitoring reports are named per execution at run time; the statement covers this endpoint\'s report prefix only.' },
    ],
  };
  const logGroupArn = `arn:${c.partition}:logs:${c.region}:${c.account}:log-group:${PROCESSING_JOB_LOG_GROUP}`;
  return combinePolicies(
    data,
    // Reports are written with the key (KmsKeyId); the processing volume (VolumeKmsKeyId) is attached through a grant.
    keyStatements([options.key.keyArn], { writes: true, grantsForAwsResources: true }),
    ecrPullStatements([analyzerArn]),
    // The account-wide processing-job log group is SageMaker's, not this stack's: the job may have to create it.
    logStatements(logGroupArn, { createGroup: true }),
    metricStatements(MONITORING_METRIC_NAMESPACE),
    ...(options.network ? [networkStatements()] : []),
  );
}

export function createDataQualityMonitoring(scope: Construct, options: DataQualityMonitoringOptions): DataQualityMonitoring {
  const { settings, bucket, key } = options;
  const { role, policy } = createServiceRole(
    scope,
    'MonitoringRole',
    `inferguard data-quality monitoring of ${options.endpointName}`,
    monitoringRolePolicy(options),
    options.arnContext,
  );
  const s3Uri = (objectKey: string) => `s3://${bucket.bucketName}/${objectKey}`;
  const jobDefinition = new sagemaker.CfnDataQualityJobDefinition(scope, 'DataQualityJobDefinition', {
    roleArn: role.roleArn,
    // publish_cloudwatch_metrics: the per-feature statistics become CloudWatch metrics, which alarms can watch.
    dataQualityAppSpecification: { imageUri: settings.analyzerImageUri, environment: { publish_cloudwatch_metrics: 'Enabled' } },
    // Without a baseline the job computes statistics only; with one it also checks the baseline's constraints.
    ...(settings.baseline
      ? {
          dataQualityBaselineConfig: {
            statisticsResource: { s3Uri: s3Uri(settings.baseline.statisticsKey) },
            constraintsResource: { s3Uri: s3Uri(settings.baseline.constraintsKey) },
          },
        }
      : {}),
    dataQualityJobInput: {
      endpointInput: { endpointName: options.endpointName, localPath: '/opt/ml/processing/input/endpoint', s3InputMode: 'File', s3DataDistributionType: 'FullyReplicated' },
    },
    dataQualityJobOutputConfig: {
      kmsKeyId: key.keyArn,
      monitoringOutputs: [{ s3Output: { localPath: '/opt/ml/processing/output', s3Uri: s3Uri(options.outputPrefix), s3UploadMode: 'EndOfJob' } }],
    },
    jobResources: {
      clusterConfig: {
        instanceCount: 1,
        instanceType: settings.instanceType,
        volumeSizeInGb: 20,
        // NVMe processing instances cannot take a volume key either (their storage is hardware-encrypted).
        ...(settings.volumeKey ? { volumeKmsKeyId: key.keyArn } : {}),
      },
    },
    networkConfig: {
      enableNetworkIsolation: true,
      enableInterContainerTrafficEncryption: true,
      ...(options.network ? { vpcConfig: { subnets: [...options.network.subnetIds], securityGroupIds: [...options.network.securityGroupIds] } } : {}),
    },
    stoppingCondition: { maxRuntimeInSeconds: settings.maxRuntime.toSeconds() },
  });
  jobDefinition.node.addDependency(policy);
  const schedule = new sagemaker.CfnMonitoringSchedule(scope, 'MonitoringSchedule', {
    monitoringScheduleName: `${options.endpointName}-data-quality`.slice(0, 63).replace(/-+$/, ''),
    endpointName: options.endpointName,
    monitoringScheduleConfig: {
      // Ref of a job definition is its ARN: `arn:...:data-quality-job-definition/NAME`.
      monitoringJobDefinitionName: Fn.select(1, Fn.split('/', jobDefinition.ref)),
      monitoringType: 'DataQuality',
      scheduleConfig: { scheduleExpression: settings.scheduleExpression },
    },
  });
  return { schedule, jobDefinition, role, policy };
}
