import { ConfigError } from '../../../kit/config';
import { readWellnessConfig } from './config';
import { DeviceSources } from './connection/sources/sources';
import { DeviceProvider } from './connection/sources/source';

describe('wellness config', () => {
  it('disables a provider without credentials, with an error naming it', () => {
    const config = readWellnessConfig({});
    expect(config.fitbit).toBeNull();
    expect(config.googleFit).toBeNull();
    const sources = DeviceSources.fromConfig(config);
    expect(sources.enabled()).toEqual([DeviceProvider.APPLE_HEALTH]);
    expect(() => sources.get(DeviceProvider.FITBIT)).toThrow(/FITBIT is not enabled/);
  });

  it('refuses half a provider configuration and a bad token key', () => {
    expect(() => readWellnessConfig({ WELLNESS_FITBIT_CLIENT_ID: 'abc' })).toThrow(/Fitbit is partly configured/);
    expect(() => readWellnessConfig({ WELLNESS_TOKEN_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/WELLNESS_TOKEN_KEY must be 32 bytes/);
  });

  it('requires a token key of its own in production', () => {
    expect(() => readWellnessConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    const key = Buffer.alloc(32, 1).toString('base64');
    expect(readWellnessConfig({ NODE_ENV: 'production', WELLNESS_TOKEN_KEY: key }).tokenKey.equals(Buffer.alloc(32, 1))).toBe(true);
  });

  it('reads a configured provider', () => {
    const config = readWellnessConfig({ WELLNESS_GOOGLE_FIT_CLIENT_ID: 'id', WELLNESS_GOOGLE_FIT_CLIENT_SECRET: 'secret' });
    expect(config.googleFit).toMatchObject({ clientId: 'id', tokenBaseUrl: 'https://oauth2.googleapis.com' });
  });
});
