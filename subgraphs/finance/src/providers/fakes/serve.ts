import { startDevelopmentProviderFakes } from './development';

/**
 * Runs the three provider stand-ins on their own, for a finance subgraph started separately, and
 * prints the settings that point it at them (`npm start` does this by itself in development):
 *   node -r @swc-node/register subgraphs/finance/src/providers/fakes/serve.ts
 * An M-Pesa push is answered with `POST <mpesa url>/__fake/stk/<CheckoutRequestID>/complete`.
 */
async function main(): Promise<void> {
  const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  const fakes = await startDevelopmentProviderFakes(process.env.FINANCE_PUBLIC_URL ?? 'http://127.0.0.1:4004', {
    mpesa: port('FAKE_MPESA_PORT', 4901),
    stripe: port('FAKE_STRIPE_PORT', 4902),
    paypal: port('FAKE_PAYPAL_PORT', 4903),
  });
  process.stdout.write(`${Object.entries(fakes.settings).map(([k, v]) => `export ${k}=${v}`).join('\n')}\n`);
}

void main();
