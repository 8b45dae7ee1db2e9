// Fault rules for the AWS simulator: the shared fault plan (sim/core/faults.ts), checked against
// the AWS services and operations the simulator serves.
import { parseFaultRule as parseRule } from '../core/faults';
import type { FaultRule } from '../core/faults';
import { awsFaultCatalog } from './router';

export { FAULT_KINDS } from '../core/faults';
export type { FaultKind, FaultRule } from '../core/faults';

const ACCOUNT_ID = /^\d{12}$/;

/**
 * Parses `service[:operation][=fault][,times=N][,everyNth=N][,resource=TEXT][,account=ID]` for an AWS service,
 * e.g. `kms:GetKeyPolicy=AccessDenied`, or `sagemaker=Throttling,account=210000000002` for one member account.
 */
export function parseFaultRule(text: string): FaultRule {
  const rule = parseRule(text, awsFaultCatalog);
  if (rule.account !== undefined && !ACCOUNT_ID.test(rule.account)) throw new Error(`account in fault rule "${text}" must be a 12-digit AWS account id, not "${rule.account}".`);
  return rule;
}
