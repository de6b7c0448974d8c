import { DomainError, ErrorCode } from '../../../../kit/errors';

/**
 * Why a sign-in, a refresh or an enrolment step failed, carried as `extensions.reason`. The code
 * is UNAUTHENTICATED, because the kit's error formatter passes only its own codes through.
 */
export enum SignInFailure {
  /** Unknown e-mail or wrong password (the same answer for both). */
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  ACCOUNT_LOCKED = 'ACCOUNT_LOCKED',
  ACCOUNT_DISABLED = 'ACCOUNT_DISABLED',
  TOTP_REQUIRED = 'TOTP_REQUIRED',
  TOTP_INVALID = 'TOTP_INVALID',
  /** A staff user without two-factor sign-in: `extensions.enrolmentTicket` starts the set-up. */
  TOTP_ENROLMENT_REQUIRED = 'TOTP_ENROLMENT_REQUIRED',
  INVALID_ENROLMENT_TICKET = 'INVALID_ENROLMENT_TICKET',
  INVALID_REFRESH_TOKEN = 'INVALID_REFRESH_TOKEN',
  /** A refresh token was presented twice: its whole session is revoked. */
  REFRESH_TOKEN_REUSED = 'REFRESH_TOKEN_REUSED',
}

export class SignInError extends DomainError {
  constructor(
    readonly reason: SignInFailure,
    message: string,
    extensions: Record<string, unknown> = {},
  ) {
    super(ErrorCode.UNAUTHENTICATED, message, { reason, ...extensions });
  }
}

export const invalidCredentials = () => new SignInError(SignInFailure.INVALID_CREDENTIALS, 'The e-mail address or password is not right.');

export const accountLocked = (until: Date, now: Date) =>
  new SignInError(SignInFailure.ACCOUNT_LOCKED, 'Too many failed sign-ins: this account is locked for now. Try again later.', {
    retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)),
  });

export const accountDisabled = () => new SignInError(SignInFailure.ACCOUNT_DISABLED, 'This account is disabled. Ask an administrator.');

export const invalidRefreshToken = () => new SignInError(SignInFailure.INVALID_REFRESH_TOKEN, 'The session has ended. Sign in again.');
