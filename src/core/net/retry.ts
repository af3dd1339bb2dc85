/**
 * Backoff arithmetic for the client's read retries. Kept apart so the numbers can be tested without
 * a server.
 */

export interface RetryPolicy {
  /** Total tries, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8000 };

/** We never wait longer than this for a Retry-After; a server asking for more gets an error instead. */
export const RETRY_AFTER_CAP_MS = 60_000;

/**
 * Capped exponential backoff with full jitter: a random delay in [0, min(cap, base·2^(n-1))), so many
 * editors polling one relay do not retry in step.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(Math.min(1, Math.max(0, random())) * ceiling);
}

/**
 * The delay before the next try: the backoff, but never sooner than the server's Retry-After.
 * Returns undefined when Retry-After asks for more than we are willing to wait.
 */
export function nextDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
  retryAfterSeconds: number | undefined,
): number | undefined {
  const backoff = backoffDelay(attempt, policy, random);
  if (retryAfterSeconds === undefined) return backoff;
  const asked = retryAfterSeconds * 1000;
  if (asked > RETRY_AFTER_CAP_MS) return undefined;
  return Math.max(backoff, asked);
}

/** setTimeout as a promise that rejects with the signal's reason when aborted. */
export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
