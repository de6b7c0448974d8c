import { retryDelaySeconds } from '../notification/notification.rules';

/** Where a message stands after one try at handing it to its provider. */
export interface AttemptOutcome {
  status: 'SENT' | 'PENDING' | 'FAILED';
  /** When a PENDING message is tried again; null once it is SENT or FAILED. */
  nextAttemptAt: Date | null;
}

/** What the sender knows after attempt number `attempt` (1 for the first). */
export interface AttemptFacts {
  attempt: number;
  /** Null when the provider took the message. */
  error: { retryable: boolean } | null;
  maxAttempts: number;
  retryBaseSeconds: number;
  now: Date;
}

/**
 * The one decision every queue's sender shares: a taken message is SENT; a failure that trying
 * again cannot mend, or the last allowed attempt, is FAILED; any other failure waits for the
 * backoff (base, 2×base, 4×base…) and is tried again.
 */
export function afterAttempt(facts: AttemptFacts): AttemptOutcome {
  if (!facts.error) return { status: 'SENT', nextAttemptAt: null };
  if (!facts.error.retryable || facts.attempt >= facts.maxAttempts) return { status: 'FAILED', nextAttemptAt: null };
  return { status: 'PENDING', nextAttemptAt: new Date(facts.now.getTime() + retryDelaySeconds(facts.attempt, facts.retryBaseSeconds) * 1000) };
}
