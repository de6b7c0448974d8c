import type { SmsProviderConfig } from '../../config';
import { NotificationChannel } from '../notification.types';
import { callChannel, ChannelError, type ChannelAdapter, type OutgoingMessage, type SentMessage } from './channel';

interface AtRecipient {
  statusCode: number;
  number: string;
  status: string;
  cost?: string;
  messageId: string;
}

/** Status codes Africa's Talking gives per recipient: 100-102 accepted; 500 and 501 are its own failures. */
const ACCEPTED = new Set([100, 101, 102]);
const RETRYABLE = new Set([500, 501]);

/** Africa's Talking SMS: `POST /version1/messaging`, form-encoded, `apiKey` header and the app's username. */
export class AfricasTalkingAdapter implements ChannelAdapter {
  readonly channel = NotificationChannel.SMS;

  constructor(
    private readonly config: SmsProviderConfig,
    private readonly timeoutMs: number,
  ) {}

  async send(message: OutgoingMessage): Promise<SentMessage> {
    const form = new URLSearchParams({ username: this.config.username, to: message.recipient, message: message.text });
    if (this.config.senderId) form.set('from', this.config.senderId);
    const { body } = await callChannel(
      this.channel,
      `${this.config.baseUrl.replace(/\/$/, '')}/version1/messaging`,
      {
        method: 'POST',
        headers: { apiKey: this.config.apiKey, Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      },
      this.timeoutMs,
    );
    const recipient = (body as { SMSMessageData?: { Recipients?: AtRecipient[]; Message?: string } })?.SMSMessageData?.Recipients?.[0];
    if (!recipient) throw new ChannelError(this.channel, `no recipient in the answer (${JSON.stringify(body).slice(0, 200)})`, false);
    if (!ACCEPTED.has(Number(recipient.statusCode))) {
      throw new ChannelError(this.channel, `${recipient.status} (status ${recipient.statusCode})`, RETRYABLE.has(Number(recipient.statusCode)));
    }
    return { providerMessageId: recipient.messageId };
  }
}
