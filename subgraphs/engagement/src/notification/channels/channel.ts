import { NotificationChannel } from '../notification.types';

/** One message as a channel adapter sends it. */
export interface OutgoingMessage {
  /** Our notification id: passed to the provider where it can carry it, for tracing and de-duplication. */
  notificationId: string;
  /** E-mail address, E.164 phone number, or FCM topic. */
  recipient: string;
  subject: string;
  text: string;
  /** The e-mail's HTML body (values already escaped). */
  html?: string;
}

export interface SentMessage {
  providerMessageId: string;
}

/** A provider refused or failed a message; `retryable` says whether trying again can help. */
export class ChannelError extends Error {
  constructor(
    readonly channel: NotificationChannel,
    message: string,
    readonly retryable: boolean,
  ) {
    super(`${channel}: ${message}`);
    this.name = 'ChannelError';
  }
}

/** What every e-mail, SMS and push provider adapter does. */
export interface ChannelAdapter {
  readonly channel: NotificationChannel;
  send(message: OutgoingMessage): Promise<SentMessage>;
}

/** Server errors, throttling and timeouts pass; a refused request will be refused again. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** One HTTP call to a provider with a timeout; network failures and timeouts are retryable. */
export async function callChannel(channel: NotificationChannel, url: string, init: RequestInit, timeoutMs: number): Promise<{ status: number; headers: Headers; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new ChannelError(channel, `no answer (${(error as Error).message})`, true);
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  if (!response.ok) {
    throw new ChannelError(channel, `HTTP ${response.status}: ${(typeof body === 'string' ? body : JSON.stringify(body)).slice(0, 300)}`, isRetryableStatus(response.status));
  }
  return { status: response.status, headers: response.headers, body };
}
