import { startFakeDeviceApis } from './device-apis.fake';
import { fakeSourceEnv } from '../testing';

/**
 * Runs the Fitbit and Google Fit stand-in on its own, for a wellness subgraph started separately,
 * and prints the settings that point it there:
 *   node -r @swc-node/register subgraphs/wellness/src/fakes/serve.ts
 */
async function main(): Promise<void> {
  const fake = await startFakeDeviceApis(Number(process.env.FAKE_DEVICE_APIS_PORT ?? 4911));
  process.stdout.write(`${Object.entries(fakeSourceEnv(fake)).map(([k, v]) => `export ${k}=${v}`).join('\n')}\n`);
}

void main();
