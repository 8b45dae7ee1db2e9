// Bounded retries with exponential backoff for notifications: a flaky receiver gets a few chances, a
// dead one does not hold the run (the snapshot is already stored before anything is sent).
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** Wait before the second attempt; doubled before each further one. */
  readonly firstDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 4,
  firstDelayMs: 1000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** An error worth no retry (the receiver said the request itself is wrong). */
export class PermanentNotifyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentNotifyError';
  }
}

export interface DeliveryResult {
  readonly channel: string;
  readonly ok: boolean;
  readonly attempts: number;
  /** The last failure, when not ok. */
  readonly error?: string;
}

export async function withRetries(channel: string, policy: RetryPolicy, send: () => Promise<void>): Promise<DeliveryResult> {
  let lastError = '';
  for (let attempt = 1; attempt <= policy.attempts; attempt += 1) {
    try {
      await send();
      return { channel, ok: true, attempts: attempt };
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
      if (error instanceof PermanentNotifyError) return { channel, ok: false, attempts: attempt, error: lastError };
      if (attempt < policy.attempts) await policy.sleep(policy.firstDelayMs * 2 ** (attempt - 1));
    }
  }
  return { channel, ok: false, attempts: policy.attempts, error: lastError };
}
