// `--role-arn`: the audit runs as a role assumed through STS, the way auditors reach member accounts and
// scheduled jobs reach the account they watch. The caller's own credentials (profile or standard chain)
// are used only for sts:AssumeRole; the temporary credentials are renewed before they expire.
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

/** The shape every SDK client takes as `credentials`. */
export interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration?: Date;
}
export type CredentialProvider = () => Promise<TemporaryCredentials>;

export interface AssumeRoleSettings {
  readonly roleArn: string;
  /** The role's trust policy may demand it (sts:ExternalId), against the confused-deputy problem. */
  readonly externalId?: string;
  /** Shows in the member account's CloudTrail as the session: who audited. */
  readonly sessionName: string;
  readonly region: string;
  readonly endpointUrl?: string;
  readonly profile?: string;
  readonly requestTimeoutMs: number;
}

export const DEFAULT_SESSION_NAME = 'inferguard-audit';
/** STS's own limits: 12-digit account, a role path and name; session names of 2-64 of [\w+=,.@-]. */
const ROLE_ARN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
/** Renew this long before expiry, so no call in flight carries credentials that lapse mid-request. */
const RENEW_BEFORE_MS = 5 * 60_000;

/** Why the settings cannot work, or undefined: checked before any call. */
export function assumeRoleProblem(settings: Pick<AssumeRoleSettings, 'roleArn' | 'externalId' | 'sessionName'>): string | undefined {
  if (!ROLE_ARN.test(settings.roleArn)) return `--role-arn "${settings.roleArn}" is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)`;
  if (!SESSION_NAME.test(settings.sessionName)) return `--role-session-name "${settings.sessionName}" must be 2 to 64 characters of letters, digits and +=,.@_-`;
  if (settings.externalId !== undefined && !EXTERNAL_ID.test(settings.externalId)) return '--external-id must be 2 to 1224 characters of letters, digits and +=,.@:/_-';
  return undefined;
}

/** A credential provider for the SDK clients: assumes the role on first use and again shortly before expiry. */
export function assumedRoleCredentials(settings: AssumeRoleSettings): { provider: CredentialProvider; destroy(): void } {
  const sts = callerStsClient(settings);
  return { provider: roleCredentials(sts, settings), destroy: () => sts.destroy() };
}

/**
 * The STS client of the caller's own credentials (profile or standard chain), at the regional endpoint of
 * `region` (the SDK's default), with adaptive retry: an organization-wide run shares one for every
 * AssumeRole, so every account's assume call draws on the same client-side rate limiter.
 */
export function callerStsClient(settings: Pick<AssumeRoleSettings, 'region' | 'endpointUrl' | 'profile' | 'requestTimeoutMs'> & { readonly maxAttempts?: number }): STSClient {
  return new STSClient({
    region: settings.region,
    retryMode: 'adaptive',
    ...(settings.maxAttempts !== undefined ? { maxAttempts: settings.maxAttempts } : {}),
    ...(settings.endpointUrl ? { endpoint: settings.endpointUrl } : {}),
    ...(settings.profile ? { profile: settings.profile } : {}),
    requestHandler: { requestTimeout: settings.requestTimeoutMs, connectionTimeout: settings.requestTimeoutMs, throwOnRequestTimeout: true },
  });
}

/**
 * Credentials of `roleArn` assumed through `sts`, renewed shortly before expiry. `limit` bounds the
 * AssumeRole calls in flight when many roles share one client.
 */
export function roleCredentials(
  sts: STSClient,
  settings: Pick<AssumeRoleSettings, 'roleArn' | 'externalId' | 'sessionName'>,
  limit: <T>(call: () => Promise<T>) => Promise<T> = (call) => call(),
): CredentialProvider {
  const assume = async (): Promise<TemporaryCredentials> => {
    const { Credentials } = await limit(() =>
      sts.send(
        new AssumeRoleCommand({
          RoleArn: settings.roleArn,
          RoleSessionName: settings.sessionName,
          ...(settings.externalId !== undefined ? { ExternalId: settings.externalId } : {}),
        }),
      ),
    );
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey || !Credentials.SessionToken) {
      throw new Error(`sts:AssumeRole of ${settings.roleArn} returned no credentials`);
    }
    return {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      sessionToken: Credentials.SessionToken,
      ...(Credentials.Expiration ? { expiration: Credentials.Expiration } : {}),
    };
  };
  let held: TemporaryCredentials | undefined;
  let pending: Promise<TemporaryCredentials> | undefined;
  return async () => {
    if (held && (!held.expiration || held.expiration.getTime() - Date.now() > RENEW_BEFORE_MS)) return held;
    // Calls that need credentials at once share one AssumeRole; a failure is not kept, the next call tries again.
    pending ??= assume()
      .then((credentials) => (held = credentials))
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}
