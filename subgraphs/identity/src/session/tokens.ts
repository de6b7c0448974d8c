import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { publicJwk, signJwt, TokenError, verifyJwt, type Jwk, type SigningKey } from '../../../../kit/auth/jwt';
import type { AccessTokenClaims, Grant, Role } from '../../../../kit/auth/identity';
import type { Clock } from '../../../../kit/clock';

/** RFC 9068's media type for JWT access tokens: the gateway refuses any other `typ`. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';
/** A different `typ` and audience, so an enrolment ticket can never pass for an access token. */
export const ENROLMENT_TICKET_TYPE = 'totp-enrolment+jwt';

export interface TokenSettings {
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  enrolmentTicketTtlSeconds: number;
}

export interface AccessTokenSubject {
  userId: string;
  sessionId: string;
  roles: Role[];
  grants: Grant[];
  memberId: string | null;
  family: string[];
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/** A fresh opaque refresh token (256 random bits) and the SHA-256 that is all the database keeps. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: refreshTokenHash(token) };
}

export function refreshTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Signs access tokens and enrolment tickets with the service's Ed25519 key, and publishes its public half. */
export class TokenIssuer {
  constructor(
    private readonly key: SigningKey,
    readonly settings: TokenSettings,
    private readonly clock: Clock,
  ) {}

  accessToken(subject: AccessTokenSubject): IssuedToken {
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const exp = iat + this.settings.accessTokenTtlSeconds;
    const claims: AccessTokenClaims = {
      iss: this.settings.issuer,
      aud: this.settings.audience,
      sub: subject.userId,
      iat,
      exp,
      jti: randomUUID(),
      sid: subject.sessionId,
      roles: subject.roles,
      ...(subject.grants.length ? { grants: subject.grants } : {}),
      ...(subject.memberId ? { mbr: subject.memberId, fam: subject.family } : {}),
    };
    return { token: signJwt({ ...claims }, this.key, ACCESS_TOKEN_TYPE), expiresAt: new Date(exp * 1000) };
  }

  /** A short-lived ticket that lets a staff user who gave the right password set up two-factor sign-in. */
  enrolmentTicket(userId: string, passwordChangedAt: Date): IssuedToken {
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const exp = iat + this.settings.enrolmentTicketTtlSeconds;
    const claims = { iss: this.settings.issuer, aud: this.ticketAudience, sub: userId, iat, exp, jti: randomUUID(), pwd: passwordChangedAt.getTime() };
    return { token: signJwt(claims, this.key, ENROLMENT_TICKET_TYPE), expiresAt: new Date(exp * 1000) };
  }

  /** The user and password version a ticket was issued for, or null when it is not a valid, unexpired ticket. */
  readEnrolmentTicket(ticket: string): { userId: string; passwordChangedAtMs: number } | null {
    try {
      const claims = verifyJwt(ticket, {
        keys: new Map([[this.key.kid, this.key.publicKey]]),
        issuer: this.settings.issuer,
        audience: this.ticketAudience,
        type: ENROLMENT_TICKET_TYPE,
        clockToleranceSec: 0,
        nowSec: Math.floor(this.clock.now().getTime() / 1000),
      });
      if (typeof claims.sub !== 'string' || typeof claims.pwd !== 'number') return null;
      return { userId: claims.sub, passwordChangedAtMs: claims.pwd };
    } catch (error) {
      if (error instanceof TokenError) return null;
      throw error;
    }
  }

  /** The public key set served at `/.well-known/jwks.json`. */
  jwks(): { keys: Jwk[] } {
    return { keys: [publicJwk(this.key)] };
  }

  private get ticketAudience(): string {
    return `${this.settings.issuer}#totp-enrolment`;
  }
}
