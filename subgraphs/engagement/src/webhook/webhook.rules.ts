import { isIP } from 'node:net';
import { Violations } from '../../../../kit/errors';

/** The domain events an external system may subscribe to. */
export const WEBHOOK_EVENT_TYPES = [
  'claims.claim.decided',
  'claims.preauthorisation.decided',
  'finance.invoice.raised',
  'finance.invoice.overdue',
  'finance.invoice.paid',
  'schemes.policy.changed',
] as const;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** IPv4 ranges no external system lives in: this host, private networks, link-local (cloud metadata), shared and unspecified. */
const INTERNAL_V4: [number, number][] = [
  [0x00000000, 8],
  [0x0a000000, 8],
  [0x64400000, 10],
  [0x7f000000, 8],
  [0xa9fe0000, 16],
  [0xac100000, 12],
  [0xc0a80000, 16],
];

function internalV4(address: string): boolean {
  const value = address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  return INTERNAL_V4.some(([base, bits]) => Math.floor(value / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits)));
}

/**
 * Whether a URL host is a literal loopback, private, link-local or unspecified address (or
 * `localhost`). Names are not resolved: this refuses the plain cases at registration.
 */
export function isInternalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return internalV4(host);
  if (isIP(host) !== 6) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (mapped) return internalV4(mapped[1]);
  // WHATWG URL writes a mapped IPv4 address in hex: ::ffff:7f00:1.
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (mappedHex) {
    const [hi, lo] = [parseInt(mappedHex[1], 16), parseInt(mappedHex[2], 16)];
    return internalV4(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  return host === '::' || host === '::1' || /^f[cd][0-9a-f]{2}:/.test(host) || /^fe[89ab][0-9a-f]:/.test(host);
}

/**
 * Checks an endpoint's URL and event types: https, or plain http to this machine where allowed
 * (development, tests). Where loopback is not allowed (production) an internal address is refused
 * outright: deliveries would otherwise let whoever registers endpoints probe our own network.
 */
export function checkEndpoint(input: { url: string; eventTypes: string[] }, allowLoopbackHttp: boolean): void {
  const violations = new Violations();
  let url: URL | null = null;
  try {
    url = new URL(input.url);
  } catch {
    violations.add('url', 'VALID_URL', 'must be an absolute URL');
  }
  if (url) {
    const loopback = LOOPBACK_HOSTS.has(url.hostname);
    if (url.protocol === 'http:' && !(allowLoopbackHttp && loopback)) violations.add('url', 'HTTPS', allowLoopbackHttp ? 'must use https (http only to the loopback interface)' : 'must use https');
    else if (url.protocol !== 'https:' && url.protocol !== 'http:') violations.add('url', 'HTTPS', 'must use https');
    if (!allowLoopbackHttp && isInternalHost(url.hostname)) violations.add('url', 'PUBLIC_HOST', 'must not point at a loopback, private or link-local address');
    if (url.username || url.password) violations.add('url', 'NO_CREDENTIALS', 'must not carry credentials; deliveries are signed instead');
  }
  if (input.eventTypes.length === 0) violations.add('eventTypes', 'REQUIRED', 'name at least one event type');
  const unknown = input.eventTypes.filter((t) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(t));
  if (unknown.length) violations.add('eventTypes', 'KNOWN_EVENT_TYPE', `unknown: ${unknown.join(', ')}; offered: ${WEBHOOK_EVENT_TYPES.join(', ')}`);
  violations.throwIfAny();
}
