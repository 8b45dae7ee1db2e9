// Identifiers in the formats AWS generates them.
import { randomBytes, randomUUID } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += BASE32[byte % 32];
  return out;
}

function hex(length: number): string {
  return randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length);
}

export const ids = {
  requestId: (): string => randomUUID(),
  kmsKeyId: (): string => randomUUID(),
  /** IAM unique ids: AROA (role), ANPA (managed policy), followed by 17 base32 characters. */
  iamRoleId: (): string => `AROA${base32(17)}`,
  iamPolicyId: (): string => `ANPA${base32(17)}`,
  /** EC2 ids: prefix and 17 hex digits, the first a 0, e.g. `vpc-0a1b2c3d4e5f67890`. */
  ec2: (prefix: 'vpc' | 'subnet' | 'sg' | 'vpce' | 'sgr' | 'dopt' | 'vpc-cidr-assoc' | 'eni'): string => `${prefix}-0${hex(16)}`,
};

/** SageMaker writes resource names in ARNs in lower case. */
export function sagemakerArn(region: string, account: string, type: 'endpoint' | 'endpoint-config' | 'model' | 'monitoring-schedule', name: string): string {
  return `arn:aws:sagemaker:${region}:${account}:${type}/${name.toLowerCase()}`;
}

export function kmsKeyArn(region: string, account: string, keyId: string): string {
  return `arn:aws:kms:${region}:${account}:key/${keyId}`;
}

export function iamArn(account: string, type: 'role' | 'policy', path: string, name: string): string {
  return `arn:aws:iam::${account}:${type}${path}${name}`;
}

export function ecrRepositoryArn(region: string, account: string, name: string): string {
  return `arn:aws:ecr:${region}:${account}:repository/${name}`;
}

export function ecrRepositoryUri(region: string, account: string, name: string): string {
  return `${account}.dkr.ecr.${region}.amazonaws.com/${name}`;
}
