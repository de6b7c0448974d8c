import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { actorFromClaims, ANONYMOUS, type Actor } from './identity';

/**
 * How a subgraph knows a request comes from the gateway, and who is behind it. The gateway signs,
 * with a secret it shares with that one subgraph, the verified identity, the subgraph's name, the
 * time and a digest of the request body. A subgraph answers nothing (not even `_service` or
 * `_entities`) without a valid signature, and the identity it acts on is the signed one: headers
 * a client sent never reach it.
 */
export const ASSERTION_HEADER = 'x-gateway-assertion';

/** Seconds an assertion stays valid: long enough for a slow subgraph call, too short to be worth replaying. */
export const ASSERTION_LIFETIME_SEC = 60;

export type AssertionFailure = 'missing' | 'malformed' | 'signature' | 'audience' | 'expired' | 'body';

export class AssertionError extends Error {
  constructor(readonly reason: AssertionFailure) {
    super(`gateway assertion refused: ${reason}`);
    this.name = 'AssertionError';
  }
}

/** One subgraph's secret from the gateway's master secret, so a subgraph never holds another's. */
export function deriveSubgraphSecret(masterSecret: string, subgraph: string): string {
  return createHmac('sha256', masterSecret).update(`subgraph:${subgraph}`).digest('base64url');
}

interface AssertionClaims {
  aud: string;
  iat: number;
  /** sha256 of the request body, base64url. */
  bh: string;
  sub: string;
  roles: readonly string[];
  mbr?: string;
  fam?: readonly string[];
  grants?: readonly string[];
  sid?: string;
  ip?: string;
}

export function bodyDigest(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('base64url');
}

function mac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

/** The header value the gateway sends to `subgraph` for this actor and body. */
export function signAssertion(secret: string, subgraph: string, actor: Actor, body: string | Buffer, nowSec = Math.floor(Date.now() / 1000)): string {
  const claims: AssertionClaims = {
    aud: subgraph,
    iat: nowSec,
    bh: bodyDigest(body),
    sub: actor.id,
    roles: actor.roles,
    ...(actor.memberId ? { mbr: actor.memberId, fam: actor.family } : {}),
    ...(actor.grants?.length ? { grants: actor.grants } : {}),
    ...(actor.sessionId ? { sid: actor.sessionId } : {}),
    ...(actor.ip ? { ip: actor.ip } : {}),
  };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `v1.${payload}.${mac(secret, payload)}`;
}

/** Checks a subgraph request's assertion and returns the actor it names, or throws an AssertionError. */
export function verifyAssertion(
  secret: string,
  subgraph: string,
  header: string | string[] | undefined,
  body: string | Buffer,
  nowSec = Math.floor(Date.now() / 1000),
): Actor {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) throw new AssertionError('missing');
  const parts = value.split('.');
  if (parts.length !== 3 || parts[0] !== 'v1' || value.length > 16_384) throw new AssertionError('malformed');
  const expected = Buffer.from(mac(secret, parts[1]));
  const given = Buffer.from(parts[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new AssertionError('signature');
  let claims: AssertionClaims;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as AssertionClaims;
  } catch {
    throw new AssertionError('malformed');
  }
  if (claims.aud !== subgraph) throw new AssertionError('audience');
  if (typeof claims.iat !== 'number' || Math.abs(nowSec - claims.iat) > ASSERTION_LIFETIME_SEC) throw new AssertionError('expired');
  if (claims.bh !== bodyDigest(body)) throw new AssertionError('body');
  if (claims.sub === ANONYMOUS.id) return { ...ANONYMOUS, ...(claims.ip ? { ip: claims.ip } : {}) };
  return actorFromClaims(claims as unknown as Record<string, unknown>, claims.ip);
}
