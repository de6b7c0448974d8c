import type { DataSource, EntityManager } from 'typeorm';
import { hasRole, type Actor } from '../../../../kit/auth/identity';
import { ForbiddenError } from '../../../../kit/auth/rules';
import type { Clock } from '../../../../kit/clock';
import { NotFoundError } from '../../../../kit/errors';
import { isUuid } from '../../../../kit/ids';
import type { FamilyService } from '../family/family.service';
import { returnedRows } from '../sql';
import { User, UserStatus } from '../user/user.entity';
import { invalidRefreshToken, SignInError, SignInFailure } from './sign-in.errors';
import type { RevokedSessions } from './revoked-sessions';
import { RefreshToken, Session } from './session.entity';
import { newRefreshToken, refreshTokenHash, type TokenIssuer } from './tokens';

/** What a successful sign-in or refresh hands the client. */
export interface SessionTokens {
  sessionId: string;
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  user: User;
}

export type RevocationReason = 'LOGOUT' | 'REVOKED' | 'REFRESH_TOKEN_REUSED' | 'USER_DISABLED' | 'PASSWORD_CHANGED' | 'ROLES_CHANGED';

/**
 * Sessions and their refresh-token families. Refresh tokens rotate: each is good once, and one
 * presented again (stolen, or replayed) revokes its whole session. Every revocation is also told
 * to the gateway (`RevokedSessions`) once committed.
 */
export class SessionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: TokenIssuer,
    private readonly families: FamilyService,
    private readonly revoked: RevokedSessions,
    private readonly clock: Clock,
  ) {}

  /** Opens a session for a user who has just proved who they are (inside the caller's transaction). */
  async open(manager: EntityManager, user: User, ip: string | null): Promise<SessionTokens> {
    const now = this.clock.now();
    const refresh = newRefreshToken();
    const refreshExpiresAt = new Date(now.getTime() + this.tokens.settings.refreshTokenTtlSeconds * 1000);
    const session = manager.create(Session, { userId: user.id, ip, createdAt: now, expiresAt: refreshExpiresAt, lastRefreshedAt: null, revokedAt: null, revokedReason: null });
    await manager.insert(Session, session);
    await manager.insert(RefreshToken, { sessionId: session.id, tokenHash: refresh.hash, issuedAt: now, expiresAt: refreshExpiresAt, usedAt: null });
    return this.tokensFor(manager, user, session.id, refresh.token, refreshExpiresAt);
  }

  /**
   * Swaps a refresh token for a new pair in the same session. A token already used revokes the
   * session (every token of the family) and fails; so does one unknown, expired or of a revoked
   * session or a disabled user.
   */
  async refresh(refreshToken: string): Promise<SessionTokens> {
    const now = this.clock.now();
    const outcome = await this.dataSource.transaction(async (manager): Promise<SessionTokens | { failure: SignInError; revoked: string[] }> => {
      const [row] = (await manager.query(
        `SELECT t.id, t.session_id, t.used_at, t.expires_at, s.user_id, s.revoked_at
         FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id
         WHERE t.token_hash = $1 FOR UPDATE OF t, s`,
        [refreshTokenHash(refreshToken)],
      )) as { id: string; session_id: string; used_at: Date | null; expires_at: Date; user_id: string; revoked_at: Date | null }[];
      if (!row || row.revoked_at) return { failure: invalidRefreshToken(), revoked: [] };
      if (row.used_at) {
        const revoked = await this.revokeWhere(manager, 'id = $1', [row.session_id], 'REFRESH_TOKEN_REUSED');
        return {
          failure: new SignInError(SignInFailure.REFRESH_TOKEN_REUSED, 'This refresh token was already used: the session is ended for safety. Sign in again.'),
          revoked,
        };
      }
      if (row.expires_at.getTime() <= now.getTime()) return { failure: invalidRefreshToken(), revoked: [] };
      const user = await manager.findOneBy(User, { id: row.user_id });
      if (!user || user.status !== UserStatus.ACTIVE) return { failure: invalidRefreshToken(), revoked: [] };
      const next = newRefreshToken();
      const expiresAt = new Date(now.getTime() + this.tokens.settings.refreshTokenTtlSeconds * 1000);
      await manager.update(RefreshToken, { id: row.id }, { usedAt: now });
      await manager.insert(RefreshToken, { sessionId: row.session_id, tokenHash: next.hash, issuedAt: now, expiresAt, usedAt: null });
      await manager.update(Session, { id: row.session_id }, { lastRefreshedAt: now, expiresAt });
      return this.tokensFor(manager, user, row.session_id, next.token, expiresAt);
    });
    if ('failure' in outcome) {
      await this.announce(outcome.revoked);
      throw outcome.failure;
    }
    return outcome;
  }

  /** Ends the caller's current session. */
  async logout(actor: Actor): Promise<boolean> {
    if (!actor.sessionId || !isUuid(actor.sessionId)) return false;
    const revoked = await this.revokeWhere(this.dataSource.manager, 'id = $1 AND user_id = $2', [actor.sessionId, actor.id], 'LOGOUT');
    await this.announce(revoked);
    return revoked.length > 0;
  }

  /** Ends one session: its own user's, or any for an ADMIN. */
  async revokeSession(actor: Actor, sessionId: string): Promise<Session> {
    const session = isUuid(sessionId) ? await this.dataSource.getRepository(Session).findOneBy({ id: sessionId }) : null;
    if (!session) throw new NotFoundError('Session', sessionId);
    if (session.userId !== actor.id && !hasRole(actor, 'ADMIN')) throw new ForbiddenError("another user's session");
    await this.announce(await this.revokeWhere(this.dataSource.manager, 'id = $1', [session.id], 'REVOKED'));
    return this.dataSource.getRepository(Session).findOneByOrFail({ id: session.id });
  }

  /** Ends every open session of a user (all but `except`, when given); returns how many. */
  async revokeUserSessions(userId: string, reason: RevocationReason, except?: string | null, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    if (!isUuid(userId)) return [];
    return except && isUuid(except)
      ? this.revokeWhere(manager, 'user_id = $1 AND id <> $2', [userId, except], reason)
      : this.revokeWhere(manager, 'user_id = $1', [userId], reason);
  }

  /** Tells the gateway about sessions revoked in a transaction that has now committed. */
  async announce(sessionIds: readonly string[]): Promise<void> {
    // An access token issued just before the revocation lives at most this long.
    await this.revoked.add(sessionIds, this.tokens.settings.accessTokenTtlSeconds);
  }

  /** A user's sessions, newest first: the user's own, or anyone's for an ADMIN. */
  async sessionsOf(actor: Actor, userId: string): Promise<Session[]> {
    if (userId !== actor.id && !hasRole(actor, 'ADMIN')) throw new ForbiddenError("another user's sessions");
    if (!isUuid(userId)) return [];
    return this.dataSource.getRepository(Session).find({ where: { userId }, order: { createdAt: 'DESC', id: 'DESC' }, take: 100 });
  }

  private async revokeWhere(manager: EntityManager, where: string, params: unknown[], reason: RevocationReason): Promise<string[]> {
    const rows = returnedRows<{ id: string }>(
      await manager.query(
        `UPDATE sessions SET revoked_at = $${params.length + 1}, revoked_reason = $${params.length + 2}
         WHERE ${where} AND revoked_at IS NULL RETURNING id`,
        [...params, this.clock.now(), reason],
      ),
    );
    return rows.map((r) => r.id);
  }

  private async tokensFor(manager: EntityManager, user: User, sessionId: string, refreshToken: string, refreshTokenExpiresAt: Date): Promise<SessionTokens> {
    const family = user.memberId ? await this.families.familyOf(user.memberId, manager) : [];
    const access = this.tokens.accessToken({
      userId: user.id,
      sessionId,
      roles: user.roles,
      grants: user.roles.includes('ANALYST') ? user.grants : [],
      memberId: user.memberId,
      family,
    });
    return { sessionId, accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken, refreshTokenExpiresAt, user };
  }
}
