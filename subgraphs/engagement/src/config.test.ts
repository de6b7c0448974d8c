import { ConfigError } from '../../../kit/config';
import { readEngagementConfig } from './config';

describe('engagement settings', () => {
  it('disables every channel whose credentials are not set, with quiet hours 21:00-07:00', () => {
    const config = readEngagementConfig({ NODE_ENV: 'development' });
    expect([config.email, config.sms, config.push]).toEqual([null, null, null]);
    expect([config.quietHoursStartMinute, config.quietHoursEndMinute]).toEqual([1260, 420]);
    expect(config.webhookAllowLoopbackHttp).toBe(true);
  });

  it('reads a channel configured in full', () => {
    const config = readEngagementConfig({ NODE_ENV: 'development', ENGAGEMENT_AT_USERNAME: 'mcs', ENGAGEMENT_AT_API_KEY: 'k', ENGAGEMENT_AT_SENDER_ID: 'MCS' });
    expect(config.sms).toEqual({ username: 'mcs', apiKey: 'k', senderId: 'MCS', baseUrl: 'https://api.sandbox.africastalking.com' });
  });

  it('refuses half a channel, bad quiet hours and loopback webhooks in production, naming each variable', () => {
    const read = () =>
      readEngagementConfig({
        NODE_ENV: 'production',
        ENGAGEMENT_SENDGRID_API_KEY: 'SG.x',
        ENGAGEMENT_QUIET_HOURS_START: '25:00',
        ENGAGEMENT_WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true',
      });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/ENGAGEMENT_EMAIL_FROM is required/);
    expect(read).toThrow(/ENGAGEMENT_QUIET_HOURS_START must be HH:MM/);
    expect(read).toThrow(/ENGAGEMENT_WEBHOOK_ALLOW_LOOPBACK_HTTP must be false/);
  });
});
