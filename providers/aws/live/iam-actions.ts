// The IAM action that authorizes each API operation the readers call. Most are `service:Operation`;
// S3 names a few differently, listed here as data.
const RENAMED: Readonly<Record<string, string>> = {
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
};

export function iamActionFor(service: string, operation: string): string {
  const call = `${service}:${operation}`;
  return RENAMED[call] ?? call;
}
