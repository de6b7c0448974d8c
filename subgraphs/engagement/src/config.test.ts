import { ConfigError } from '../../../kit/config';
import { readEngagementConfig } from './config';

describe('engagement settings', () => {
  it('disables every channel whose credentials are not set, with quiet hours 21:00-07:00', () => {
    const config = readEngagementConfig({ NODE_ENV: 'development' });
    expect([config.email, config.sms, config.push]).toEqual([null, null, null]);
    expect([config.quietHoursStartMinute, config.quietHoursEndMinute]).toEqual([1260, 420]);
    expect(config.webhookAllowLoopbackHttp).toBe(true);
  });

  it('keeps marketing quiet from 20:00 to 08:00 in the business time zone unless told otherwise', () => {
    const config = readEngagementConfig({ NODE_ENV: 'development' });
    expect([config.marketingQuietHours, config.marketingTimeZone]).toEqual([{ startMinute: 1200, endMinute: 480 }, 'Africa/Nairobi']);
    const set = readEngagementConfig({ NODE_ENV: 'development', ENGAGEMENT_MARKETING_QUIET_HOURS: '21:30-07:15', BUSINESS_TIME_ZONE: 'Africa/Kampala' });
    expect([set.marketingQuietHours, set.marketingTimeZone]).toEqual([{ startMinute: 1290, endMinute: 435 }, 'Africa/Kampala']);
  });

  it('refuses marketing quiet hours that are not HH:MM-HH:MM, naming the variable', () => {
    expect(() => readEngagementConfig({ NODE_ENV: 'development', ENGAGEMENT_MARKETING_QUIET_HOURS: '20:00' })).toThrow(/ENGAGEMENT_MARKETING_QUIET_HOURS must be HH:MM-HH:MM, e\.g\. 20:00-08:00 \(got "20:00"\)/);
    expect(() => readEngagementConfig({ NODE_ENV: 'development', ENGAGEMENT_MARKETING_QUIET_HOURS: '20:00-24:00' })).toThrow(ConfigError);
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
