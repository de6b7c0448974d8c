import { startFakeAfricasTalking, startFakeFcm, startFakeSendGrid } from '../fakes/providers.fake';
import { NotificationChannel } from '../notification.types';
import { AfricasTalkingAdapter } from './africastalking.adapter';
import { ChannelError } from './channel';
import { FcmAdapter } from './fcm.adapter';
import { SendGridAdapter } from './sendgrid.adapter';

const message = { notificationId: 'n-1', recipient: '', subject: 'Your claim', text: 'Claim CLM-1 was approved.', html: '<p>Claim CLM-1 was approved.</p>' };

describe('SendGrid adapter against a fake SendGrid', () => {
  it('posts the mail with the Bearer key and returns the X-Message-Id', async () => {
    const fake = await startFakeSendGrid('SG.key');
    try {
      const adapter = new SendGridAdapter({ baseUrl: fake.url, apiKey: 'SG.key', fromEmail: 'care@mcs.example', fromName: 'MCS' }, 2_000);
      const sent = await adapter.send({ ...message, recipient: 'wanjiku@example.co.ke' });
      expect(sent.providerMessageId).toMatch(/^sg-/);
      const mail = JSON.parse(fake.requests[0].body);
      expect(mail.personalizations[0].to[0].email).toBe('wanjiku@example.co.ke');
      expect(mail.content).toEqual([{ type: 'text/plain', value: message.text }, { type: 'text/html', value: message.html }]);
      expect(mail.custom_args.notification_id).toBe('n-1');
    } finally {
      await fake.close();
    }
  });

  it('reports a bad key as not retryable and a 503 as retryable', async () => {
    const fake = await startFakeSendGrid('SG.key');
    try {
      const wrong = new SendGridAdapter({ baseUrl: fake.url, apiKey: 'SG.wrong', fromEmail: 'care@mcs.example', fromName: 'MCS' }, 2_000);
      await expect(wrong.send({ ...message, recipient: 'a@example.com' })).rejects.toMatchObject({ retryable: false });
      fake.failNext(1);
      const right = new SendGridAdapter({ baseUrl: fake.url, apiKey: 'SG.key', fromEmail: 'care@mcs.example', fromName: 'MCS' }, 2_000);
      await expect(right.send({ ...message, recipient: 'a@example.com' })).rejects.toMatchObject({ retryable: true, channel: NotificationChannel.EMAIL });
    } finally {
      await fake.close();
    }
  });
});

describe("Africa's Talking adapter against a fake Africa's Talking", () => {
  it('posts a form with the username and apiKey header and returns the recipient messageId', async () => {
    const fake = await startFakeAfricasTalking('mcs', 'at-key');
    try {
      const adapter = new AfricasTalkingAdapter({ baseUrl: fake.url, username: 'mcs', apiKey: 'at-key', senderId: 'MCS' }, 2_000);
      const sent = await adapter.send({ ...message, recipient: '+254712345678' });
      expect(sent.providerMessageId).toMatch(/^ATXid_/);
      const form = new URLSearchParams(fake.requests[0].body);
      expect(Object.fromEntries(form)).toEqual({ username: 'mcs', to: '+254712345678', message: message.text, from: 'MCS' });
    } finally {
      await fake.close();
    }
  });

  it('refuses with a wrong key, not retryable', async () => {
    const fake = await startFakeAfricasTalking('mcs', 'at-key');
    try {
      const adapter = new AfricasTalkingAdapter({ baseUrl: fake.url, username: 'mcs', apiKey: 'nope' }, 2_000);
      const error = await adapter.send({ ...message, recipient: '+254712345678' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChannelError);
      expect((error as ChannelError).retryable).toBe(false);
    } finally {
      await fake.close();
    }
  });
});

describe('FCM adapter against a fake FCM', () => {
  it("sends to the member's topic with the Bearer token, holding no details, and returns the message name", async () => {
    const fake = await startFakeFcm('mcs-app', 'ya29.token');
    try {
      const adapter = new FcmAdapter({ baseUrl: fake.url, projectId: 'mcs-app', accessToken: 'ya29.token' }, 2_000);
      const sent = await adapter.send({ ...message, recipient: 'member_abc' });
      expect(sent.providerMessageId).toMatch(/^projects\/mcs-app\/messages\//);
      // Anyone can subscribe to a topic: the push says only that there is something, never what.
      expect(JSON.parse(fake.requests[0].body).message).toEqual({ topic: 'member_abc', notification: { title: 'You have an update', body: 'Open the app to see it.' }, data: { notificationId: 'n-1' } });
      expect(fake.requests[0].body).not.toContain(message.subject);
      expect(fake.requests[0].body).not.toContain(message.text);
    } finally {
      await fake.close();
    }
  });

  it('treats an unreachable FCM as retryable', async () => {
    const adapter = new FcmAdapter({ baseUrl: 'http://127.0.0.1:1', projectId: 'mcs-app', accessToken: 't' }, 500);
    await expect(adapter.send({ ...message, recipient: 'member_abc' })).rejects.toMatchObject({ retryable: true });
  });
});
