import type { ValueTransformer } from 'typeorm';

/** BIGINT token amounts: pg returns BIGINT as a string; amounts stay within JavaScript's safe integers. */
export const tokenAmountColumn: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => {
    if (value === null || value === undefined) return value;
    const amount = Number(value);
    if (!Number.isSafeInteger(amount)) throw new RangeError(`token amount ${value} is out of range`);
    return amount;
  },
};

/** Who acts when the platform itself moves tokens (jobs, other domains' events). */
export const SYSTEM_ACTOR = 'system:tokens';
