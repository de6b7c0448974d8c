import { MetricKind, type MetricSample } from '../../metric/metric.rules';
import { DeviceProvider, SourceError, type AuthorisationStart, type DeviceSourceAdapter, type SourceTokens } from './source';

/** HealthKit quantity types the member app sends, and the metric each becomes. */
const HEALTHKIT_TYPES: Record<string, MetricKind> = {
  HKQuantityTypeIdentifierStepCount: MetricKind.STEPS,
  HKQuantityTypeIdentifierRestingHeartRate: MetricKind.HEART_RATE,
  HKQuantityTypeIdentifierHeartRate: MetricKind.HEART_RATE,
  HKCategoryTypeIdentifierSleepAnalysis: MetricKind.SLEEP_MINUTES,
  HKQuantityTypeIdentifierBodyMass: MetricKind.WEIGHT,
};

/** At most this many samples in one upload, so one request cannot hold a transaction for long. */
export const MAX_PUSHED_SAMPLES = 2_000;

interface PushedSample {
  type?: unknown;
  value?: unknown;
  unit?: unknown;
  startDate?: unknown;
}

/**
 * Apple Health has no server API: HealthKit data stays on the phone, and the member app uploads
 * it (`{ samples: [{ type, value, unit, startDate }] }`, HealthKit's identifiers and units). The
 * connection needs no OAuth: the member granted HealthKit access to the app on the phone.
 */
export class AppleHealthAdapter implements DeviceSourceAdapter {
  readonly provider = DeviceProvider.APPLE_HEALTH;
  readonly pushed = true;

  startAuthorisation(): AuthorisationStart {
    throw new SourceError(this.provider, 'Apple Health is authorised on the phone, not through a web page');
  }

  exchangeCode(): Promise<SourceTokens> {
    return Promise.reject(new SourceError(this.provider, 'Apple Health issues no tokens'));
  }

  refresh(): Promise<SourceTokens> {
    return Promise.reject(new SourceError(this.provider, 'Apple Health issues no tokens'));
  }

  fetchMetrics(): Promise<MetricSample[]> {
    return Promise.resolve([]);
  }

  parsePush(payload: unknown): MetricSample[] {
    const samples = (payload as { samples?: unknown } | null)?.samples;
    if (!Array.isArray(samples)) throw new SourceError(this.provider, 'payload.samples must be a list');
    if (samples.length > MAX_PUSHED_SAMPLES) throw new SourceError(this.provider, `payload.samples holds more than ${MAX_PUSHED_SAMPLES} samples: split the upload`);
    return samples.map((raw: PushedSample, i) => {
      const metric = typeof raw.type === 'string' ? HEALTHKIT_TYPES[raw.type] : undefined;
      if (!metric) throw new SourceError(this.provider, `payload.samples[${i}].type ${JSON.stringify(raw.type)} is not a HealthKit type we read`);
      if (typeof raw.value !== 'number' || typeof raw.unit !== 'string' || typeof raw.startDate !== 'string') {
        throw new SourceError(this.provider, `payload.samples[${i}] needs a numeric value, a unit and a startDate`);
      }
      return { metric, measuredAt: new Date(raw.startDate), value: raw.value, unit: raw.unit };
    });
  }

  async revoke(): Promise<void> {
    // Nothing to tell Apple: revoking stops us accepting the app's uploads.
  }
}
