// How the construct tells a user that a prop override weakens a baseline control: one synth-time
// warning per control, with an id the user can acknowledge (that acknowledgement is the explicit,
// visible, justified decision the baseline asks for).
import { Annotations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The inferguard baseline controls (policies/controls/<id>.ts) the construct's defaults satisfy. */
export const BASELINE_CONTROL_IDS = [
  'endpoint-storage-customer-key',
  'model-network-isolation',
  'model-private-network',
  'endpoint-multiple-instances',
  'image-private-registry',
  'image-pinned-by-digest',
  'data-capture-customer-key',
  'model-monitoring-scheduled',
  'identity-least-privilege',
  'key-rotation-enabled',
  'key-not-public',
  'artifact-store-private',
  'artifact-store-tls-only',
  'artifact-store-customer-key',
  'image-repository-scan-on-push',
  'image-repository-immutable-tags',
  'image-repository-not-public',
  'endpoint-private-api-path',
  'firewall-no-public-ingress',
] as const;

export type ControlId = (typeof BASELINE_CONTROL_IDS)[number];

/** A configuration that leaves one control unmet (or unverifiable), and what to do about it. */
export interface Weakening {
  readonly control: ControlId;
  /** What the configuration does and why that matters. */
  readonly problem: string;
  /** What to do instead. */
  readonly fix: string;
}

/** The id of the synth-time warning for a control: acknowledge it to record a deliberate decision. */
export function warningId(control: ControlId): string {
  return `inferguard:${control}`;
}

export function warningMessage(weakening: Weakening): string {
  const id = warningId(weakening.control);
  return (
    `[${weakening.control}] ${weakening.problem} To fix: ${weakening.fix} ` +
    `If this is deliberate, record why: Validations.of(<construct>).acknowledge({ id: '${id}', reason: '<why>' }).`
  );
}

export function emitWeakenings(scope: IConstruct, weakenings: readonly Weakening[]): void {
  for (const weakening of weakenings) {
    Annotations.of(scope).addWarningV2(warningId(weakening.control), warningMessage(weakening));
  }
}
