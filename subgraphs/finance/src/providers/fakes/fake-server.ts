import { randomBytes } from 'node:crypto';

// The server itself is the kit's, shared with the other domains' stand-ins.
export { startFakeServer, type FakeRequest, type FakeResponse, type RunningFake } from '../../../../../kit/fake-server';

/** The credentials of an `Authorization: Basic` header, or null. */
export function basicCredentials(header: string | undefined): { user: string; password: string } | null {
  if (!header?.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

let sequence = 0;
/** A provider-looking id that no other call of this process returns. */
export function fakeId(prefix: string, length = 14): string {
  sequence += 1;
  const random = randomBytes(12).toString('hex');
  return `${prefix}${`${Date.now().toString(36)}${sequence.toString(36)}${random}`.slice(0, length).toUpperCase()}`;
}

/** Posts a body to a URL as a provider would, returning the status and the answer. */
export async function deliver(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed };
}
