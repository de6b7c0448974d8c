import { TOTP_STEP_SECONDS, totpCode } from '../subgraphs/identity/src/totp/totp';

/**
 * Prints the current TOTP code of a base32 secret (a demo staff user's, from the start-up banner):
 *   node -r @swc-node/register scripts/totp.ts <secret>
 * The code alone goes to stdout, so scripts can capture it; how long it lasts goes to stderr.
 */
function main(): void {
  const secret = process.argv[2];
  if (!secret) {
    process.stderr.write('usage: node -r @swc-node/register scripts/totp.ts <base32 secret>\n');
    process.exit(2);
  }
  let code: string;
  try {
    code = totpCode(secret);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  const left = TOTP_STEP_SECONDS - (Math.floor(Date.now() / 1000) % TOTP_STEP_SECONDS);
  process.stdout.write(`${code}\n`);
  process.stderr.write(`(valid for another ${left} s, and the next 30 s)\n`);
}

main();
