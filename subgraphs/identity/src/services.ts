import type { DataSource } from 'typeorm';
import { generateSigningKey } from '../../../kit/auth/jwt';
import { systemClock, type Clock } from '../../../kit/clock';
import { createLogger, type Logger } from '../../../kit/logger';
import { auditModule } from './audit/audit.module';
import type { IdentityConfig } from './config';
import { FamilyService } from './family/family.service';
import { revokedSessionsFor, type RevokedSessions } from './session/revoked-sessions';
import { SessionService } from './session/session.service';
import { SignInService } from './session/sign-in.service';
import { TokenIssuer } from './session/tokens';
import { UserService } from './user/user.service';

export interface IdentityServiceOptions {
  config: IdentityConfig;
  logger?: Logger;
  clock?: Clock;
  /** Where revocations are told to the gateway; by default Redis when REDIS_URL is set, else nowhere. */
  revokedSessions?: RevokedSessions;
}

export function createIdentityServices(dataSource: DataSource, options: IdentityServiceOptions) {
  const { config } = options;
  const logger = options.logger ?? createLogger({ service: 'identity' });
  const clock = options.clock ?? systemClock;
  let key = config.signingKey;
  if (!key) {
    // readIdentityConfig refuses production without a key; elsewhere a throw-away one will do.
    key = generateSigningKey();
    if (config.nodeEnv !== 'test') {
      logger.warn('IDENTITY_SIGNING_KEY is not set: signing tokens with a key made at start-up, so tokens do not survive a restart', { kid: key.kid });
    }
  }
  const tokens = new TokenIssuer(key, config, clock);
  const revokedSessions = options.revokedSessions ?? revokedSessionsFor(config.redisUrl, logger);
  const families = new FamilyService(dataSource);
  const sessions = new SessionService(dataSource, tokens, families, revokedSessions, clock);
  const signIn = new SignInService(dataSource, sessions, tokens, config, clock, logger);
  const users = new UserService(dataSource, sessions, signIn, families, config.passwordHashCost, clock);
  // The audit store's services sit beside identity's own (its resolver reads `services.audit`).
  return { clock, config, tokens, families, sessions, signIn, users, ...auditModule.createServices(dataSource) };
}

export type IdentityServices = ReturnType<typeof createIdentityServices>;
