// Options shared by the single-account and the organization-wide audit: their errors and checks.
import { SageMakerClient } from '@aws-sdk/client-sagemaker';

export const DEFAULT_CONCURRENCY = 16;
export const DEFAULT_MAX_ATTEMPTS = 5;

export class AwsAuditOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AwsAuditOptionsError';
  }
}

/** The role given with --role-arn could not be assumed: nothing can be read. */
export class AssumeRoleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssumeRoleError';
  }
}

export function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new AwsAuditOptionsError(`${name} must be a positive integer, got ${value}`);
  return value;
}

export function checkEndpointUrl(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AwsAuditOptionsError(`endpointUrl must be an absolute http(s) URL such as http://127.0.0.1:4566, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AwsAuditOptionsError(`endpointUrl must use http or https, got "${value}"`);
}

export async function defaultRegion(profile: string | undefined): Promise<string> {
  const client = new SageMakerClient(profile ? { profile } : {});
  try {
    const region = await client.config.region();
    if (region) return region;
  } catch {
    // fall through to the message below
  } finally {
    client.destroy();
  }
  throw new AwsAuditOptionsError('No AWS region: pass --regions (e.g. --regions us-east-1,eu-west-1), set AWS_REGION, or set a region in your AWS profile.');
}
