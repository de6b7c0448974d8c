import { DomainError, ErrorCode } from '../../../../../kit/errors';
import type { WellnessConfig } from '../../config';
import { AppleHealthAdapter } from './apple-health.adapter';
import { FitbitAdapter } from './fitbit.adapter';
import { GoogleFitAdapter } from './google-fit.adapter';
import { DeviceProvider, type DeviceSourceAdapter } from './source';

/** A provider without credentials in the configuration. */
export class SourceDisabledError extends DomainError {
  constructor(provider: DeviceProvider) {
    super(ErrorCode.BAD_USER_INPUT, `${provider} is not enabled on this platform: its client credentials are not configured.`, { field: 'provider', rule: 'PROVIDER_ENABLED' });
  }
}

/** The configured sources; a provider without credentials is absent and refused by name. */
export class DeviceSources {
  private readonly adapters = new Map<DeviceProvider, DeviceSourceAdapter>();

  constructor(adapters: DeviceSourceAdapter[]) {
    for (const adapter of adapters) this.adapters.set(adapter.provider, adapter);
  }

  static fromConfig(config: WellnessConfig): DeviceSources {
    const adapters: DeviceSourceAdapter[] = [];
    if (config.fitbit) adapters.push(new FitbitAdapter(config.fitbit, config.providerTimeoutMs));
    if (config.googleFit) adapters.push(new GoogleFitAdapter(config.googleFit, config.providerTimeoutMs));
    if (config.appleHealthEnabled) adapters.push(new AppleHealthAdapter());
    return new DeviceSources(adapters);
  }

  get(provider: DeviceProvider): DeviceSourceAdapter {
    const adapter = this.adapters.get(provider);
    if (!adapter) throw new SourceDisabledError(provider);
    return adapter;
  }

  enabled(): DeviceProvider[] {
    return [...this.adapters.keys()];
  }
}
