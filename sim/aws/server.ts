// The AWS simulator: a seeded in-memory account served by the shared simulator server through the
// SigV4 router.
import { startSimServer, type RunningSimServer, type SimServerOptions } from '../core/server';
import { ids } from './ids';
import { awsRouter, type AwsRouterOptions } from './router';
import type { AwsScenario } from './scenario';
import { AwsEstate } from './estate';

export type { CallRecord } from '../core/server';

export interface AwsSimOptions extends Omit<SimServerOptions, 'requestId'> {
  /**
   * Answer S3 bucket requests signed for another region than the bucket's with 301 PermanentRedirect and
   * `x-amz-bucket-region`, as S3 does (the SDK follows it with `followRegionRedirects: true`). On by default.
   */
  readonly strictS3Regions?: boolean;
  readonly onSignedCall?: AwsRouterOptions['onSignedCall'];
}

export type RunningAwsSimulator = RunningSimServer;

export async function startAwsSimulator(scenario: AwsScenario, options: AwsSimOptions = {}): Promise<RunningAwsSimulator> {
  const { strictS3Regions = true, onSignedCall, ...serverOptions } = options;
  const router = awsRouter(AwsEstate.fromScenario(scenario), { strictS3Regions, ...(onSignedCall ? { onSignedCall } : {}) });
  return startSimServer(router, { ...serverOptions, requestId: ids.requestId });
}
