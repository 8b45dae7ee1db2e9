// Starts the GCP simulator on sim/core's server: latency, fault plan and call log as for every cloud.
import { startSimServer, type RunningSimServer, type SimServerOptions } from '../core/server';
import { parseFaultRule as parseCoreFaultRule, type FaultRule } from '../core/faults';
import { gcpRouter, type GcpRouterOptions } from './router';
import type { GcpWorld } from './world';

export type GcpSimOptions = Omit<SimServerOptions, 'requestId'> & GcpRouterOptions;
export type RunningGcpSimulator = RunningSimServer;

export async function startGcpSimulator(world: GcpWorld, options: GcpSimOptions = {}): Promise<RunningGcpSimulator> {
  const { perProjectCallsPerSecond, ...server } = options;
  return startSimServer(gcpRouter(world, perProjectCallsPerSecond === undefined ? {} : { perProjectCallsPerSecond }), server);
}

/** `aiplatform:projects.locations.endpoints.list=Throttling,everyNth=3`, checked against the GCP catalog. */
export function parseGcpFaultRule(text: string): FaultRule {
  return parseCoreFaultRule(text, gcpRouter({ projects: [], folders: [], endpoints: [], models: [], bigqueryDatasets: [], bigqueryTables: [], keyRings: [], cryptoKeys: [], accessPolicies: [], denials: [] }).catalog);
}
