import type { NextFunction, Request, Response } from 'express';
import type { KeyObject } from 'node:crypto';
import type Redis from 'ioredis';
import { actorFromClaims, ANONYMOUS, type Actor } from '../../kit/auth/identity';
import { keysFromJwks, TokenError, verifyJwt } from '../../kit/auth/jwt';
import { ErrorCode } from '../../kit/errors';
import type { Logger } from '../../kit/logger';

/** The access-token `typ` the identity service signs (RFC 9068), so no other token of ours can stand in. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/**
 * Headers a client might send to pass as someone else. The gateway never forwards client headers
 * to subgraphs, and drops these on arrival so nothing later in the gateway can read them either.
 */
const IDENTITY_HEADERS = /^(x-actor-.*|x-actor|x-user-.*|x-member-.*|x-roles|x-gateway-assertion|x-forwarded-user)$/;

export interface TokenAuthSettings {
  issuer: string;
  audience: string;
  /** Where the identity service publishes its public keys. */
  jwksUrl?: string;
  /** Public keys by id given directly (tests, or a deployment that pins its keys). */
  keys?: ReadonlyMap<string, KeyObject>;
  clockToleranceSec: number;
}

/**
 * The identity service's public keys, fetched from its JWKS document and fetched again when a
 * token names a key not seen yet (a rotation), at most once per `refreshEveryMs`.
 */
export class KeySet {
  private keys: ReadonlyMap<string, KeyObject>;
  private lastFetch = 0;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly settings: Pick<TokenAuthSettings, 'jwksUrl' | 'keys'>,
    private readonly logger: Logger,
    private readonly refreshEveryMs = 30_000,
  ) {
    this.keys = settings.keys ?? new Map();
  }

  /** The keys to verify a token with key id `kid`, refreshing once if it is unknown. */
  async forKid(kid: string | undefined): Promise<ReadonlyMap<string, KeyObject>> {
    if ((kid && this.keys.has(kid)) || !this.settings.jwksUrl) return this.keys;
    if (Date.now() - this.lastFetch >= this.refreshEveryMs) await this.refresh();
    return this.keys;
  }

  refresh(): Promise<void> {
    this.inFlight ??= this.fetchKeys().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async fetchKeys(): Promise<void> {
    this.lastFetch = Date.now();
    try {
      const response = await fetch(this.settings.jwksUrl!, { signal: AbortSignal.timeout(2_000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const fetched = keysFromJwks(await response.json());
      if (fetched.size > 0) this.keys = new Map([...(this.settings.keys ?? []), ...fetched]);
    } catch (error) {
      this.logger.warn('could not fetch the identity service keys; tokens signed with a new key are refused until it answers', {
        url: this.settings.jwksUrl,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

/** Whether a session was revoked (logout, reuse of a refresh token, a disabled user) before its access token expires. */
export interface RevocationCheck {
  isRevoked(sessionId: string): Promise<boolean>;
}

/** Sessions revoked by the identity service, which writes them to Redis with the access token's lifetime. */
export class RedisRevocationCheck implements RevocationCheck {
  constructor(private readonly redis: Redis, private readonly logger: Logger, private readonly prefix = 'mcs:revoked-session:') {}

  async isRevoked(sessionId: string): Promise<boolean> {
    try {
      return (await this.redis.exists(`${this.prefix}${sessionId}`)) === 1;
    } catch (error) {
      // Redis away: the token's own short lifetime still bounds a revoked session.
      this.logger.warn('revocation check unavailable', { error: error instanceof Error ? error.message : String(error) });
      return false;
    }
  }
}

/** The request as the gateway's later steps see it: with the verified actor. */
export interface AuthenticatedRequest extends Request {
  actor: Actor;
}

export function actorOf(req: Request): Actor {
  return (req as AuthenticatedRequest).actor ?? ANONYMOUS;
}

function refuse(res: Response, reason: string): void {
  res.setHeader('WWW-Authenticate', `Bearer error="invalid_token", error_description="${reason}"`);
  res.status(401).json({ errors: [{ message: 'The access token is not valid. Sign in again.', extensions: { code: ErrorCode.UNAUTHENTICATED, reason } }] });
}

/**
 * Express middleware: verifies the bearer token (Ed25519 only, issuer, audience, lifetime, known
 * key, session not revoked) and puts the actor on the request. No token means an anonymous
 * caller (who can still sign in); a token that fails any check is refused with 401.
 */
export function authenticate(settings: TokenAuthSettings, keySet: KeySet, logger: Logger, revocations?: RevocationCheck, onRefused?: (reason: string) => void) {
  return async (req: Request, res: Response, next: NextFunction) => {
    for (const name of Object.keys(req.headers)) if (IDENTITY_HEADERS.test(name)) delete req.headers[name];
    const ip = req.ip;
    const header = req.headers.authorization;
    if (!header) {
      (req as AuthenticatedRequest).actor = { ...ANONYMOUS, ...(ip ? { ip } : {}) };
      return next();
    }
    const match = /^Bearer ([A-Za-z0-9._-]+)$/.exec(header);
    if (!match) {
      onRefused?.('malformed');
      return refuse(res, 'malformed');
    }
    try {
      const kid = kidOf(match[1]);
      const claims = verifyJwt(match[1], {
        keys: await keySet.forKid(kid),
        issuer: settings.issuer,
        audience: settings.audience,
        type: ACCESS_TOKEN_TYPE,
        clockToleranceSec: settings.clockToleranceSec,
      });
      const actor = actorFromClaims(claims, ip);
      if (actor.sessionId && (await revocations?.isRevoked(actor.sessionId))) throw new TokenError('expired', 'session revoked');
      (req as AuthenticatedRequest).actor = actor;
      next();
    } catch (error) {
      const reason = error instanceof TokenError ? error.reason : 'malformed';
      onRefused?.(reason);
      logger.warn('access token refused', { reason, detail: error instanceof Error ? error.message : String(error), ip });
      refuse(res, reason);
    }
  };
}

function kidOf(token: string): string | undefined {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as { kid?: unknown };
    return typeof header.kid === 'string' ? header.kid : undefined;
  } catch {
    return undefined;
  }
}
