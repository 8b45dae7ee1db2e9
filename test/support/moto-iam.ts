// moto's standalone server with IAM enforced (INITIAL_NO_AUTH_ACTION_COUNT): requests are checked
// against the signing user's policies, so a denied call is moto's answer, not one we staged.
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { freePort, startChildServer } from './child-server';

export interface MotoCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface RunningMotoWithIam {
  readonly url: string;
  /** A user allowed every action: the tests' own setup and the store under test. */
  readonly admin: MotoCredentials;
  /** A new user holding only `policy`. */
  createUser(name: string, policy: object): Promise<MotoCredentials>;
  stop(): Promise<void>;
}

const REGION = 'us-east-1';

async function userWithPolicy(iam: IAMClient, name: string, policy: object): Promise<MotoCredentials> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: `${name}-policy`, PolicyDocument: JSON.stringify(policy) }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  if (!AccessKey?.AccessKeyId || !AccessKey.SecretAccessKey) throw new Error(`moto gave no access key for ${name}`);
  return { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey };
}

/** Needs python3 with moto (the machine image ships moto 5.2.1). */
export async function startMotoWithIam(): Promise<RunningMotoWithIam> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // The first three actions (creating the admin user, its policy and its key) run before IAM is enforced.
  const server = await startChildServer(
    'moto server',
    'python3',
    ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)],
    { env: { ...process.env, INITIAL_NO_AUTH_ACTION_COUNT: '3' } },
    async () => (await fetch(`${url}/moto-api/`)).ok,
  );
  const bootstrap = new IAMClient({ region: REGION, endpoint: url, credentials: { accessKeyId: 'bootstrap', secretAccessKey: 'bootstrap' } });
  const admin = await userWithPolicy(bootstrap, 'store-test-admin', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  const iam = new IAMClient({ region: REGION, endpoint: url, credentials: admin });
  return { url, admin, createUser: (name, policy) => userWithPolicy(iam, name, policy), stop: server.stop };
}
