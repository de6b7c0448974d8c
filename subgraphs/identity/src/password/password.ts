import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt. The stored string names the algorithm and its parameters
 * (`scrypt$<log2 N>$<r>$<p>$<salt>$<key>`, salt and key in base64url), so the cost can be raised
 * later and old hashes still verify; `needsRehash` says when one should be replaced.
 */
export const PASSWORD_HASH_COST = 15;
/** The lowest cost accepted (tests only: production refuses less than the default). */
export const MIN_PASSWORD_HASH_COST = 10;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_LENGTH = 64;
const SALT_LENGTH = 16;

export interface ScryptParameters {
  /** log2 of N, the CPU and memory cost. */
  cost: number;
  blockSize: number;
  parallelism: number;
}

function derive(password: string, salt: Buffer, params: ScryptParameters, keyLength: number): Promise<Buffer> {
  const N = 2 ** params.cost;
  // scrypt needs 128 * N * r bytes; node refuses more than 32 MiB unless told.
  const options: ScryptOptions = { N, r: params.blockSize, p: params.parallelism, maxmem: 256 * N * params.blockSize + 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFKC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** Hashes a password with a fresh salt at the given cost (log2 N). */
export async function hashPassword(password: string, cost: number = PASSWORD_HASH_COST): Promise<string> {
  if (!Number.isInteger(cost) || cost < MIN_PASSWORD_HASH_COST || cost > 22) throw new RangeError(`scrypt cost must be between ${MIN_PASSWORD_HASH_COST} and 22 (got ${cost})`);
  const params = { cost, blockSize: BLOCK_SIZE, parallelism: PARALLELISM };
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, params, KEY_LENGTH);
  return ['scrypt', cost, BLOCK_SIZE, PARALLELISM, salt.toString('base64url'), key.toString('base64url')].join('$');
}

interface ParsedHash extends ScryptParameters {
  salt: Buffer;
  key: Buffer;
}

/** The parameters a stored hash was made with, or null when it is not one of ours. */
export function parsePasswordHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [cost, blockSize, parallelism] = parts.slice(1, 4).map(Number);
  const ok = [cost, blockSize, parallelism].every(Number.isInteger) && cost >= MIN_PASSWORD_HASH_COST && cost <= 22 && blockSize >= 1 && blockSize <= 32 && parallelism >= 1 && parallelism <= 16;
  if (!ok) return null;
  const salt = Buffer.from(parts[4], 'base64url');
  const key = Buffer.from(parts[5], 'base64url');
  if (salt.length < 16 || key.length < 32) return null;
  return { cost, blockSize, parallelism, salt, key };
}

/** Whether the password matches the stored hash (compared in constant time). A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed, parsed.key.length);
  return timingSafeEqual(key, parsed.key);
}

/** Whether a stored hash was made with less than the current cost (rehash it at the next sign-in). */
export function needsRehash(stored: string, cost: number = PASSWORD_HASH_COST): boolean {
  const parsed = parsePasswordHash(stored);
  return !parsed || parsed.cost < cost || parsed.blockSize !== BLOCK_SIZE || parsed.parallelism !== PARALLELISM || parsed.key.length !== KEY_LENGTH;
}
