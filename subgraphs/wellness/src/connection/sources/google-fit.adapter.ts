import type { OAuthSourceConfig } from '../../config';
import { MetricKind, type MetricSample } from '../../metric/metric.rules';
import { callSource, DeviceProvider, pkceAuthorisation, SourceError, startOfDay, tokensFrom, type AuthorisationStart, type DeviceSourceAdapter, type OAuthTokenAnswer, type SourceTokens } from './source';

const SCOPES = [
  'https://www.googleapis.com/auth/fitness.activity.read',
  'https://www.googleapis.com/auth/fitness.heart_rate.read',
  'https://www.googleapis.com/auth/fitness.sleep.read',
  'https://www.googleapis.com/auth/fitness.body.read',
].join(' ');

const DAY_MS = 86_400_000;

/** The data types aggregated, and which metric each becomes. */
const DATA_TYPES: { name: string; metric: MetricKind }[] = [
  { name: 'com.google.step_count.delta', metric: MetricKind.STEPS },
  { name: 'com.google.heart_rate.bpm', metric: MetricKind.HEART_RATE },
  { name: 'com.google.sleep.segment', metric: MetricKind.SLEEP_MINUTES },
  { name: 'com.google.weight', metric: MetricKind.WEIGHT },
];

/** Sleep stages that count as asleep (1 sleeping, 4 light, 5 deep, 6 REM); 2 is awake, 3 out of bed. */
const ASLEEP = new Set([1, 4, 5, 6]);

interface AggregateAnswer {
  bucket: {
    startTimeMillis: string;
    dataset: { dataSourceId: string; point: { dataTypeName: string; startTimeNanos: string; endTimeNanos: string; value: { intVal?: number; fpVal?: number }[] }[] }[];
  }[];
}

/** Google Fit's REST API: Google OAuth 2 with PKCE, and `users/me/dataset:aggregate` bucketed by day. */
export class GoogleFitAdapter implements DeviceSourceAdapter {
  readonly provider = DeviceProvider.GOOGLE_FIT;
  readonly pushed = false;
  constructor(
    private readonly config: OAuthSourceConfig,
    private readonly timeoutMs: number,
  ) {}

  startAuthorisation(redirectUri: string): AuthorisationStart {
    // Offline access is what makes Google issue a refresh token.
    return pkceAuthorisation(this.config.authorizeUrl, this.config.clientId, redirectUri, SCOPES, { access_type: 'offline', prompt: 'consent' });
  }

  private tokenCall(form: Record<string, string>, what: string): Promise<OAuthTokenAnswer> {
    return callSource<OAuthTokenAnswer>(
      this.provider,
      `${this.config.tokenBaseUrl}/token`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...form, client_id: this.config.clientId, client_secret: this.config.clientSecret }).toString(),
      },
      what,
      this.timeoutMs,
    );
  }

  async exchangeCode(code: string, codeVerifier: string | null, redirectUri: string): Promise<SourceTokens> {
    const form: Record<string, string> = { grant_type: 'authorization_code', code, redirect_uri: redirectUri };
    if (codeVerifier) form.code_verifier = codeVerifier;
    return tokensFrom(await this.tokenCall(form, 'code exchange'));
  }

  async refresh(refreshToken: string): Promise<SourceTokens> {
    return tokensFrom(await this.tokenCall({ grant_type: 'refresh_token', refresh_token: refreshToken }, 'token refresh'), refreshToken);
  }

  async fetchMetrics(accessToken: string, from: string, to: string): Promise<MetricSample[]> {
    const answer = await callSource<AggregateAnswer>(
      this.provider,
      `${this.config.apiBaseUrl}/fitness/v1/users/me/dataset:aggregate`,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          aggregateBy: DATA_TYPES.map((t) => ({ dataTypeName: t.name })),
          bucketByTime: { durationMillis: DAY_MS },
          startTimeMillis: startOfDay(from).getTime(),
          endTimeMillis: startOfDay(to).getTime() + DAY_MS,
        }),
      },
      'dataset aggregate',
      this.timeoutMs,
    );
    const samples: MetricSample[] = [];
    for (const bucket of answer.bucket ?? []) {
      const measuredAt = new Date(Number(bucket.startTimeMillis));
      for (const dataset of bucket.dataset ?? []) {
        for (const point of dataset.point ?? []) {
          // Aggregated points name the aggregate type (`...step_count.delta` stays, `heart_rate.bpm` becomes `heart_rate.summary`).
          const base = point.dataTypeName.replace(/\.summary$/, '');
          if (base === 'com.google.step_count.delta') samples.push({ metric: MetricKind.STEPS, measuredAt, value: point.value[0]?.intVal ?? 0, unit: 'count' });
          else if (base === 'com.google.heart_rate') samples.push({ metric: MetricKind.HEART_RATE, measuredAt, value: point.value[0]?.fpVal ?? 0, unit: 'bpm' });
          else if (base === 'com.google.weight') samples.push({ metric: MetricKind.WEIGHT, measuredAt, value: point.value[0]?.fpVal ?? 0, unit: 'kg' });
        }
        const asleepNanos = (dataset.point ?? [])
          .filter((p) => p.dataTypeName === 'com.google.sleep.segment' && ASLEEP.has(p.value[0]?.intVal ?? -1))
          .reduce((sum, p) => sum + (Number(p.endTimeNanos) - Number(p.startTimeNanos)), 0);
        if (asleepNanos > 0) samples.push({ metric: MetricKind.SLEEP_MINUTES, measuredAt, value: Math.round(asleepNanos / 60e9), unit: 'min' });
      }
    }
    return samples;
  }

  parsePush(): MetricSample[] {
    throw new SourceError(this.provider, 'Google Fit data is fetched from Google, not pushed by the app');
  }

  async revoke(token: string): Promise<void> {
    await callSource(this.provider, `${this.config.tokenBaseUrl}/revoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    }, 'revoke', this.timeoutMs);
  }
}
