// What ScheduledDriftCheck refuses (AWS would reject it, or the job could never do its work) and what it only warns
// about (an override that leaves a baseline control unmet), before any resource exists.
import { Duration } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { defaultDriftJobSettings } from '../../../../providers/aws/drift-job/defaults';
import type { ScheduledDriftCheckProps } from '../../../../providers/aws/drift-job/props';
import { driftJobWeakenings, resolveDriftJobSettings, ScheduledDriftCheckConfigurationError } from '../../../../providers/aws/drift-job/settings';
import { driftJobApp } from './support';

const refusal = (props: ScheduledDriftCheckProps) => () => resolveDriftJobSettings('Stack/Drift', props);

describe('resolveDriftJobSettings', () => {
  it('returns the defaults when nothing is given, and the user\'s values otherwise', () => {
    expect(resolveDriftJobSettings('Stack/Drift', {})).toEqual(defaultDriftJobSettings());
    expect(resolveDriftJobSettings('Stack/Drift', { scheduleExpression: 'rate(12 hours)', retain: 30 })).toMatchObject({ scheduleExpression: 'rate(12 hours)', retain: 30 });
  });

  it.each<[string, ScheduledDriftCheckProps, string]>([
    ['a one-time schedule', { scheduleExpression: 'at(2027-01-01T00:00:00)' }, 'is not a recurring EventBridge Scheduler expression'],
    ['no snapshot kept', { retain: 0 }, 'retain is 0'],
    ['a fractional retention', { retain: 1.5 }, 'retain is 1.5'],
    ['an absolute prefix', { snapshotPrefix: '/drift' }, 'snapshotPrefix "/drift"'],
    ['a prefix that climbs', { snapshotPrefix: 'a/../b' }, 'contains ".."'],
    ['a run longer than Lambda allows', { timeout: Duration.minutes(20) }, 'longer than a Lambda function can run'],
    ['too little memory', { memorySize: 64 }, 'memorySize is 64 MB'],
    ['too many retries', { retryAttempts: 186 }, 'retryAttempts is 186'],
    ['an event age under a minute', { maxEventAge: Duration.seconds(30) }, 'maxEventAge is 30 seconds'],
    ['no region', { regions: [] }, 'regions is an empty list'],
    ['a region that is not one', { regions: ['Europe'] }, 'regions has "Europe"'],
    ['a role name for a role ARN', { auditRole: { roleArn: 'Auditor' } }, 'auditRole: roleArn "Auditor" is not an IAM role ARN'],
    ['a malformed external id', { auditRole: { roleArn: 'arn:aws:iam::444455556666:role/InferguardAuditor', externalId: 'x' } }, 'auditRole: externalId must be 2 to 1224 characters'],
    ['access logs both on and off', { accessLogBucket: {} as s3.IBucket, serverAccessLogsDisabledReason: 'CloudTrail data events record access.' }, 'are both set'],
    ['access logs off without a reason', { serverAccessLogsDisabledReason: ' ' }, 'too short to tell an auditor why'],
    ['an unversioned snapshot bucket', { snapshotBucketProps: { versioned: false } }, 'versioned is false'],
  ])('refuses %s, saying what to do', (_name, props, problem) => {
    expect(refusal(props)).toThrow(ScheduledDriftCheckConfigurationError);
    expect(refusal(props)).toThrow(problem);
    expect(refusal(props)).toThrow(/^Stack\/Drift: /);
  });
});

describe('weakening overrides', () => {
  it('names the control each weakened key or bucket prop leaves unmet', () => {
    const key = {} as kms.IKey;
    expect(driftJobWeakenings({ enableKeyRotation: true }, { encryption: s3.BucketEncryption.KMS, encryptionKey: key, enforceSSL: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL })).toEqual([]);
    expect(
      driftJobWeakenings({ enableKeyRotation: false }, { encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: false, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS }).map((w) => w.control),
    ).toEqual(['key-rotation-enabled', 'artifact-store-private', 'artifact-store-tls-only', 'artifact-store-customer-key']);
  });

  it('emits one acknowledgeable synth warning per weakened control', () => {
    const { stack } = driftJobApp({ keyProps: { enableKeyRotation: false }, snapshotBucketProps: { encryption: s3.BucketEncryption.S3_MANAGED } });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('\\[ack: inferguard:'));
    expect(warnings.map((w) => /\[ack: inferguard:([a-z-]+)\]/.exec(String(w.entry.data))?.[1]).sort()).toEqual(['artifact-store-customer-key', 'key-rotation-enabled']);
  }, 120_000);
});
