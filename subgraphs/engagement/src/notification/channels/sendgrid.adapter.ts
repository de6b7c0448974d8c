import type { EmailProviderConfig } from '../../config';
import { NotificationChannel } from '../notification.types';
import { callChannel, ChannelError, type ChannelAdapter, type OutgoingMessage, type SentMessage } from './channel';

/** SendGrid v3 Mail Send: `POST /v3/mail/send` with a Bearer API key; answers 202 and an `X-Message-Id` header. */
export class SendGridAdapter implements ChannelAdapter {
  readonly channel = NotificationChannel.EMAIL;

  constructor(
    private readonly config: EmailProviderConfig,
    private readonly timeoutMs: number,
  ) {}

  async send(message: OutgoingMessage): Promise<SentMessage> {
    const { headers } = await callChannel(
      this.channel,
      `${this.config.baseUrl.replace(/\/$/, '')}/v3/mail/send`,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.config.apiKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          personalizations: [{ to: [{ email: message.recipient }] }],
          from: { email: this.config.fromEmail, name: this.config.fromName },
          subject: message.subject,
          content: [
            { type: 'text/plain', value: message.text },
            ...(message.html ? [{ type: 'text/html', value: message.html }] : []),
          ],
          // Echoed in SendGrid's event webhook, tying its events to our notification.
          custom_args: { notification_id: message.notificationId },
        }),
      },
      this.timeoutMs,
    );
    const id = headers.get('x-message-id');
    if (!id) throw new ChannelError(this.channel, 'accepted without an X-Message-Id', false);
    return { providerMessageId: id };
  }
}
