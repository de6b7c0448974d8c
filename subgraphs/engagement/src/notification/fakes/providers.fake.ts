import { randomUUID } from 'node:crypto';
import { startFakeServer, type FakeRequest, type FakeResponse, type RunningFake } from '../../../../../kit/fake-server';

/** How a fake provider answers the next calls: each queued failure is used once, then it succeeds. */
export interface FakeProviderControl {
  /** Fail the next `times` sends with this HTTP status. */
  failNext(times: number, status?: number): void;
}

function control(): FakeProviderControl & { take(): number | null } {
  const queue: number[] = [];
  return {
    failNext(times, status = 503) {
      for (let i = 0; i < times; i += 1) queue.push(status);
    },
    take: () => queue.shift() ?? null,
  };
}

/** SendGrid v3: checks the Bearer key and the mail body, answers 202 with an X-Message-Id. */
export async function startFakeSendGrid(apiKey: string): Promise<RunningFake & FakeProviderControl> {
  const failures = control();
  const fake = await startFakeServer((request: FakeRequest): FakeResponse => {
    if (request.method !== 'POST' || request.path !== '/v3/mail/send') return { status: 404, body: { errors: [{ message: 'not found' }] } };
    if (request.headers.authorization !== `Bearer ${apiKey}`) return { status: 401, body: { errors: [{ message: 'The provided authorization grant is invalid' }] } };
    const failure = failures.take();
    if (failure) return { status: failure, body: { errors: [{ message: 'try again later' }] } };
    const mail = JSON.parse(request.body) as { personalizations?: { to?: { email: string }[] }[]; from?: { email: string }; subject?: string; content?: unknown[] };
    if (!mail.personalizations?.[0]?.to?.[0]?.email || !mail.from?.email || !mail.content?.length) return { status: 400, body: { errors: [{ message: 'bad request' }] } };
    return { status: 202, headers: { 'X-Message-Id': `sg-${randomUUID()}` } };
  });
  return Object.assign(fake, { failNext: failures.failNext });
}

/** Africa's Talking: checks the apiKey header and the form fields, answers per recipient. */
export async function startFakeAfricasTalking(username: string, apiKey: string): Promise<RunningFake & FakeProviderControl> {
  const failures = control();
  const fake = await startFakeServer((request: FakeRequest): FakeResponse => {
    if (request.method !== 'POST' || request.path !== '/version1/messaging') return { status: 404, body: 'not found' };
    if (request.headers.apikey !== apiKey) return { status: 401, body: 'The supplied authentication is invalid' };
    if (!String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded')) return { status: 415, body: 'form-encoded body expected' };
    const form = new URLSearchParams(request.body);
    if (form.get('username') !== username || !form.get('to') || !form.get('message')) return { status: 400, body: 'missing username, to or message' };
    const failure = failures.take();
    if (failure) return { status: failure, body: 'service unavailable' };
    return {
      status: 201,
      body: { SMSMessageData: { Message: 'Sent to 1/1 Total Cost: KES 0.8000', Recipients: [{ statusCode: 101, number: form.get('to'), status: 'Success', cost: 'KES 0.8000', messageId: `ATXid_${randomUUID()}` }] } },
    };
  });
  return Object.assign(fake, { failNext: failures.failNext });
}

/** FCM HTTP v1: checks the Bearer token and the message, answers its resource name. */
export async function startFakeFcm(projectId: string, accessToken: string): Promise<RunningFake & FakeProviderControl> {
  const failures = control();
  const fake = await startFakeServer((request: FakeRequest): FakeResponse => {
    if (request.method !== 'POST' || request.path !== `/v1/projects/${projectId}/messages:send`) return { status: 404, body: { error: { code: 404, status: 'NOT_FOUND' } } };
    if (request.headers.authorization !== `Bearer ${accessToken}`) return { status: 401, body: { error: { code: 401, status: 'UNAUTHENTICATED' } } };
    const failure = failures.take();
    if (failure) return { status: failure, body: { error: { code: failure, status: 'UNAVAILABLE' } } };
    const { message } = JSON.parse(request.body) as { message?: { topic?: string; token?: string; notification?: { title?: string; body?: string } } };
    if (!message || (!message.topic && !message.token)) return { status: 400, body: { error: { code: 400, status: 'INVALID_ARGUMENT' } } };
    return { status: 200, body: { name: `projects/${projectId}/messages/${randomUUID()}` } };
  });
  return Object.assign(fake, { failNext: failures.failNext });
}
