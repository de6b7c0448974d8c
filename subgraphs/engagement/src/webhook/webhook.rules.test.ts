import { ValidationError } from '../../../../kit/errors';
import { checkEndpoint } from './webhook.rules';
import { verifyWebhookSignature, webhookSignature } from './webhook.signature';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"id":"1","type":"claims.claim.decided"}';

  it('signs `${timestamp}.${body}` with HMAC-SHA256 in hex', () => {
    // Computed independently: printf '1700000000.{"id":"1","type":"claims.claim.decided"}' | openssl dgst -sha256 -hmac whsec_test
    expect(webhookSignature(secret, 1_700_000_000, body)).toBe('v1=35fe60f29fdff857ed394c0f2276918b31e65619900ade24770f7ffb1411d149');
    expect(webhookSignature(secret, 1_700_000_000, body)).not.toBe(webhookSignature(secret, 1_700_000_001, body));
  });

  it('verifies an untouched delivery and refuses a changed body, another secret or a stale timestamp', () => {
    const signature = webhookSignature(secret, 1_700_000_000, body);
    expect(verifyWebhookSignature(secret, '1700000000', signature, body, 1_700_000_010)).toBe(true);
    expect(verifyWebhookSignature(secret, '1700000000', signature, `${body} `, 1_700_000_010)).toBe(false);
    expect(verifyWebhookSignature('whsec_other', '1700000000', signature, body, 1_700_000_010)).toBe(false);
    expect(verifyWebhookSignature(secret, '1700000000', signature, body, 1_700_000_400)).toBe(false);
  });
});

describe('webhook endpoint checks', () => {
  it('refuses literal internal addresses where loopback is not allowed (production), and allows public ones', () => {
    const internal = ['https://127.0.0.1/h', 'https://localhost/h', 'https://10.1.2.3/h', 'https://172.20.0.5/h', 'https://192.168.1.1/h', 'https://169.254.169.254/latest', 'https://0.0.0.0/h', 'https://[::1]/h', 'https://[fd00::1]/h', 'https://[fe80::1]/h', 'https://[::ffff:10.0.0.1]/h', 'https://2130706433/h'];
    for (const url of internal) expect([url, violationsOf({ url, eventTypes: ['claims.claim.decided'] }, false)]).toEqual([url, ['url:PUBLIC_HOST']]);
    for (const url of ['https://8.8.8.8/h', 'https://172.32.0.1/h', 'https://[2001:db8::1]/h', 'https://hooks.example.com/h']) {
      expect([url, violationsOf({ url, eventTypes: ['claims.claim.decided'] }, false)]).toEqual([url, []]);
    }
  });

  const violationsOf = (input: { url: string; eventTypes: string[] }, loopback: boolean) => {
    try {
      checkEndpoint(input, loopback);
      return [];
    } catch (error) {
      return (error as ValidationError).violations.map((v) => `${v.field}:${v.rule}`);
    }
  };

  it('accepts https, and http to the loopback interface only where allowed', () => {
    expect(violationsOf({ url: 'https://hooks.example.com/mcs', eventTypes: ['claims.claim.decided'] }, false)).toEqual([]);
    expect(violationsOf({ url: 'http://127.0.0.1:8080/hook', eventTypes: ['claims.claim.decided'] }, true)).toEqual([]);
    expect(violationsOf({ url: 'http://127.0.0.1:8080/hook', eventTypes: ['claims.claim.decided'] }, false)).toEqual(['url:HTTPS', 'url:PUBLIC_HOST']);
    expect(violationsOf({ url: 'http://hooks.example.com/hook', eventTypes: ['claims.claim.decided'] }, true)).toEqual(['url:HTTPS']);
  });

  it('refuses unknown event types and an empty list', () => {
    expect(violationsOf({ url: 'https://x.example.com', eventTypes: ['members.member.changed'] }, false)).toEqual(['eventTypes:KNOWN_EVENT_TYPE']);
    expect(violationsOf({ url: 'https://x.example.com', eventTypes: [] }, false)).toEqual(['eventTypes:REQUIRED']);
  });
});
