import { createHash, randomBytes } from 'node:crypto';
import { registerEnumType } from 'type-graphql';
import type { MetricSample } from '../../metric/metric.rules';

export enum DeviceProvider {
  FITBIT = 'FITBIT',
  GOOGLE_FIT = 'GOOGLE_FIT',
  APPLE_HEALTH = 'APPLE_HEALTH',
}
registerEnumType(DeviceProvider, { name: 'DeviceProvider', description: 'A source of health data a member can connect.' });

/** Tokens a provider issued for one member. */
export interface SourceTokens {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date | null;
  externalUserId: string | null;
}

/** What a member's browser needs to start authorising, and what we keep until the callback. */
export interface AuthorisationStart {
  state: string;
  codeVerifier: string | null;
  url: string;
}

/**
 * One health-data source. OAuth sources (Fitbit, Google Fit) authorise, exchange, refresh, fetch
 * and revoke over HTTP; Apple Health has no server API, so its data is pushed by the member app
 * and `parsePush` reads that payload. The services speak to sources only through this.
 */
export interface DeviceSourceAdapter {
  readonly provider: DeviceProvider;
  /** Whether data arrives by the member app pushing it rather than by our fetching it. */
  readonly pushed: boolean;
  /** The provider's authorisation URL for this state (and PKCE challenge, where the provider uses one). */
  startAuthorisation(redirectUri: string): AuthorisationStart;
  /** Exchanges an authorisation code for tokens (OAuth 2 authorisation-code grant). */
  exchangeCode(code: string, codeVerifier: string | null, redirectUri: string): Promise<SourceTokens>;
  refresh(refreshToken: string): Promise<SourceTokens>;
  /** Readings of every supported metric for the days `from`..`to` (inclusive, YYYY-MM-DD). */
  fetchMetrics(accessToken: string, from: string, to: string): Promise<MetricSample[]>;
  /** Reads a payload the member app pushed; throws a SourceError naming what is wrong. */
  parsePush(payload: unknown): MetricSample[];
  revoke(token: string): Promise<void>;
}

/**
 * A provider answered with an error or could not be reached. `unauthorised` when it refused the
 * token (a revoked or expired grant): the connection then needs the member to authorise again.
 */
export class SourceError extends Error {
  constructor(
    readonly provider: DeviceProvider,
    message: string,
    readonly status?: number,
  ) {
    super(`${provider}: ${message}`);
    this.name = 'SourceError';
  }

  /** OAuth answers a refused grant with 400 invalid_grant, an API a refused token with 401. */
  get unauthorised(): boolean {
    return this.status === 401 || this.status === 400;
  }
}

/** Calls a provider and reads its JSON answer within `timeoutMs`; every failure is a SourceError. */
export async function callSource<T>(provider: DeviceProvider, url: string, init: RequestInit, what: string, timeoutMs: number): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    throw new SourceError(provider, timedOut ? `${what} got no answer within ${timeoutMs} ms` : `${what} could not reach the provider: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) throw new SourceError(provider, `${what} failed with HTTP ${response.status}: ${text.slice(0, 300)}`, response.status);
  if (!text) return {} as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new SourceError(provider, `${what} answered with something other than JSON`, response.status);
  }
}

/** A random state (CSRF) and a PKCE verifier with its S256 challenge (RFC 7636). */
/**
 * The start of an OAuth 2 authorisation-code grant with PKCE (S256): a fresh state and code
 * verifier, and the provider's authorisation URL carrying them (plus any parameters of its own).
 */
export function pkceAuthorisation(authorizeUrl: string, clientId: string, redirectUri: string, scope: string, extra: Record<string, string> = {}): AuthorisationStart {
  const state = randomBytes(24).toString('base64url');
  const codeVerifier = randomBytes(48).toString('base64url');
  const url = new URL(authorizeUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope,
    state,
    code_challenge: pkceChallenge(codeVerifier),
    code_challenge_method: 'S256',
    ...extra,
  }).toString();
  return { state, codeVerifier, url: url.toString() };
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** An OAuth token answer as both Fitbit and Google send it. */
export interface OAuthTokenAnswer {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
  user_id?: string;
}

export function tokensFrom(answer: OAuthTokenAnswer, previousRefreshToken: string | null = null): SourceTokens {
  return {
    accessToken: answer.access_token,
    // Google does not always send a new refresh token on refresh: the old one stays valid.
    refreshToken: answer.refresh_token ?? previousRefreshToken,
    expiresAt: answer.expires_in ? new Date(Date.now() + answer.expires_in * 1000) : null,
    externalUserId: answer.user_id ?? null,
  };
}

/** Midnight UTC of a day: the instant daily totals are stored at. */
export function startOfDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}
