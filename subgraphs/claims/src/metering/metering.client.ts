import http from 'node:http';
import https from 'node:https';
import { signMeteringRequest } from '../../../../kit/auth/metering-signature';

export const OPERATION = 'claims.submission';

export type ReserveAnswer =
  | { kind: 'NOT_METERED' }
  | { kind: 'HELD'; reservationId: string; walletId: string; tokens: number }
  | { kind: 'INSUFFICIENT'; walletId: string; requested: number; available: number; shortfall: number };

/** The tokens service did not answer, or not as agreed. */
export class MeteringUnavailable extends Error {
  constructor(reason: string) {
    super(`token metering unavailable: ${reason}`);
  }
}

/**
 * Calls the tokens service's metering routes, signed with the shared secret (see
 * `kit/auth/metering-signature`). Connections are kept alive (a claim costs one round trip, not a
 * TCP handshake too) and every call has a short timeout.
 */
export class MeteringClient {
  private readonly agent: http.Agent;

  constructor(private readonly options: { url: string; secret: string; timeoutMs: number }) {
    const Agent = options.url.startsWith('https:') ? https.Agent : http.Agent;
    this.agent = new Agent({ keepAlive: true, maxSockets: 64 });
  }

  /**
   * Holds a claim's tokens. Only a HELD reservation lets the claim be written: claim ids are new
   * for each submission, so even a replayed reserve finds its reservation still HELD, and one
   * already consumed, released or expired holds nothing for a claim not yet written.
   */
  async reserve(companyId: string, claimId: string): Promise<ReserveAnswer> {
    const { status, body } = await this.post('/metering/reservations', { companyId, operation: OPERATION, reference: claimId });
    if (status === 200 && body.metered === false) return { kind: 'NOT_METERED' };
    if (status === 201 && body.status === 'HELD' && typeof body.reservationId === 'string') {
      return { kind: 'HELD', reservationId: body.reservationId, walletId: String(body.walletId), tokens: Number(body.tokens) };
    }
    if (status === 409 && body.code === 'INSUFFICIENT_TOKENS') {
      return { kind: 'INSUFFICIENT', walletId: String(body.walletId), requested: Number(body.requested), available: Number(body.available), shortfall: Number(body.shortfall) };
    }
    throw new MeteringUnavailable(status === 201 ? `reserve answered a reservation that is ${String(body.status)}, not HELD` : `reserve answered ${status}`);
  }

  /** Gives back what was reserved for a claim that was not written (nothing, when nothing was). */
  async release(claimId: string): Promise<void> {
    const { status } = await this.post('/metering/reservations/release', { operation: OPERATION, reference: claimId });
    if (status !== 200) throw new MeteringUnavailable(`release answered ${status}`);
  }

  close(): void {
    this.agent.destroy();
  }

  /**
   * Both routes are idempotent on (operation, reference), so a request whose connection was reset
   * is sent once more: a kept-alive socket the server closed just as it was reused resets so.
   */
  private async post(path: string, payload: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    try {
      return await this.send(path, payload);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') throw unavailable(error);
      try {
        return await this.send(path, payload);
      } catch (again) {
        throw unavailable(again);
      }
    }
  }

  private send(path: string, payload: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const body = JSON.stringify(payload);
    const url = new URL(path, `${this.options.url}/`);
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const request = transport.request(
        url,
        {
          method: 'POST',
          agent: this.agent,
          timeout: this.options.timeoutMs,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...signMeteringRequest(this.options.secret, 'POST', path, body) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            clearTimeout(deadline);
            try {
              resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') });
            } catch {
              reject(new MeteringUnavailable(`answered ${response.statusCode} with a body that is not JSON`));
            }
          });
          response.on('error', reject);
        },
      );
      // The socket timeout covers idle sockets; this one covers a slow answer as a whole.
      const deadline = setTimeout(() => request.destroy(new MeteringUnavailable(`no answer within ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
      request.on('timeout', () => request.destroy(new MeteringUnavailable(`no answer within ${this.options.timeoutMs} ms`)));
      request.on('error', (error) => {
        clearTimeout(deadline);
        reject(error);
      });
      request.end(body);
    });
  }
}

function unavailable(error: unknown): MeteringUnavailable {
  return error instanceof MeteringUnavailable ? error : new MeteringUnavailable(error instanceof Error ? error.message : String(error));
}
