// The Lambda handler: the job's environment becomes `inferguard drift aws` arguments, and the CLI's exit code
// becomes a completed run (0 no change, 1 drift found) or a thrown error (2 usage, 3 incomplete).
import { COMPLETED_EXIT_CODES, DRIFT_JOB_ENV, DriftJobConfigurationError, driftArguments, handler } from '../../../../providers/aws/drift-job/handler';

const mockMain = jest.fn<Promise<number>, [readonly string[]]>();
jest.mock('../../../../bin/inferguard', () => ({ main: (argv: readonly string[]) => mockMain(argv) }));

const STORE = 's3://snapshots-bucket/drift/aws';

describe('driftArguments', () => {
  it('maps every setting the construct writes to its CLI option', () => {
    expect(
      driftArguments({
        [DRIFT_JOB_ENV.store]: STORE,
        [DRIFT_JOB_ENV.retain]: '30',
        [DRIFT_JOB_ENV.regions]: 'us-east-1,eu-west-1',
        [DRIFT_JOB_ENV.topicArn]: 'arn:aws:sns:us-east-1:111122223333:drift',
        [DRIFT_JOB_ENV.roleArn]: 'arn:aws:iam::444455556666:role/InferguardAuditor',
        [DRIFT_JOB_ENV.externalId]: 'audit-42',
      }),
    ).toEqual([
      'drift', 'aws', '--store', STORE, '--retain', '30', '--regions', 'us-east-1,eu-west-1',
      '--notify-sns-topic', 'arn:aws:sns:us-east-1:111122223333:drift', '--role-arn', 'arn:aws:iam::444455556666:role/InferguardAuditor', '--external-id', 'audit-42',
    ]);
  });

  it('passes only the store when nothing else is set', () => {
    expect(driftArguments({ [DRIFT_JOB_ENV.store]: STORE })).toEqual(['drift', 'aws', '--store', STORE]);
  });

  it('refuses a missing store and a malformed retention, naming the variable', () => {
    expect(() => driftArguments({})).toThrow(new DriftJobConfigurationError(`${DRIFT_JOB_ENV.store} is not set: it must name the snapshot store (s3://bucket/prefix). Deploy the job with ScheduledDriftCheck, which sets it.`));
    expect(() => driftArguments({ [DRIFT_JOB_ENV.store]: STORE, [DRIFT_JOB_ENV.retain]: '0' })).toThrow(`${DRIFT_JOB_ENV.retain} is "0"`);
    expect(() => driftArguments({ [DRIFT_JOB_ENV.store]: STORE, [DRIFT_JOB_ENV.retain]: 'ten' })).toThrow(DriftJobConfigurationError);
  });
});

describe('handler', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    mockMain.mockReset();
    process.env[DRIFT_JOB_ENV.store] = STORE;
  });
  afterAll(() => {
    process.env = saved;
  });

  it('runs the CLI with the drift arguments and reports no change and drift found as completed runs', async () => {
    expect(COMPLETED_EXIT_CODES).toEqual([0, 1]);
    mockMain.mockResolvedValueOnce(0).mockResolvedValueOnce(1);
    await expect(handler()).resolves.toEqual({ exitCode: 0, driftFound: false });
    await expect(handler()).resolves.toEqual({ exitCode: 1, driftFound: true });
    expect(mockMain.mock.calls[0][0].slice(0, 4)).toEqual(['drift', 'aws', '--store', STORE]);
  });

  it('throws on a usage error or an incomplete audit, so the function errors and the alarm fires', async () => {
    mockMain.mockResolvedValueOnce(2).mockResolvedValueOnce(3);
    await expect(handler()).rejects.toThrow('exit code 2 (usage or configuration error)');
    await expect(handler()).rejects.toThrow('exit code 3 (incomplete: some reads failed or results are unknown)');
  });
});
