import type { OAuthSourceConfig } from '../../config';
import { MetricKind, type MetricSample } from '../../metric/metric.rules';
import { callSource, DeviceProvider, pkceAuthorisation, SourceError, startOfDay, tokensFrom, type AuthorisationStart, type DeviceSourceAdapter, type OAuthTokenAnswer, type SourceTokens } from './source';

const SCOPES = 'activity heartrate sleep weight';

interface StepsAnswer {
  'activities-steps': { dateTime: string; value: string }[];
}
interface HeartAnswer {
  'activities-heart': { dateTime: string; value: { restingHeartRate?: number } }[];
}
interface SleepAnswer {
  sleep: { dateOfSleep: string; minutesAsleep: number; logId: number }[];
}
interface WeightAnswer {
  weight: { date: string; time: string; weight: number; logId: number }[];
}

/** Fitbit's Web API: OAuth 2 with PKCE and HTTP Basic client authentication, and its time-series endpoints. */
export class FitbitAdapter implements DeviceSourceAdapter {
  readonly provider = DeviceProvider.FITBIT;
  readonly pushed = false;
  constructor(
    private readonly config: OAuthSourceConfig,
    private readonly timeoutMs: number,
  ) {}

  startAuthorisation(redirectUri: string): AuthorisationStart {
    return pkceAuthorisation(this.config.authorizeUrl, this.config.clientId, redirectUri, SCOPES);
  }

  private tokenCall(form: Record<string, string>, what: string): Promise<OAuthTokenAnswer> {
    const basic = Buffer.from(`${this.config.clientId}:${this.config.clientSecret}`).toString('base64');
    return callSource<OAuthTokenAnswer>(
      this.provider,
      `${this.config.tokenBaseUrl}/oauth2/token`,
      { method: 'POST', headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() },
      what,
      this.timeoutMs,
    );
  }

  async exchangeCode(code: string, codeVerifier: string | null, redirectUri: string): Promise<SourceTokens> {
    const form: Record<string, string> = { grant_type: 'authorization_code', client_id: this.config.clientId, code, redirect_uri: redirectUri };
    if (codeVerifier) form.code_verifier = codeVerifier;
    return tokensFrom(await this.tokenCall(form, 'code exchange'));
  }

  async refresh(refreshToken: string): Promise<SourceTokens> {
    // Fitbit rotates refresh tokens: the old one stops working once the new one is issued.
    return tokensFrom(await this.tokenCall({ grant_type: 'refresh_token', refresh_token: refreshToken }, 'token refresh'));
  }

  private get<T>(accessToken: string, path: string, what: string): Promise<T> {
    return callSource<T>(this.provider, `${this.config.apiBaseUrl}${path}`, { headers: { Authorization: `Bearer ${accessToken}`, 'Accept-Language': 'en_GB' } }, what, this.timeoutMs);
  }

  async fetchMetrics(accessToken: string, from: string, to: string): Promise<MetricSample[]> {
    const [steps, heart, sleep, weight] = await Promise.all([
      this.get<StepsAnswer>(accessToken, `/1/user/-/activities/steps/date/${from}/${to}.json`, 'steps'),
      this.get<HeartAnswer>(accessToken, `/1/user/-/activities/heart/date/${from}/${to}.json`, 'heart rate'),
      this.get<SleepAnswer>(accessToken, `/1.2/user/-/sleep/date/${from}/${to}.json`, 'sleep'),
      this.get<WeightAnswer>(accessToken, `/1/user/-/body/log/weight/date/${from}/${to}.json`, 'weight'),
    ]);
    const samples: MetricSample[] = [];
    for (const day of steps['activities-steps'] ?? []) samples.push({ metric: MetricKind.STEPS, measuredAt: startOfDay(day.dateTime), value: Number(day.value), unit: 'steps' });
    for (const day of heart['activities-heart'] ?? []) {
      // A day without a resting heart rate (the tracker was not worn) has nothing to record.
      if (day.value?.restingHeartRate !== undefined) samples.push({ metric: MetricKind.HEART_RATE, measuredAt: startOfDay(day.dateTime), value: day.value.restingHeartRate, unit: 'bpm' });
    }
    const sleepByDay = new Map<string, number>();
    for (const log of sleep.sleep ?? []) sleepByDay.set(log.dateOfSleep, (sleepByDay.get(log.dateOfSleep) ?? 0) + log.minutesAsleep);
    for (const [day, minutes] of sleepByDay) samples.push({ metric: MetricKind.SLEEP_MINUTES, measuredAt: startOfDay(day), value: minutes, unit: 'min' });
    // en_GB asks Fitbit for kilograms whatever the member's own setting.
    for (const log of weight.weight ?? []) samples.push({ metric: MetricKind.WEIGHT, measuredAt: new Date(`${log.date}T${log.time}Z`), value: log.weight, unit: 'kg' });
    return samples;
  }

  parsePush(): MetricSample[] {
    throw new SourceError(this.provider, 'Fitbit data is fetched from Fitbit, not pushed by the app');
  }

  async revoke(token: string): Promise<void> {
    const basic = Buffer.from(`${this.config.clientId}:${this.config.clientSecret}`).toString('base64');
    await callSource(this.provider, `${this.config.tokenBaseUrl}/oauth2/revoke`, {
      method: 'POST',
      headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    }, 'revoke', this.timeoutMs);
  }
}
