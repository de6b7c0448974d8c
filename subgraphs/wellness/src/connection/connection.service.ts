import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../../../kit/clock';
import { isUniqueViolation } from '../../../../kit/database';
import { addDays } from '../../../../kit/dates';
import { ConflictError, DomainError, ErrorCode, InvalidTransitionError, NotFoundError, ValidationError } from '../../../../kit/errors';
import type { Logger } from '../../../../kit/logger';
import type { WellnessConfig } from '../config';
import { MetricSource, utcDay } from '../metric/metric.rules';
import type { IngestResult, MetricService } from '../metric/metric.service';
import { ConnectionStatus, DeviceConnection } from './device-connection.entity';
import type { DeviceSources } from './sources/sources';
import { DeviceProvider, SourceError, type DeviceSourceAdapter, type SourceTokens } from './sources/source';
import { TokenCipher } from './token-cipher';

/** A provider did not answer as it should; nothing was changed and a retry is safe. */
export class SourceUnavailableError extends DomainError {
  constructor(error: SourceError) {
    super(ErrorCode.SERVICE_UNAVAILABLE, `${error.provider} could not be reached or refused the request; try again later.`, { provider: error.provider });
  }
}

export interface StartedConnection {
  connection: DeviceConnection;
  /** Where to send the member's browser; null for Apple Health (authorised on the phone). */
  authorisationUrl: string | null;
}

export class ConnectionService {
  private readonly cipher: TokenCipher;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sources: DeviceSources,
    private readonly metrics: MetricService,
    private readonly config: WellnessConfig,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.cipher = new TokenCipher(config.tokenKey);
  }

  async byId(id: string): Promise<DeviceConnection> {
    const found = await this.dataSource.getRepository(DeviceConnection).findOneBy({ id });
    if (!found) throw new NotFoundError('Device connection', id);
    return found;
  }

  ofMembers(memberIds: readonly string[]): Promise<DeviceConnection[]> {
    return this.dataSource.getRepository(DeviceConnection).createQueryBuilder('c').where('c.member_id = ANY(:ids)', { ids: memberIds }).orderBy('c.created_at', 'DESC').getMany();
  }

  enabledProviders(): DeviceProvider[] {
    return this.sources.enabled();
  }

  /**
   * Starts linking a source. OAuth sources get a pending connection holding a one-use state
   * (CSRF) and PKCE verifier, and the URL to send the member to; starting again replaces the
   * pending state. Apple Health connects at once: the member granted HealthKit on the phone.
   */
  async start(memberId: string, provider: DeviceProvider): Promise<StartedConnection> {
    const adapter = this.sources.get(provider);
    const [live] = await this.dataSource.query(`SELECT id, status FROM device_connections WHERE member_id = $1 AND provider = $2 AND status <> 'REVOKED'`, [memberId, provider]);
    if (live?.status === ConnectionStatus.CONNECTED) throw new ConflictError(`${provider} is already connected; disconnect it first`, { field: 'provider', rule: 'ONE_CONNECTION' });
    const start = adapter.pushed ? null : adapter.startAuthorisation(this.config.oauthRedirectUri);
    const status = adapter.pushed ? ConnectionStatus.CONNECTED : ConnectionStatus.PENDING_AUTHORISATION;
    try {
      const id: string = live
        ? (
            await this.dataSource.query(
              `UPDATE device_connections SET status = $2, oauth_state = $3, code_verifier = $4, connected_at = $5, created_at = now(), updated_at = now() WHERE id = $1 RETURNING id`,
              [live.id, status, start?.state ?? null, start?.codeVerifier ?? null, adapter.pushed ? this.clock.now() : null],
            )
          )[0][0].id
        : (
            await this.dataSource.query(
              `INSERT INTO device_connections (member_id, provider, status, oauth_state, code_verifier, connected_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
              [memberId, provider, status, start?.state ?? null, start?.codeVerifier ?? null, adapter.pushed ? this.clock.now() : null],
            )
          )[0].id;
      return { connection: await this.byId(id), authorisationUrl: start?.url ?? null };
    } catch (error) {
      if (isUniqueViolation(error, 'device_connections_one_live')) throw new ConflictError(`${provider} is already being connected`, { field: 'provider', rule: 'ONE_CONNECTION' });
      throw error;
    }
  }

  /**
   * Finishes the OAuth callback: the state must be the one issued to this member's pending
   * connection, unexpired, and is used once (a replayed or forged callback is refused). The code
   * is exchanged for tokens, stored encrypted.
   */
  async complete(memberId: string, state: string, code: string): Promise<DeviceConnection> {
    const [pending] = await this.dataSource.query(
      `SELECT id, member_id, provider, code_verifier, created_at FROM device_connections WHERE oauth_state = $1 AND status = 'PENDING_AUTHORISATION'`,
      [state],
    );
    if (!pending || pending.member_id !== memberId) {
      throw new ValidationError([{ field: 'state', rule: 'STATE_MATCHES', message: 'does not match an authorisation this member started (start connecting again)' }]);
    }
    if (this.clock.now().getTime() - new Date(pending.created_at).getTime() > this.config.oauthStateTtlMinutes * 60_000) {
      throw new ValidationError([{ field: 'state', rule: 'STATE_FRESH', message: `the authorisation was started more than ${this.config.oauthStateTtlMinutes} minutes ago (start connecting again)` }]);
    }
    const adapter = this.sources.get(pending.provider);
    let tokens: SourceTokens;
    try {
      tokens = await adapter.exchangeCode(code, pending.code_verifier, this.config.oauthRedirectUri);
    } catch (error) {
      if (error instanceof SourceError && error.unauthorised) throw new ValidationError([{ field: 'code', rule: 'CODE_ACCEPTED', message: `${pending.provider} refused the authorisation code` }]);
      if (error instanceof SourceError) throw new SourceUnavailableError(error);
      throw error;
    }
    // Claims the state in the same statement that stores the tokens: a second callback finds nothing to update.
    const [updated] = await this.dataSource.query(
      `UPDATE device_connections SET status = 'CONNECTED', oauth_state = NULL, code_verifier = NULL, access_token_enc = $3, refresh_token_enc = $4,
              token_expires_at = $5, external_user_id = $6, connected_at = now(), updated_at = now()
       WHERE id = $1 AND oauth_state = $2 AND status = 'PENDING_AUTHORISATION' RETURNING id`,
      [pending.id, state, this.cipher.encrypt(tokens.accessToken), tokens.refreshToken ? this.cipher.encrypt(tokens.refreshToken) : null, tokens.expiresAt, tokens.externalUserId],
    );
    if (!updated?.length) throw new ConflictError('This authorisation was already completed', { field: 'state', rule: 'STATE_USED_ONCE' });
    return this.byId(pending.id);
  }

  /** The stored tokens of a connection, decrypted. */
  private tokensOf(connection: DeviceConnection): { accessToken: string | null; refreshToken: string | null } {
    return {
      accessToken: connection.accessTokenEnc ? this.cipher.decrypt(connection.accessTokenEnc) : null,
      refreshToken: connection.refreshTokenEnc ? this.cipher.decrypt(connection.refreshTokenEnc) : null,
    };
  }

  /**
   * Refreshes a connection's tokens under its row lock, so two syncs never both spend a refresh
   * token (Fitbit rotates them: the second refresh would be refused and the connection lost). After
   * taking the lock the stored tokens are read again: when another sync already replaced `stale`
   * (the token found expired or refused) with a fresh one, that one is used instead. A refused
   * refresh marks the connection EXPIRED (the member must authorise again).
   */
  async refresh(connection: DeviceConnection, adapter: DeviceSourceAdapter, stale: string | null): Promise<string> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<{ accessToken: string } | { expired: string }> => {
      const current = await manager.getRepository(DeviceConnection).findOne({ where: { id: connection.id }, lock: { mode: 'pessimistic_write' } });
      if (current?.status !== ConnectionStatus.CONNECTED) throw new InvalidTransitionError('device connection', current?.status ?? ConnectionStatus.REVOKED, 'sync', 'it was disconnected meanwhile');
      const { accessToken, refreshToken } = this.tokensOf(current);
      if (accessToken && accessToken !== stale && !(current.tokenExpiresAt && current.tokenExpiresAt <= this.clock.now())) {
        Object.assign(connection, { accessTokenEnc: current.accessTokenEnc, refreshTokenEnc: current.refreshTokenEnc, tokenExpiresAt: current.tokenExpiresAt });
        return { accessToken };
      }
      if (!refreshToken) return this.markExpired(manager, connection.id, 'no refresh token');
      let tokens: SourceTokens;
      try {
        tokens = await adapter.refresh(refreshToken);
      } catch (error) {
        if (error instanceof SourceError && error.unauthorised) return this.markExpired(manager, connection.id, error.message);
        throw error;
      }
      connection.accessTokenEnc = this.cipher.encrypt(tokens.accessToken);
      connection.refreshTokenEnc = tokens.refreshToken ? this.cipher.encrypt(tokens.refreshToken) : null;
      connection.tokenExpiresAt = tokens.expiresAt;
      await manager.query(`UPDATE device_connections SET access_token_enc = $2, refresh_token_enc = $3, token_expires_at = $4, updated_at = now() WHERE id = $1`, [
        connection.id,
        connection.accessTokenEnc,
        connection.refreshTokenEnc,
        tokens.expiresAt,
      ]);
      return { accessToken: tokens.accessToken };
    });
    if ('accessToken' in outcome) return outcome.accessToken;
    this.logger.info('device connection expired', { connectionId: connection.id, provider: connection.provider, why: outcome.expired });
    throw new InvalidTransitionError('device connection', ConnectionStatus.EXPIRED, 'sync', `${connection.provider} no longer accepts our tokens: connect it again`);
  }

  /** Marks the (locked) connection EXPIRED; the caller commits, then reports it. */
  private async markExpired(manager: EntityManager, connectionId: string, why: string): Promise<{ expired: string }> {
    await manager.query(`UPDATE device_connections SET status = 'EXPIRED', updated_at = now() WHERE id = $1 AND status = 'CONNECTED'`, [connectionId]);
    return { expired: why };
  }

  /**
   * Locks the connection for an ingest and stops unless it is still connected: a disconnect or an
   * erasure that committed while readings were being fetched must not see them stored afterwards,
   * and one that comes later waits for the ingest (then removes what it must).
   */
  private async lockConnected(manager: EntityManager, connectionId: string, action: string): Promise<void> {
    const [row] = (await manager.query(`SELECT status FROM device_connections WHERE id = $1 FOR UPDATE`, [connectionId])) as { status: ConnectionStatus }[];
    if (row?.status !== ConnectionStatus.CONNECTED) throw new InvalidTransitionError('device connection', row?.status ?? ConnectionStatus.REVOKED, action, 'it was disconnected meanwhile');
  }

  /**
   * Fetches readings since the connection's cursor (the cursor day is fetched again: its totals
   * were still growing) and ingests them idempotently. An access token that has expired, or that
   * the provider refuses, is refreshed once.
   */
  async sync(connectionId: string): Promise<IngestResult> {
    const connection = await this.byId(connectionId);
    if (connection.status !== ConnectionStatus.CONNECTED) throw new InvalidTransitionError('device connection', connection.status, 'sync', 'it is not connected');
    const adapter = this.sources.get(connection.provider);
    if (adapter.pushed) throw new InvalidTransitionError('device connection', connection.status, 'sync', `${connection.provider} data is uploaded by the member app`);
    const today = utcDay(this.clock.now());
    const from = connection.syncCursor ?? addDays(today, -this.config.initialSyncDays + 1);
    let accessToken = this.tokensOf(connection).accessToken;
    if (!accessToken || (connection.tokenExpiresAt && connection.tokenExpiresAt <= this.clock.now())) accessToken = await this.refresh(connection, adapter, accessToken);
    let samples;
    try {
      samples = await adapter.fetchMetrics(accessToken, from, today);
    } catch (error) {
      if (!(error instanceof SourceError && error.status === 401)) throw error instanceof SourceError ? new SourceUnavailableError(error) : error;
      samples = await adapter.fetchMetrics(await this.refresh(connection, adapter, accessToken), from, today);
    }
    return this.dataSource.transaction(async (manager) => {
      await this.lockConnected(manager, connection.id, 'sync');
      const result = await this.metrics.ingest(manager, connection.memberId, connection.provider as unknown as MetricSource, samples, 'skip');
      await manager.query(`UPDATE device_connections SET sync_cursor = $2, last_synced_at = now(), updated_at = now() WHERE id = $1`, [connection.id, today]);
      return result;
    });
  }

  /** Syncs every connected fetchable connection; one failing connection does not stop the others. */
  async syncAll(): Promise<{ synced: number; failed: number }> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM device_connections WHERE status = 'CONNECTED' AND provider = ANY($1::text[]) ORDER BY last_synced_at NULLS FIRST`,
      [this.sources.enabled().filter((p) => p !== DeviceProvider.APPLE_HEALTH)],
    );
    let synced = 0;
    let failed = 0;
    for (const { id } of rows) {
      try {
        await this.sync(id);
        synced += 1;
      } catch (error) {
        failed += 1;
        this.logger.warn('device sync failed', { connectionId: id, error: (error as Error).message });
      }
    }
    return { synced, failed };
  }

  /** Stores readings the member app pushed from Apple Health; the whole upload is refused when any reading is bad. */
  async upload(connectionId: string, payload: unknown): Promise<IngestResult> {
    const connection = await this.byId(connectionId);
    const adapter = this.sources.get(connection.provider);
    if (!adapter.pushed) throw new InvalidTransitionError('device connection', connection.status, 'upload to', `${connection.provider} data is fetched from the provider`);
    if (connection.status !== ConnectionStatus.CONNECTED) throw new InvalidTransitionError('device connection', connection.status, 'upload to', 'it is not connected');
    let samples;
    try {
      samples = adapter.parsePush(payload);
    } catch (error) {
      if (error instanceof SourceError) throw new ValidationError([{ field: 'payload', rule: 'HEALTHKIT_PAYLOAD', message: error.message.replace(/^APPLE_HEALTH: /, '') }]);
      throw error;
    }
    return this.dataSource.transaction(async (manager) => {
      await this.lockConnected(manager, connection.id, 'upload to');
      const result = await this.metrics.ingest(manager, connection.memberId, MetricSource.APPLE_HEALTH, samples, 'reject');
      await manager.query(`UPDATE device_connections SET last_synced_at = now(), updated_at = now() WHERE id = $1`, [connection.id]);
      return result;
    });
  }

  /**
   * Disconnects: the provider is asked to revoke our grant (best effort: a provider that cannot
   * be reached must not keep the member connected), then the tokens are wiped.
   */
  async disconnect(connectionId: string, manager: EntityManager = this.dataSource.manager): Promise<DeviceConnection> {
    const connection = await manager.getRepository(DeviceConnection).findOneBy({ id: connectionId });
    if (!connection) throw new NotFoundError('Device connection', connectionId);
    if (connection.status === ConnectionStatus.REVOKED) throw new InvalidTransitionError('device connection', connection.status, 'disconnect', 'it is already disconnected');
    await this.revokeAtProvider(connection);
    await manager.query(
      `UPDATE device_connections SET status = 'REVOKED', revoked_at = now(), access_token_enc = NULL, refresh_token_enc = NULL, oauth_state = NULL, code_verifier = NULL, updated_at = now() WHERE id = $1`,
      [connection.id],
    );
    return manager.getRepository(DeviceConnection).findOneByOrFail({ id: connection.id });
  }

  private async revokeAtProvider(connection: DeviceConnection): Promise<void> {
    const { accessToken, refreshToken } = this.tokensOf(connection);
    const token = refreshToken ?? accessToken;
    if (!token) return;
    try {
      await this.sources.get(connection.provider).revoke(token);
    } catch (error) {
      this.logger.warn('provider revocation failed; tokens wiped locally', { connectionId: connection.id, provider: connection.provider, error: (error as Error).message });
    }
  }

  /** Privacy: every connection of the member is revoked. */
  async revokeAllForMember(manager: EntityManager, memberId: string): Promise<number> {
    const live = await manager.getRepository(DeviceConnection).find({ where: { memberId } });
    let revoked = 0;
    for (const connection of live.filter((c) => c.status !== ConnectionStatus.REVOKED)) {
      await this.disconnect(connection.id, manager);
      revoked += 1;
    }
    return revoked;
  }
}
