import {
  METERING_FUTURE_SKEW_SEC,
  METERING_SIGNATURE_HEADER,
  METERING_TIMESTAMP_HEADER,
  signMeteringRequest,
  verifyMeteringRequest,
  type MeteringSignatureFailure,
} from './metering-signature';

const SECRET = 'a-metering-secret-of-at-least-32-characters';
const NOW = 1_800_000_000;
const BODY = '{"operation":"claims.submission","reference":"r-1"}';

/** A request as the tokens service receives it, signed at `signedAt`. */
function received(overrides: Partial<{ signedAt: number; secret: string; signedPath: string; body: Buffer | undefined }> = {}) {
  const headers = signMeteringRequest(overrides.secret ?? SECRET, 'POST', overrides.signedPath ?? '/metering/reservations', BODY, overrides.signedAt ?? NOW);
  return {
    timestamp: headers[METERING_TIMESTAMP_HEADER],
    signature: headers[METERING_SIGNATURE_HEADER],
    method: 'POST',
    path: '/metering/reservations',
    body: 'body' in overrides ? overrides.body : Buffer.from(BODY),
  };
}

function failure(request: Parameters<typeof verifyMeteringRequest>[1]): MeteringSignatureFailure | null {
  try {
    verifyMeteringRequest(SECRET, request, 300, NOW);
    return null;
  } catch (error) {
    return (error as { reason: MeteringSignatureFailure }).reason;
  }
}

describe('metering request signatures', () => {
  it('accepts what was signed with the secret, up to the allowed age', () => {
    expect(failure(received())).toBeNull();
    expect(failure(received({ signedAt: NOW - 300 }))).toBeNull();
    expect(failure(received({ signedAt: NOW + METERING_FUTURE_SKEW_SEC }))).toBeNull();
  });

  it.each<[string, Parameters<typeof received>[0], MeteringSignatureFailure]>([
    ['another secret', { secret: 'another-secret-that-is-at-least-32-characters-long' }, 'signature'],
    ['another path', { signedPath: '/metering/reservations/release' }, 'signature'],
    ['a timestamp older than allowed', { signedAt: NOW - 301 }, 'stale'],
    ['a timestamp more than the drift allowance ahead', { signedAt: NOW + METERING_FUTURE_SKEW_SEC + 1 }, 'future'],
    ['no captured body', { body: undefined }, 'body'],
  ])('refuses %s', (_case, overrides, reason) => {
    expect(failure(received(overrides))).toBe(reason);
  });

  it('refuses a body other than the one signed, and a missing or malformed header', () => {
    expect(failure({ ...received(), body: Buffer.from(BODY.replace('r-1', 'r-2')) })).toBe('signature');
    expect(failure({ ...received(), signature: undefined })).toBe('missing');
    expect(failure({ ...received(), timestamp: 'yesterday' })).toBe('missing');
  });
});
