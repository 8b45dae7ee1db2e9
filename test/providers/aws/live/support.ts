// Shared setup for tests that audit the local simulator: fake static credentials, no instance metadata,
// no ambient endpoint or profile from the developer's shell.
import { resourcesOfKind, type Fact, type Inventory, type ResourceKind, type ResourceOfKind } from '../../../../policies/model';

export function isolateAwsEnvironment(): void {
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  process.env.AWS_ACCESS_KEY_ID = 'AKIDTESTTESTTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'test-secret';
  // No shared config or credentials file from the machine: the region and profile come only from the test.
  process.env.AWS_CONFIG_FILE = '/nonexistent/inferguard-test-aws-config';
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/inferguard-test-aws-credentials';
  for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_MAX_ATTEMPTS', 'AWS_RETRY_MODE']) {
    delete process.env[name];
  }
}

export function valueOf<T>(fact: Fact<T>): T {
  if (!fact.known) throw new Error(`expected a known fact, got unknown: ${fact.reason}`);
  return fact.value;
}

export function resource<K extends ResourceKind>(inventory: Inventory, kind: K, id: string): ResourceOfKind<K> {
  const found = resourcesOfKind(inventory, kind).find((r) => r.id === id);
  if (!found) throw new Error(`no ${kind} ${id} in the inventory; have: ${resourcesOfKind(inventory, kind).map((r) => r.id).join(', ')}`);
  return found;
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

