import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OAuthSourceConfig } from '../config';

/** What a fake user's device recorded on one day. */
export interface FakeDay {
  steps?: number;
  restingHeartRate?: number;
  sleepMinutes?: number;
  weightKg?: number;
}

interface Grant {
  provider: 'fitbit' | 'google';
  userId: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string | null;
}

export interface FakeDeviceApis {
  url: string;
  fitbit: OAuthSourceConfig;
  googleFit: OAuthSourceConfig;
  /** The user approves on the provider's page: returns what the provider appends to the redirect. */
  approve(authorisationUrl: string, userId: string): { code: string; state: string };
  /** Sets what the user's device recorded on a day (both providers serve the same data). */
  record(userId: string, day: string, data: FakeDay): void;
  /** Makes every access token issued so far invalid, as if they expired. */
  expireAccessTokens(): void;
  readonly revoked: Set<string>;
  /** Requests served, by path, for asserting what the adapters called. */
  readonly calls: string[];
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;

/**
 * Fitbit's and Google's OAuth 2 and data APIs as far as the platform uses them: authorisation
 * codes bound to a PKCE challenge, code exchange and refresh (Fitbit rotates refresh tokens),
 * revocation, Fitbit's time series and Google Fit's `dataset:aggregate`, on 127.0.0.1.
 */
export async function startFakeDeviceApis(port = 0): Promise<FakeDeviceApis> {
  const clients = {
    fitbit: { id: `fitbit-client-${randomBytes(4).toString('hex')}`, secret: randomBytes(16).toString('hex') },
    google: { id: `google-client-${randomBytes(4).toString('hex')}.apps.googleusercontent.com`, secret: randomBytes(16).toString('hex') },
  };
  const codes = new Map<string, Grant>();
  const accessTokens = new Map<string, { provider: string; userId: string }>();
  const refreshTokens = new Map<string, { provider: 'fitbit' | 'google'; userId: string }>();
  const data = new Map<string, Map<string, FakeDay>>();
  const revoked = new Set<string>();
  const calls: string[] = [];

  const issue = (provider: 'fitbit' | 'google', userId: string) => {
    const access = `${provider}-at-${randomBytes(12).toString('hex')}`;
    const refresh = `${provider}-rt-${randomBytes(12).toString('hex')}`;
    accessTokens.set(access, { provider, userId });
    refreshTokens.set(refresh, { provider, userId });
    return { access_token: access, refresh_token: refresh, expires_in: 28_800, token_type: 'Bearer', ...(provider === 'fitbit' ? { user_id: userId.toUpperCase(), scope: 'activity heartrate sleep weight' } : {}) };
  };

  const days = (userId: string, from: string, to: string): [string, FakeDay][] =>
    [...(data.get(userId)?.entries() ?? [])].filter(([day]) => day >= from && day <= to).sort(([a], [b]) => (a < b ? -1 : 1));

  function handle(method: string, path: string, headers: IncomingMessage['headers'], body: string): { status: number; body: unknown } {
    calls.push(`${method} ${path}`);
    const form = new URLSearchParams(body);
    if (method === 'POST' && (path === '/oauth2/token' || path === '/google/token')) {
      const provider = path === '/oauth2/token' ? 'fitbit' : 'google';
      const client = clients[provider];
      // Fitbit authenticates the client with HTTP Basic; Google with form fields.
      const [id, secret] = provider === 'fitbit' ? Buffer.from((headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8').split(':') : [form.get('client_id'), form.get('client_secret')];
      if (id !== client.id || secret !== client.secret) return { status: 401, body: { error: 'invalid_client' } };
      if (form.get('grant_type') === 'authorization_code') {
        const grant = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        if (!grant || grant.provider !== provider || grant.redirectUri !== form.get('redirect_uri')) return { status: 400, body: { error: 'invalid_grant' } };
        const verifier = form.get('code_verifier');
        const challenge = verifier ? createHash('sha256').update(verifier).digest('base64url') : null;
        if (grant.codeChallenge !== challenge) return { status: 400, body: { error: 'invalid_grant', error_description: 'code_verifier does not match' } };
        return { status: 200, body: issue(provider, grant.userId) };
      }
      if (form.get('grant_type') === 'refresh_token') {
        const token = form.get('refresh_token') ?? '';
        const holder = refreshTokens.get(token);
        if (!holder || holder.provider !== provider) return { status: 400, body: { error: 'invalid_grant' } };
        const answer = issue(provider, holder.userId);
        if (provider === 'fitbit') refreshTokens.delete(token);
        else {
          // Google keeps the refresh token and sends none back.
          refreshTokens.delete(answer.refresh_token);
          return { status: 200, body: { access_token: answer.access_token, expires_in: answer.expires_in, token_type: 'Bearer' } };
        }
        return { status: 200, body: answer };
      }
      return { status: 400, body: { error: 'unsupported_grant_type' } };
    }
    if (method === 'POST' && (path === '/oauth2/revoke' || path === '/google/revoke')) {
      const token = form.get('token') ?? '';
      revoked.add(token);
      accessTokens.delete(token);
      refreshTokens.delete(token);
      return { status: 200, body: {} };
    }
    const holder = accessTokens.get((headers.authorization ?? '').replace(/^Bearer /, ''));
    if (!holder) return { status: 401, body: { errors: [{ errorType: 'invalid_token', message: 'Access token invalid' }] } };
    const series = /^\/(1|1\.2)\/user\/-\/(activities\/steps|activities\/heart|sleep|body\/log\/weight)\/date\/(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})\.json$/.exec(path);
    if (method === 'GET' && series && holder.provider === 'fitbit') {
      const [, , kind, from, to] = series;
      const list = days(holder.userId, from, to);
      if (kind === 'activities/steps') return { status: 200, body: { 'activities-steps': list.filter(([, d]) => d.steps !== undefined).map(([day, d]) => ({ dateTime: day, value: String(d.steps) })) } };
      if (kind === 'activities/heart') return { status: 200, body: { 'activities-heart': list.map(([day, d]) => ({ dateTime: day, value: d.restingHeartRate === undefined ? { customHeartRateZones: [] } : { restingHeartRate: d.restingHeartRate } })) } };
      if (kind === 'sleep') return { status: 200, body: { sleep: list.filter(([, d]) => d.sleepMinutes !== undefined).map(([day, d], i) => ({ dateOfSleep: day, minutesAsleep: d.sleepMinutes, logId: i + 1, isMainSleep: true })) } };
      return { status: 200, body: { weight: list.filter(([, d]) => d.weightKg !== undefined).map(([day, d], i) => ({ date: day, time: '07:00:00', weight: d.weightKg, logId: i + 1 })) } };
    }
    if (method === 'POST' && path === '/fitness/v1/users/me/dataset:aggregate' && holder.provider === 'google') {
      const request = JSON.parse(body) as { startTimeMillis: number; endTimeMillis: number; bucketByTime: { durationMillis: number } };
      if (request.bucketByTime?.durationMillis !== DAY_MS) return { status: 400, body: { error: { code: 400, message: 'fake supports daily buckets only' } } };
      const from = new Date(request.startTimeMillis).toISOString().slice(0, 10);
      const to = new Date(request.endTimeMillis - 1).toISOString().slice(0, 10);
      const nanos = (ms: number) => `${ms}000000`;
      return {
        status: 200,
        body: {
          bucket: days(holder.userId, from, to).map(([day, d]) => {
            const start = Date.parse(`${day}T00:00:00Z`);
            const point = (dataTypeName: string, value: { intVal?: number; fpVal?: number }[], s = start, e = start + DAY_MS) => ({ dataTypeName, startTimeNanos: nanos(s), endTimeNanos: nanos(e), value });
            return {
              startTimeMillis: String(start),
              endTimeMillis: String(start + DAY_MS),
              dataset: [
                { dataSourceId: 'derived:com.google.step_count.delta:com.google.android.gms:aggregated', point: d.steps === undefined ? [] : [point('com.google.step_count.delta', [{ intVal: d.steps }])] },
                { dataSourceId: 'derived:com.google.heart_rate.summary:com.google.android.gms:aggregated', point: d.restingHeartRate === undefined ? [] : [point('com.google.heart_rate.summary', [{ fpVal: d.restingHeartRate }, { fpVal: d.restingHeartRate + 40 }, { fpVal: d.restingHeartRate - 5 }])] },
                // Sleep as segments: asleep (4) for the minutes, with a short awake (2) segment that must not count.
                { dataSourceId: 'derived:com.google.sleep.segment:com.google.android.gms:merged', point: d.sleepMinutes === undefined ? [] : [point('com.google.sleep.segment', [{ intVal: 4 }], start - 8 * 3_600_000, start - 8 * 3_600_000 + d.sleepMinutes * 60_000), point('com.google.sleep.segment', [{ intVal: 2 }], start - 9 * 3_600_000, start - 8 * 3_600_000)] },
                { dataSourceId: 'derived:com.google.weight.summary:com.google.android.gms:aggregated', point: d.weightKg === undefined ? [] : [point('com.google.weight.summary', [{ fpVal: d.weightKg }, { fpVal: d.weightKg }, { fpVal: d.weightKg }])] },
              ],
            };
          }),
        },
      };
    }
    return { status: 404, body: { error: `no fake for ${method} ${path}` } };
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const answer = handle(req.method ?? 'GET', url.pathname, req.headers, Buffer.concat(chunks).toString('utf8'));
      res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    fitbit: { clientId: clients.fitbit.id, clientSecret: clients.fitbit.secret, authorizeUrl: `${url}/fitbit/authorize`, tokenBaseUrl: url, apiBaseUrl: url },
    googleFit: { clientId: clients.google.id, clientSecret: clients.google.secret, authorizeUrl: `${url}/google/authorize`, tokenBaseUrl: `${url}/google`, apiBaseUrl: url },
    approve(authorisationUrl, userId) {
      const parsed = new URL(authorisationUrl);
      const provider = parsed.pathname.startsWith('/fitbit') ? 'fitbit' : 'google';
      const params = parsed.searchParams;
      if (params.get('client_id') !== clients[provider].id) throw new Error('the authorisation URL names another client');
      if (params.get('code_challenge') && params.get('code_challenge_method') !== 'S256') throw new Error('only S256 PKCE is accepted');
      const code = randomBytes(16).toString('hex');
      codes.set(code, { provider, userId, clientId: clients[provider].id, redirectUri: params.get('redirect_uri') ?? '', codeChallenge: params.get('code_challenge') });
      return { code, state: params.get('state') ?? '' };
    },
    record(userId, day, recorded) {
      const user = data.get(userId) ?? new Map<string, FakeDay>();
      user.set(day, { ...user.get(day), ...recorded });
      data.set(userId, user);
    },
    expireAccessTokens() {
      accessTokens.clear();
    },
    revoked,
    calls,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
