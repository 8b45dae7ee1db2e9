// The environment that points the AWS CLI or any AWS SDK at the simulator: fake static credentials
// and no instance-metadata lookups, so nothing but the simulator on loopback is contacted.

export function simulatorClientEnv(url: string | undefined, region: string): Record<string, string> {
  return {
    ...(url ? { AWS_ENDPOINT_URL: url } : {}),
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: region,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}
