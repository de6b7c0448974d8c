import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../../../kit/clock';
import type { Logger } from '../../../../kit/logger';
import { hashPassword, needsRehash, verifyPassword } from '../password/password';
import { generateTotpSecret, matchTotp, otpauthUri } from '../totp/totp';
import { User, UserStatus } from '../user/user.entity';
import { normaliseEmail } from '../user/user.rules';
import { returnedRows } from '../sql';
import type { SessionService, SessionTokens } from './session.service';
import { accountDisabled, accountLocked, invalidCredentials, SignInError, SignInFailure } from './sign-in.errors';
import type { TokenIssuer } from './tokens';

/** The name authenticator apps show next to the code. */
export const TOTP_ISSUER_LABEL = 'MCS Health';

export interface SignInSettings {
  passwordHashCost: number;
  lockout: { maxFailures: number; lockMinutes: number };
}

export interface TotpEnrolmentStart {
  secret: string;
  otpauthUri: string;
  accountName: string;
  issuer: string;
}

/**
 * Password sign-in with lockout and two-factor codes, and the two-factor set-up staff must do
 * before their first session. Every failure before the password is known to be right looks the
 * same, whether the e-mail exists or not.
 */
export class SignInService {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionService,
    private readonly tokens: TokenIssuer,
    private readonly settings: SignInSettings,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async login(input: { email: string; password: string; totpCode?: string | null }, ip: string | null): Promise<SessionTokens> {
    const now = this.clock.now();
    const user = await this.dataSource.getRepository(User).findOneBy({ email: normaliseEmail(input.email) });
    if (!user) {
      // The same work as for a real account, so the time taken does not tell whether the e-mail exists.
      await verifyPassword(input.password, await this.hashForUnknownUsers());
      throw invalidCredentials();
    }
    if (user.lockedUntil && user.lockedUntil > now) throw accountLocked(user.lockedUntil, now);
    if (!(await verifyPassword(input.password, user.passwordHash))) {
      await this.recordFailure(user.id, now);
      throw invalidCredentials();
    }
    if (user.status !== UserStatus.ACTIVE) throw accountDisabled();
    await this.upgradeHash(user, input.password);

    let step: number | null = null;
    if (!user.totpEnabled && user.roles.some((r) => r !== 'MEMBER')) {
      const ticket = this.tokens.enrolmentTicket(user.id, user.passwordChangedAt);
      throw new SignInError(SignInFailure.TOTP_ENROLMENT_REQUIRED, 'Staff accounts need two-factor sign-in: set up an authenticator app with the enrolment ticket.', {
        enrolmentTicket: ticket.token,
        enrolmentTicketExpiresAt: ticket.expiresAt.toISOString(),
      });
    }
    if (user.totpEnabled) {
      if (!input.totpCode) throw new SignInError(SignInFailure.TOTP_REQUIRED, 'Enter the code from your authenticator app.');
      step = matchTotp(user.totpSecret!, input.totpCode, now.getTime());
      if (step === null) {
        await this.recordFailure(user.id, now);
        throw new SignInError(SignInFailure.TOTP_INVALID, 'The authenticator code is not right.');
      }
    }
    return this.openSession(user.id, now, step, ip);
  }

  /** Gives the user of a valid enrolment ticket a new two-factor secret (replacing one not yet confirmed). */
  async startTotpEnrolment(ticket: string): Promise<TotpEnrolmentStart> {
    const user = await this.userOfTicket(ticket);
    const secret = generateTotpSecret();
    await this.dataSource.query('UPDATE users SET totp_secret = $2, updated_at = now() WHERE id = $1 AND NOT totp_enabled', [user.id, secret]);
    return { secret, otpauthUri: otpauthUri(secret, user.email, TOTP_ISSUER_LABEL), accountName: user.email, issuer: TOTP_ISSUER_LABEL };
  }

  /** Turns two-factor sign-in on once the app shows a right code, and opens the user's first session. */
  async confirmTotpEnrolment(ticket: string, code: string, ip: string | null): Promise<SessionTokens> {
    const now = this.clock.now();
    const user = await this.userOfTicket(ticket);
    if (!user.totpSecret) throw new SignInError(SignInFailure.INVALID_ENROLMENT_TICKET, 'Start the two-factor set-up first.');
    const step = matchTotp(user.totpSecret, code, now.getTime());
    if (step === null) {
      await this.recordFailure(user.id, now);
      throw new SignInError(SignInFailure.TOTP_INVALID, 'The authenticator code is not right.');
    }
    const secret = user.totpSecret;
    return this.openSession(user.id, now, step, ip, async (manager) => {
      const rows = returnedRows<{ id: string }>(
        await manager.query(`UPDATE users SET totp_enabled = true, updated_at = now() WHERE id = $1 AND NOT totp_enabled AND totp_secret = $2 RETURNING id`, [user.id, secret]),
      );
      if (rows.length === 0) throw new SignInError(SignInFailure.INVALID_ENROLMENT_TICKET, 'Two-factor sign-in is already set up, or the set-up was restarted.');
    });
  }

  /**
   * Marks the sign-in and opens the session in one transaction. A two-factor code found already
   * used is counted as a failure once the transaction has rolled back.
   */
  private async openSession(userId: string, now: Date, step: number | null, ip: string | null, before?: (manager: EntityManager) => Promise<void>): Promise<SessionTokens> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        await before?.(manager);
        const signedIn = await this.markSignedIn(manager, userId, now, step);
        if (!signedIn) throw await this.whyNot(manager, userId, now, step);
        return this.sessions.open(manager, signedIn, ip);
      });
    } catch (error) {
      if (error instanceof SignInError && error.reason === SignInFailure.TOTP_INVALID) await this.recordFailure(userId, now);
      throw error;
    }
  }

  /**
   * Counts a failed sign-in. The count and the lock are one atomic update, so simultaneous
   * failures each count; a lock that has run out starts the count again.
   */
  async recordFailure(userId: string, now: Date): Promise<void> {
    const result: unknown = await this.dataSource.query(
      `UPDATE users SET
         failed_sign_ins = CASE WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN 1 ELSE failed_sign_ins + 1 END,
         locked_until = CASE
           WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN 1 ELSE failed_sign_ins + 1 END) >= $3
             THEN $2::timestamptz + make_interval(mins => $4)
           WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN NULL
           ELSE locked_until END
       WHERE id = $1
       RETURNING failed_sign_ins, locked_until`,
      [userId, now, this.settings.lockout.maxFailures, this.settings.lockout.lockMinutes],
    );
    const [row] = returnedRows<{ failed_sign_ins: number; locked_until: Date | null }>(result);
    if (row?.failed_sign_ins === this.settings.lockout.maxFailures) {
      this.logger.warn('account locked after repeated failed sign-ins', { userId, failures: row.failed_sign_ins, lockedUntil: row.locked_until?.toISOString() });
    }
  }

  /**
   * The success half of a sign-in, as one conditional update: the user is still active and not
   * locked (failures may have landed meanwhile), and the two-factor step, if any, is newer than
   * the last one accepted, so a code works once. Returns the user, or null when a condition failed.
   */
  private async markSignedIn(manager: EntityManager, userId: string, now: Date, step: number | null): Promise<User | null> {
    const rows = returnedRows<{ id: string }>(
      await manager.query(
      `UPDATE users SET failed_sign_ins = 0, locked_until = NULL, last_sign_in_at = $2,
         totp_last_step = COALESCE($3::bigint, totp_last_step)
       WHERE id = $1 AND status = 'ACTIVE' AND (locked_until IS NULL OR locked_until <= $2)
         AND ($3::bigint IS NULL OR totp_last_step IS NULL OR totp_last_step < $3::bigint)
       RETURNING id`,
        [userId, now, step],
      ),
    );
    if (rows.length === 0) return null;
    return manager.findOneByOrFail(User, { id: userId });
  }

  private async whyNot(manager: EntityManager, userId: string, now: Date, step: number | null): Promise<SignInError> {
    const user = await manager.findOneByOrFail(User, { id: userId });
    if (user.status !== UserStatus.ACTIVE) return accountDisabled();
    if (user.lockedUntil && user.lockedUntil > now) return accountLocked(user.lockedUntil, now);
    if (step !== null) return new SignInError(SignInFailure.TOTP_INVALID, 'That authenticator code was already used: wait for the next one.');
    return invalidCredentials();
  }

  private async userOfTicket(ticket: string): Promise<User> {
    const now = this.clock.now();
    const claims = this.tokens.readEnrolmentTicket(ticket);
    const user = claims ? await this.dataSource.getRepository(User).findOneBy({ id: claims.userId }) : null;
    if (!claims || !user || user.passwordChangedAt.getTime() !== claims.passwordChangedAtMs || user.totpEnabled) {
      throw new SignInError(SignInFailure.INVALID_ENROLMENT_TICKET, 'The enrolment ticket is not valid or has expired. Sign in again.');
    }
    if (user.status !== UserStatus.ACTIVE) throw accountDisabled();
    if (user.lockedUntil && user.lockedUntil > now) throw accountLocked(user.lockedUntil, now);
    return user;
  }

  /** Re-hashes at today's cost a password that was stored at a lower one (it is known right now). */
  private async upgradeHash(user: User, password: string): Promise<void> {
    if (!needsRehash(user.passwordHash, this.settings.passwordHashCost)) return;
    const hash = await hashPassword(password, this.settings.passwordHashCost);
    await this.dataSource.query('UPDATE users SET password_hash = $2 WHERE id = $1 AND password_hash = $3', [user.id, hash, user.passwordHash]);
  }

  private hashForUnknownUsers(): Promise<string> {
    this.dummyHash ??= hashPassword('no account has this password', this.settings.passwordHashCost);
    return this.dummyHash;
  }
}
