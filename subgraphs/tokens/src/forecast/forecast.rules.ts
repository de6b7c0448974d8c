import { addDays } from '../../../../kit/dates';

/** Days of history the average daily consumption is taken over. */
export const FORECAST_WINDOW_DAYS = 30;

/** Beyond a century a run-out date means nothing (and would leave the calendar): shown as none. */
const MAX_RUN_OUT_DAYS = 36_500n;

export interface ForecastInput {
  /** Tokens in the wallet now (reserved ones included: they are as good as spent). */
  balance: number;
  /** Tokens consumed over the window. */
  consumedInWindow: number;
  windowDays: number;
  /** Today (YYYY-MM-DD), where the business runs. */
  today: string;
  horizonDays: number;
}

export interface Forecast {
  /** Average tokens consumed per day over the window, to two decimals (half up). */
  averageDailyConsumption: string;
  /** The day the balance is projected to run out, or null when nothing is consumed (or it is over 100 years away). */
  runOutDate: string | null;
  /** The balance projected at the horizon, never below 0. */
  projectedBalanceAtHorizon: number;
  method: string;
}

/**
 * Projects a wallet's balance from its recent consumption, in exact integer arithmetic (BigInt):
 * usage per day = consumed / windowDays; the balance runs out after ceil(balance × windowDays /
 * consumed) days (the first day the projected balance would not cover); at the horizon, what is
 * left is balance − ceil(consumed × horizonDays / windowDays), never below 0 (consumption rounded
 * up, so the projection errs on the side of running out sooner).
 */
export function forecastUsage(input: ForecastInput): Forecast {
  const { balance, consumedInWindow: consumed, windowDays, today, horizonDays } = input;
  const b = BigInt(balance);
  const c = BigInt(consumed);
  const w = BigInt(windowDays);
  const h = BigInt(horizonDays);
  const method =
    `Average daily consumption = tokens consumed in the last ${windowDays} days (${consumed}) / ${windowDays}. ` +
    `Run-out date = today + ceil(balance × ${windowDays} / consumed) days. ` +
    `Balance at horizon = balance − ceil(consumed × ${horizonDays} / ${windowDays}), not below 0. ` +
    'Exact integer arithmetic; consumption rounded up; the average shown to 2 decimals, half up. ' +
    'No consumption, or a run-out more than 100 years away: no run-out date.';
  if (c === 0n) {
    return { averageDailyConsumption: '0.00', runOutDate: null, projectedBalanceAtHorizon: balance, method };
  }
  const hundredths = (c * 100n * 2n + w) / (2n * w);
  const average = `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`;
  const daysLeft = ceilDiv(b * w, c);
  const used = ceilDiv(c * h, w);
  const left = b - used;
  return {
    averageDailyConsumption: average,
    runOutDate: daysLeft > MAX_RUN_OUT_DAYS ? null : addDays(today, Number(daysLeft)),
    projectedBalanceAtHorizon: Number(left > 0n ? left : 0n),
    method,
  };
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}
