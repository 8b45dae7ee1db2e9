// Live AWS inventory: read-only SDK reads of SageMaker endpoints and everything they use, stated as
// the provider-neutral model. Per-resource failures become Unknown facts plus coverage gaps; nothing
// here throws for them.
import type { Inventory } from '../../../policies/model';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../collect/context';
import { auditAccount } from './account';
import { DEFAULT_SESSION_NAME, assumeRoleProblem, assumedRoleCredentials } from './assume-role';
import { describeAwsFailure, type ProgressListener } from './context';
import { AssumeRoleError, AwsAuditOptionsError, DEFAULT_CONCURRENCY, DEFAULT_MAX_ATTEMPTS, checkEndpointUrl, defaultRegion, positiveInteger } from './options';

export { AssumeRoleError, AwsAuditOptionsError } from './options';
export { CallerIdentityError, DEFAULT_ACCOUNT_CONCURRENCY, OrganizationListingError, collectAwsEstate, type AccountSource, type AwsEstateOptions } from './estate';

export interface AwsAuditOptions {
  /** From --regions; when empty, the SDK's default region (AWS_REGION, then the profile's region). */
  regions: string[];
  /** --endpoint-url: every client uses it (S3 path-style). AWS_ENDPOINT_URL is honoured by the SDK itself. */
  endpointUrl?: string;
  /** AWS_PROFILE otherwise; credentials come from the SDK's standard chain. */
  profile?: string;
  /** Audit as this role (sts:AssumeRole with the profile's or the chain's credentials). */
  assumeRole?: { roleArn: string; externalId?: string; sessionName?: string };
  /** Bounded concurrency for all calls of the run (default 16). */
  concurrency?: number;
  /** SDK retry attempts (default 5), retry mode 'adaptive'. */
  maxAttempts?: number;
  /** Per-request timeout in milliseconds. */
  requestTimeoutMs?: number;
  onProgress?: ProgressListener;
}

export async function collectAwsInventory(options: AwsAuditOptions): Promise<Inventory> {
  const concurrency = positiveInteger(options.concurrency ?? DEFAULT_CONCURRENCY, 'concurrency');
  const maxAttempts = positiveInteger(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, 'maxAttempts');
  if (options.requestTimeoutMs !== undefined) positiveInteger(options.requestTimeoutMs, 'requestTimeoutMs');
  if (options.endpointUrl !== undefined) checkEndpointUrl(options.endpointUrl);
  const regions = options.regions.length > 0 ? [...new Set(options.regions)] : [await defaultRegion(options.profile)];

  const sessionName = options.assumeRole?.sessionName ?? DEFAULT_SESSION_NAME;
  const problem = options.assumeRole && assumeRoleProblem({ ...options.assumeRole, sessionName });
  if (problem) throw new AwsAuditOptionsError(problem);
  const assumed = options.assumeRole
    ? assumedRoleCredentials({
        ...options.assumeRole,
        sessionName,
        region: regions[0],
        ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
        ...(options.profile ? { profile: options.profile } : {}),
        requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      })
    : undefined;
  const settings = {
    maxAttempts,
    ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(assumed ? { credentials: assumed.provider } : {}),
    ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
  };
  try {
    // A role that cannot be assumed ends the run with the reason, not with one gap per call.
    if (assumed) await assumed.provider().catch((error: unknown) => {
      const { code, message } = describeAwsFailure(error);
      throw new AssumeRoleError(
        `could not assume ${options.assumeRole!.roleArn} (${code}: ${message}). The caller needs sts:AssumeRole on the role, and the role's trust policy must allow the caller${options.assumeRole!.externalId === undefined ? '' : ' with this external id'}`,
      );
    });
    return await auditAccount(settings, regions, concurrency, options.onProgress);
  } finally {
    assumed?.destroy();
  }
}
