import type { ProgressListener } from '../../providers/collect/context';

export type CollectProgressEvent = Parameters<ProgressListener>[0];

/**
 * Keeps the latest count of every phase and region, and describes them all on one line
 * ("endpoints 12/40 us-east-1, endpoints 3/3 eu-west-1, shared 7/9"), since events from
 * concurrent phases interleave.
 */
export function progressTally(): (event: CollectProgressEvent) => string {
  const counts = new Map<string, string>();
  return (event) => {
    counts.set(`${event.phase}\u0000${event.region ?? ''}`, `${event.phase} ${event.done}/${event.total}${event.region ? ` ${event.region}` : ''}`);
    return [...counts.values()].join(', ');
  };
}
