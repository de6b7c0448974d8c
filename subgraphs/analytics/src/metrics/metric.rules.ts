/** A ratio in basis points (10000 = 100%), rounded half up; null when there is nothing to divide by. */
export function ratioBps(numerator: bigint | number, denominator: bigint | number): number | null {
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  if (d <= 0n) return null;
  return Number((n * 10_000n * 2n + d) / (2n * d));
}

/** A whole-second average, rounded half up; null over nothing. */
export function averageSeconds(totalSeconds: bigint | number, count: bigint | number): number | null {
  const t = BigInt(totalSeconds);
  const c = BigInt(count);
  if (c <= 0n) return null;
  return Number((t * 2n + c) / (2n * c));
}

/** The largest span a series may be asked for, in days. */
export const MAX_RANGE_DAYS = 731;
