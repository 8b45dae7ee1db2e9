// Fault rules for the AWS simulator: the shared fault plan (sim/core/faults.ts), checked against
// the AWS services and operations the simulator serves.
import { parseFaultRule as parseRule } from '../core/faults';
import type { FaultRule } from '../core/faults';
import { awsFaultCatalog } from './router';

export { FAULT_KINDS } from '../core/faults';
export type { FaultKind, FaultRule } from '../core/faults';

/** Parses `service[:operation][=fault][,times=N][,everyNth=N][,resource=TEXT]` for an AWS service, e.g. `kms:GetKeyPolicy=AccessDenied`. */
export function parseFaultRule(text: string): FaultRule {
  return parseRule(text, awsFaultCatalog);
}
