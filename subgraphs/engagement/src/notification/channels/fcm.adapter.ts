import type { PushProviderConfig } from '../../config';
import { NotificationChannel } from '../notification.types';
import { callChannel, ChannelError, type ChannelAdapter, type OutgoingMessage, type SentMessage } from './channel';

/** The topic the member app subscribes each signed-in member to: no device registry to keep here. */
export function memberTopic(memberId: string): string {
  return `member_${memberId}`;
}

/** What every push says: the details stay behind the member's sign-in. */
export const PUSH_TITLE = 'You have an update';
export const PUSH_BODY = 'Open the app to see it.';

/**
 * FCM HTTP v1: `POST /v1/projects/{id}/messages:send` with a Bearer token; answers the message's
 * resource name. Pushes are content-free: a topic is not private (any app instance holding our
 * FCM project's config can subscribe to `member_<id>`), so claim, invoice or policy details would
 * leak to whoever listens. The message carries only our notification id; the app fetches the
 * notification itself through the authenticated API.
 */
export class FcmAdapter implements ChannelAdapter {
  readonly channel = NotificationChannel.PUSH;

  constructor(
    private readonly config: PushProviderConfig,
    private readonly timeoutMs: number,
  ) {}

  async send(message: OutgoingMessage): Promise<SentMessage> {
    const { body } = await callChannel(
      this.channel,
      `${this.config.baseUrl.replace(/\/$/, '')}/v1/projects/${encodeURIComponent(this.config.projectId)}/messages:send`,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.config.accessToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          message: {
            topic: message.recipient,
            notification: { title: PUSH_TITLE, body: PUSH_BODY },
            data: { notificationId: message.notificationId },
          },
        }),
      },
      this.timeoutMs,
    );
    const name = (body as { name?: string })?.name;
    if (!name) throw new ChannelError(this.channel, 'accepted without a message name', false);
    return { providerMessageId: name };
  }
}
