// A local Cloud Storage JSON API simulator for the drift snapshot store: the object calls the
// @google-cloud/storage client makes, on sim/core's server (latency, faults, call log).
import { startSimServer, type RunningSimServer, type SimServerOptions } from '../core/server';
import { gcsRouter } from './router';
import type { GcsWorld } from './world';

export { gcsRouter, GCS_SERVER_NAME } from './router';
export { gcsWorld, ALL_OBJECT_PERMISSIONS } from './world';
export type { GcsPermission, GcsWorld, StoredObject } from './world';

export function startGcsSimulator(world: GcsWorld, options: Omit<SimServerOptions, 'requestId'> = {}): Promise<RunningSimServer> {
  return startSimServer(gcsRouter(world), options);
}
