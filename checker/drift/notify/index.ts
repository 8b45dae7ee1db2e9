// Sends a drift notification on every configured channel, each with bounded retries. Never throws:
// each channel's outcome is returned for the summary (the snapshot is stored before this runs).
import { notificationText, type DriftNotification } from './message';
import { DEFAULT_RETRY, withRetries, type DeliveryResult, type RetryPolicy } from './retry';
import { publishSns, SNS_MESSAGE_LIMIT_BYTES, type SnsTarget } from './sns';
import { postWebhook, type WebhookTarget } from './webhook';

export type { DeliveryResult, RetryPolicy } from './retry';
export type { DriftNotification } from './message';

export interface NotifyChannels {
  readonly webhook?: WebhookTarget;
  readonly sns?: SnsTarget;
}

/** Webhook bodies are capped too: receivers commonly refuse bodies over a few MB. */
const WEBHOOK_LIMIT_BYTES = 1024 * 1024;

export function hasChannels(channels: NotifyChannels): boolean {
  return channels.webhook !== undefined || channels.sns !== undefined;
}

export async function sendNotifications(channels: NotifyChannels, notification: DriftNotification, now: () => Date, policy: RetryPolicy = DEFAULT_RETRY): Promise<DeliveryResult[]> {
  const results: DeliveryResult[] = [];
  const { webhook, sns } = channels;
  if (webhook !== undefined) {
    const body = notificationText(notification, WEBHOOK_LIMIT_BYTES);
    results.push(await withRetries('webhook', policy, () => postWebhook(webhook, body, now())));
  }
  if (sns !== undefined) {
    const message = notificationText(notification, SNS_MESSAGE_LIMIT_BYTES);
    const subject = `inferguard drift: ${notification.provider} ${notification.scope.accounts.join(',')}`;
    results.push(await withRetries('sns', policy, () => publishSns(sns, subject, message)));
  }
  return results;
}
