import { afterAttempt } from './sending.rules';

const now = new Date('2026-03-10T10:00:00Z');
const facts = { maxAttempts: 4, retryBaseSeconds: 30, now };

describe('after an attempt', () => {
  it('is SENT when the provider took the message', () => {
    expect(afterAttempt({ ...facts, attempt: 1, error: null })).toEqual({ status: 'SENT', nextAttemptAt: null });
  });

  it('waits base × 2^(n-1) after a retryable failure', () => {
    expect(afterAttempt({ ...facts, attempt: 1, error: { retryable: true } })).toEqual({ status: 'PENDING', nextAttemptAt: new Date(now.getTime() + 30_000) });
    expect(afterAttempt({ ...facts, attempt: 3, error: { retryable: true } }).nextAttemptAt).toEqual(new Date(now.getTime() + 120_000));
  });

  it('gives up on the last allowed attempt, and at once on a failure a retry cannot mend', () => {
    expect(afterAttempt({ ...facts, attempt: 4, error: { retryable: true } })).toEqual({ status: 'FAILED', nextAttemptAt: null });
    expect(afterAttempt({ ...facts, attempt: 1, error: { retryable: false } })).toEqual({ status: 'FAILED', nextAttemptAt: null });
  });
});
