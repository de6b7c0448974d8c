import { startFakeServer, type FakeRequest, type FakeResponse, type RunningFake } from '../../../../kit/fake-server';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from './webhook.signature';

/** An external system receiving our webhooks: it verifies each signature as an integrator would. */
export class FakeReceiver {
  /** Bodies whose signature checked out, in arrival order. */
  readonly verified: string[] = [];
  /** Deliveries refused for a bad or missing signature. */
  refused = 0;
  /** The secret to check signatures with (known once the endpoint is registered). */
  secret = '';
  /** Answer every delivery with this status while set. */
  failAlways: number | null = null;
  /** Runs once a signature checks out, before the answer: a slow receiver, or something happening meanwhile. */
  whileReceiving: (() => Promise<void>) | null = null;
  private readonly failures: number[] = [];
  private server: RunningFake | undefined;

  constructor(private readonly nowMs: () => number) {}

  get url(): string {
    return `${this.server!.url}/hooks/mcs`;
  }

  async start(): Promise<this> {
    this.server = await startFakeServer((request) => this.receive(request));
    return this;
  }

  close(): Promise<void> {
    return this.server?.close() ?? Promise.resolve();
  }

  /** Answer the next `times` deliveries with this status. */
  failNext(times: number, status = 503): void {
    for (let i = 0; i < times; i += 1) this.failures.push(status);
  }

  private async receive(request: FakeRequest): Promise<FakeResponse> {
    const timestamp = request.headers[TIMESTAMP_HEADER.toLowerCase()] as string | undefined;
    const signature = request.headers[SIGNATURE_HEADER.toLowerCase()] as string | undefined;
    if (!verifyWebhookSignature(this.secret, timestamp, signature, request.body, Math.floor(this.nowMs() / 1000))) {
      this.refused += 1;
      return { status: 401, body: { error: 'bad signature' } };
    }
    if (this.whileReceiving) await this.whileReceiving();
    const failure = this.failAlways ?? this.failures.shift();
    if (failure) return { status: failure, body: { error: 'unavailable' } };
    this.verified.push(request.body);
    return { status: 200, body: { ok: true } };
  }
}
