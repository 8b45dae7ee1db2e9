// EC2 values as EC2 sends them.
import type { VpcEndpoint } from '@aws-sdk/client-ec2';

/**
 * EC2 sends VPC endpoint states in lower case (`available`) although the API model lists `Available`;
 * the simulator sends what EC2 sends. The one cast that bridges the SDK's type lives here.
 */
export function vpcEndpointState(state: 'available' | 'pending' | 'deleting' | 'deleted' | 'rejected' | 'failed'): VpcEndpoint['State'] {
  return state as VpcEndpoint['State'];
}
