// The notification a drift run sends when something changed: one JSON document for every channel
// (webhook body, SNS message). Its shape is documented in NOTIFICATIONS.md; bump NOTIFICATION_SCHEMA_VERSION
// when it changes incompatibly.
import type { ToolInfo } from '../../package-info';
import type { Provider } from '../../../policies/model';
import type { PostureDrift } from '../posture';

export const NOTIFICATION_SCHEMA_VERSION = 1;

export interface DriftNotification {
  readonly schemaVersion: typeof NOTIFICATION_SCHEMA_VERSION;
  readonly event: 'inferguard.drift';
  readonly tool: ToolInfo;
  readonly provider: Provider;
  readonly scope: { readonly accounts: readonly string[]; readonly regions: readonly string[] };
  readonly takenAt: string;
  readonly previousTakenAt: string;
  /** Where the snapshot of this run is stored. */
  readonly snapshot: string;
  /** One line per kind of change, for people: "2 new failures", ... */
  readonly summary: readonly string[];
  readonly posture: PostureDrift;
  /** Configuration drift (`--iac`), as its comparison states it; absent without `--iac`. */
  readonly configuration?: unknown;
}

/** The text sent: the whole notification, or, past `limitBytes`, the same with the lists cut to their counts. */
export function notificationText(notification: DriftNotification, limitBytes: number): string {
  const full = JSON.stringify(notification);
  if (Buffer.byteLength(full, 'utf8') <= limitBytes) return full;
  const counts = Object.fromEntries(Object.entries(notification.posture).map(([key, value]) => [key, Array.isArray(value) ? value.length : value]));
  return JSON.stringify({ ...notification, posture: counts, configuration: undefined, truncated: true });
}
