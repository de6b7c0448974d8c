import { startFakeDeviceApis, type FakeDeviceApis } from '../../fakes/device-apis.fake';
import { MetricKind } from '../../metric/metric.rules';
import { AppleHealthAdapter } from './apple-health.adapter';
import { FitbitAdapter } from './fitbit.adapter';
import { GoogleFitAdapter } from './google-fit.adapter';
import { SourceError, type DeviceSourceAdapter } from './source';

const REDIRECT = 'http://127.0.0.1/wellness/connected';
let fake: FakeDeviceApis;
beforeAll(async () => {
  fake = await startFakeDeviceApis();
  fake.record('user-a', '2026-03-01', { steps: 8123, restingHeartRate: 61, sleepMinutes: 420, weightKg: 80.5 });
  fake.record('user-a', '2026-03-02', { steps: 10456 });
  fake.record('user-a', '2026-03-09', { steps: 999 });
});
afterAll(() => fake.close());

const adapters: [string, () => DeviceSourceAdapter][] = [
  ['Fitbit', () => new FitbitAdapter(fake.fitbit, 2_000)],
  ['Google Fit', () => new GoogleFitAdapter(fake.googleFit, 2_000)],
];

describe.each(adapters)('%s adapter against the fake provider', (_name, make) => {
  it('authorises with PKCE and fetches each metric of the days asked', async () => {
    const adapter = make();
    const start = adapter.startAuthorisation(REDIRECT);
    const url = new URL(start.url);
    expect(url.searchParams.get('state')).toBe(start.state);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const { code } = fake.approve(start.url, 'user-a');
    const tokens = await adapter.exchangeCode(code, start.codeVerifier, REDIRECT);
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.expiresAt!.getTime()).toBeGreaterThan(Date.now());

    const samples = await adapter.fetchMetrics(tokens.accessToken, '2026-03-01', '2026-03-02');
    const of = (metric: MetricKind) => samples.filter((s) => s.metric === metric).map((s) => [s.measuredAt.toISOString().slice(0, 10), s.value]);
    expect(of(MetricKind.STEPS)).toEqual([['2026-03-01', 8123], ['2026-03-02', 10456]]);
    expect(of(MetricKind.HEART_RATE)).toEqual([['2026-03-01', 61]]);
    expect(of(MetricKind.SLEEP_MINUTES)).toEqual([['2026-03-01', 420]]);
    expect(of(MetricKind.WEIGHT)).toEqual([['2026-03-01', 80.5]]);
  });

  it('refuses a code exchanged without the verifier it was issued for', async () => {
    const adapter = make();
    const start = adapter.startAuthorisation(REDIRECT);
    const { code } = fake.approve(start.url, 'user-a');
    await expect(adapter.exchangeCode(code, 'another-verifier-of-sufficient-length-000000000', REDIRECT)).rejects.toMatchObject({ status: 400 });
  });

  it('refreshes an expired access token and revokes the grant', async () => {
    const adapter = make();
    const start = adapter.startAuthorisation(REDIRECT);
    const tokens = await adapter.exchangeCode(fake.approve(start.url, 'user-a').code, start.codeVerifier, REDIRECT);
    fake.expireAccessTokens();
    const refused = await adapter.fetchMetrics(tokens.accessToken, '2026-03-01', '2026-03-01').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SourceError);
    expect((refused as SourceError).status).toBe(401);
    const renewed = await adapter.refresh(tokens.refreshToken!);
    expect(await adapter.fetchMetrics(renewed.accessToken, '2026-03-02', '2026-03-02')).toEqual([expect.objectContaining({ metric: MetricKind.STEPS, value: 10456 })]);
    await adapter.revoke(renewed.refreshToken!);
    expect(fake.revoked.has(renewed.refreshToken!)).toBe(true);
    await expect(adapter.refresh(renewed.refreshToken!)).rejects.toMatchObject({ status: 400 });
  });
});

describe('Apple Health adapter', () => {
  const apple = new AppleHealthAdapter();

  it('reads HealthKit samples the app pushed', () => {
    expect(apple.parsePush({ samples: [{ type: 'HKQuantityTypeIdentifierBodyMass', value: 176, unit: 'lb', startDate: '2026-03-01T07:00:00Z' }] })).toEqual([
      { metric: MetricKind.WEIGHT, measuredAt: new Date('2026-03-01T07:00:00Z'), value: 176, unit: 'lb' },
    ]);
  });

  it('refuses a payload that is not HealthKit samples, naming the sample', () => {
    expect(() => apple.parsePush({})).toThrow(/payload.samples must be a list/);
    expect(() => apple.parsePush({ samples: [{ type: 'HKQuantityTypeIdentifierFlightsClimbed', value: 3, unit: 'count', startDate: '2026-03-01T00:00:00Z' }] })).toThrow(/samples\[0\].type/);
  });
});
