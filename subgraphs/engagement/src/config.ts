import { EnvReader, readCommonConfig } from '../../../kit/config';

/** SendGrid v3 Mail Send. */
export interface EmailProviderConfig {
  baseUrl: string;
  apiKey: string;
  fromEmail: string;
  fromName: string;
}

/** Africa's Talking bulk SMS. */
export interface SmsProviderConfig {
  baseUrl: string;
  username: string;
  apiKey: string;
  /** The registered sender id or short code; the account default when unset. */
  senderId?: string;
}

/** Firebase Cloud Messaging HTTP v1: the app subscribes each member to the topic `member_<id>`. */
export interface PushProviderConfig {
  baseUrl: string;
  projectId: string;
  /** An OAuth 2 access token of a service account with the `firebase.messaging` scope. */
  accessToken: string;
}

export interface EngagementConfig {
  /** Null when the channel's credentials are not configured: the channel is disabled. */
  email: EmailProviderConfig | null;
  sms: SmsProviderConfig | null;
  push: PushProviderConfig | null;
  providerTimeoutMs: number;
  /** Local minute of the day (Africa/Nairobi) quiet hours start and end; SMS and push wait for the end. */
  quietHoursStartMinute: number;
  quietHoursEndMinute: number;
  /**
   * When marketing messages to leads (crm's nurture campaigns) are not sent, on every channel:
   * local minutes of the day in `marketingTimeZone`; a message due inside them waits for the end.
   */
  marketingQuietHours: { startMinute: number; endMinute: number };
  /** The IANA time zone marketing quiet hours are read in (`BUSINESS_TIME_ZONE`). */
  marketingTimeZone: string;
  /** Attempts of a notification or webhook delivery before it is left FAILED. */
  notificationMaxAttempts: number;
  webhookMaxAttempts: number;
  /** The first retry waits this long; each later one twice the one before. */
  retryBaseSeconds: number;
  /** Consecutive failed deliveries after which a webhook endpoint is disabled. */
  webhookDisableAfterFailures: number;
  /** Whether webhook endpoints may be plain http on the loopback interface (development and tests). */
  webhookAllowLoopbackHttp: boolean;
  /** How often pending notifications and webhook deliveries are sent. */
  deliveryJobMs: number;
}

function readGroup<K extends string>(reader: EnvReader, env: NodeJS.ProcessEnv, channel: string, names: Record<K, string>): Record<K, string> | null {
  const present = Object.values<string>(names).filter((name) => env[name]?.trim());
  if (present.length === 0) return null;
  const values = {} as Record<K, string>;
  for (const [key, name] of Object.entries(names) as [K, string][]) values[key] = reader.string(name);
  if (present.length < Object.keys(names).length) reader.problem(`${channel} is partly configured: set all of ${Object.values(names).join(', ')} or none`);
  return values;
}

function minuteOfDay(reader: EnvReader, name: string, fallback: string): number {
  const raw = reader.string(name, fallback);
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(raw);
  if (!match) {
    reader.problem(`${name} must be HH:MM (got "${raw}")`);
    return 0;
  }
  return Number(match[1]) * 60 + Number(match[2]);
}

/** A window of the day written `HH:MM-HH:MM` (e.g. `20:00-08:00`, which spans midnight). */
function minuteWindow(reader: EnvReader, name: string, fallback: string): { startMinute: number; endMinute: number } {
  const raw = reader.string(name, fallback);
  const match = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(raw.replace(/\s/g, ''));
  if (!match) {
    reader.problem(`${name} must be HH:MM-HH:MM, e.g. 20:00-08:00 (got "${raw}")`);
    return { startMinute: 0, endMinute: 0 };
  }
  return { startMinute: Number(match[1]) * 60 + Number(match[2]), endMinute: Number(match[3]) * 60 + Number(match[4]) };
}

/** Settings of the engagement domain (validated once, at start-up). */
export function readEngagementConfig(env: NodeJS.ProcessEnv = process.env): EngagementConfig {
  const reader = new EnvReader(env);
  const { nodeEnv } = readCommonConfig(reader);
  const email = readGroup(reader, env, 'E-mail (SendGrid)', { apiKey: 'ENGAGEMENT_SENDGRID_API_KEY', fromEmail: 'ENGAGEMENT_EMAIL_FROM' });
  const sms = readGroup(reader, env, "SMS (Africa's Talking)", { username: 'ENGAGEMENT_AT_USERNAME', apiKey: 'ENGAGEMENT_AT_API_KEY' });
  const push = readGroup(reader, env, 'Push (FCM)', { projectId: 'ENGAGEMENT_FCM_PROJECT_ID', accessToken: 'ENGAGEMENT_FCM_ACCESS_TOKEN' });
  const config: EngagementConfig = {
    email: email && {
      ...email,
      fromName: reader.string('ENGAGEMENT_EMAIL_FROM_NAME', 'Medical Cover'),
      baseUrl: reader.url('ENGAGEMENT_SENDGRID_BASE_URL', ['https:', 'http:'], 'https://api.sendgrid.com')!,
    },
    sms: sms && {
      ...sms,
      senderId: reader.optionalString('ENGAGEMENT_AT_SENDER_ID'),
      baseUrl: reader.url('ENGAGEMENT_AT_BASE_URL', ['https:', 'http:'], 'https://api.sandbox.africastalking.com')!,
    },
    push: push && { ...push, baseUrl: reader.url('ENGAGEMENT_FCM_BASE_URL', ['https:', 'http:'], 'https://fcm.googleapis.com')! },
    providerTimeoutMs: reader.int('ENGAGEMENT_PROVIDER_TIMEOUT_MS', 10_000, { min: 100, max: 120_000 }),
    quietHoursStartMinute: minuteOfDay(reader, 'ENGAGEMENT_QUIET_HOURS_START', '21:00'),
    quietHoursEndMinute: minuteOfDay(reader, 'ENGAGEMENT_QUIET_HOURS_END', '07:00'),
    marketingQuietHours: minuteWindow(reader, 'ENGAGEMENT_MARKETING_QUIET_HOURS', '20:00-08:00'),
    // The platform's business time zone (checked by the common settings), Africa/Nairobi by default.
    marketingTimeZone: reader.optionalString('BUSINESS_TIME_ZONE') ?? 'Africa/Nairobi',
    notificationMaxAttempts: reader.int('ENGAGEMENT_NOTIFICATION_MAX_ATTEMPTS', 5, { min: 1, max: 20 }),
    webhookMaxAttempts: reader.int('ENGAGEMENT_WEBHOOK_MAX_ATTEMPTS', 8, { min: 1, max: 20 }),
    retryBaseSeconds: reader.int('ENGAGEMENT_RETRY_BASE_SECONDS', 30, { min: 1, max: 3_600 }),
    webhookDisableAfterFailures: reader.int('ENGAGEMENT_WEBHOOK_DISABLE_AFTER_FAILURES', 10, { min: 1, max: 1_000 }),
    webhookAllowLoopbackHttp: reader.bool('ENGAGEMENT_WEBHOOK_ALLOW_LOOPBACK_HTTP', nodeEnv !== 'production'),
    deliveryJobMs: reader.int('ENGAGEMENT_DELIVERY_JOB_MS', 5_000, { min: 100, max: 3_600_000 }),
  };
  if (config.webhookAllowLoopbackHttp && nodeEnv === 'production') reader.problem('ENGAGEMENT_WEBHOOK_ALLOW_LOOPBACK_HTTP must be false when NODE_ENV=production');
  reader.done();
  return config;
}
