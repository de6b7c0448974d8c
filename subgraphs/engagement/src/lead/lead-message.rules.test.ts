import { randomUUID } from 'node:crypto';
import { readNurtureMessage, suppressionAtSend } from './lead-message.rules';

const request = (overrides: Record<string, unknown> = {}) => ({
  messageId: randomUUID(),
  enrolmentId: randomUUID(),
  campaignId: randomUUID(),
  leadId: randomUUID(),
  stepNumber: 2,
  channel: 'EMAIL',
  recipient: 'Achieng@Example.co.ke',
  subject: 'Cover for your family',
  body: 'Hello Achieng, ...',
  requestedAt: '2026-03-10T07:00:00.000Z',
  ...overrides,
});

const suppressedBy = (overrides: Record<string, unknown>) => {
  const read = readNurtureMessage(request(overrides));
  return read.ok ? read.suppressed : read.problem;
};

describe("reading crm's nurture message request", () => {
  it('keeps a well-formed e-mail with its address normalised, and suppresses nothing', () => {
    const read = readNurtureMessage(request());
    expect(read).toMatchObject({ ok: true, suppressed: null, draft: { channel: 'EMAIL', recipient: 'achieng@example.co.ke', stepNumber: 2, requestedAt: new Date('2026-03-10T07:00:00.000Z') } });
  });

  it('drops the subject of an SMS and accepts any E.164 number', () => {
    expect(readNurtureMessage(request({ channel: 'SMS', recipient: '+254712345678', subject: 'ignored' }))).toMatchObject({ ok: true, suppressed: null, draft: { subject: null } });
    expect(suppressedBy({ channel: 'SMS', recipient: '+447911123456' })).toBeNull();
  });

  it('suppresses an unknown channel, a missing or malformed recipient, an e-mail without subject and an empty body', () => {
    expect(suppressedBy({ channel: 'PUSH' })).toBe('UNKNOWN_CHANNEL');
    expect(suppressedBy({ channel: undefined })).toBe('UNKNOWN_CHANNEL');
    expect(suppressedBy({ recipient: '  ' })).toBe('MISSING_RECIPIENT');
    expect(suppressedBy({ recipient: 'not-an-address' })).toBe('INVALID_RECIPIENT');
    expect(suppressedBy({ channel: 'SMS', recipient: '0712345678' })).toBe('INVALID_RECIPIENT');
    expect(suppressedBy({ subject: null })).toBe('MISSING_SUBJECT');
    expect(suppressedBy({ body: ' \n' })).toBe('EMPTY_BODY');
  });

  it('refuses a request without UUIDs for the message and the lead: there is nothing to keep or answer', () => {
    expect(readNurtureMessage(request({ messageId: 'm-1' }))).toEqual({ ok: false, problem: 'messageId must be a UUID' });
    expect(readNurtureMessage({ body: 'x' })).toEqual({ ok: false, problem: 'messageId and leadId must be a UUID' });
  });
});

describe('consent at send time', () => {
  it('suppresses only a withdrawn consent; a lead never heard of is sent to', () => {
    expect(suppressionAtSend(false)).toBe('CONSENT_WITHDRAWN');
    expect(suppressionAtSend(true)).toBeNull();
    expect(suppressionAtSend(null)).toBeNull();
  });
});
