import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../../../../kit/database';
import { minorFromSql } from '../../../../kit/money';

/**
 * A provider's running totals (`provider_claim_days`, `provider_service_prices`): how many claims
 * it has per service date and what it bills per service code and date. The risk rules read them
 * instead of the provider's claims, so a decision costs the same at a hospital with a hundred
 * thousand claims as at a new clinic.
 */

export interface ClaimActivity {
  providerId: string;
  serviceDate: string;
  lines: readonly { serviceCode: string; unitPriceMinor: number }[];
}

/**
 * Counts a stored claim in its provider's totals. Send it last before the commit: the rows it
 * updates are shared by every claim of the provider on that day, and are locked until then.
 * Rows are touched in one order (the day, then codes sorted) so two claims cannot deadlock.
 */
export async function countProviderActivity(manager: EntityManager, claim: ClaimActivity): Promise<void> {
  const byCode = new Map<string, { lines: number; totalMinor: number }>();
  for (const line of claim.lines) {
    const sum = byCode.get(line.serviceCode) ?? { lines: 0, totalMinor: 0 };
    byCode.set(line.serviceCode, { lines: sum.lines + 1, totalMinor: sum.totalMinor + line.unitPriceMinor });
  }
  const codes = [...byCode.keys()].sort();
  await preparedQuery(
    manager,
    `WITH day AS (
       INSERT INTO provider_claim_days AS d (provider_id, service_date, claims) VALUES ($1, $2, 1)
       ON CONFLICT (provider_id, service_date) DO UPDATE SET claims = d.claims + 1
     )
     INSERT INTO provider_service_prices AS p (provider_id, service_code, service_date, lines, unit_price_total_minor)
     SELECT $1, code, $2, lines, total FROM unnest($3::text[], $4::int[], $5::bigint[]) WITH ORDINALITY AS u(code, lines, total, n)
     ORDER BY n
     ON CONFLICT (provider_id, service_code, service_date)
     DO UPDATE SET lines = p.lines + EXCLUDED.lines, unit_price_total_minor = p.unit_price_total_minor + EXCLUDED.unit_price_total_minor`,
    [claim.providerId, claim.serviceDate, codes, codes.map((c) => byCode.get(c)!.lines), codes.map((c) => byCode.get(c)!.totalMinor)],
  );
}

/**
 * SQL giving a provider's claims per service date between two dates (`provider_claims_by_day`, a
 * json object) and per service code its lines and unit prices summed between two dates
 * (`provider_prices`). The arguments are SQL expressions.
 */
export function providerActivitySql(provider: string, daysFrom: string, pricesFrom: string, to: string, codes: string): string {
  return `(SELECT COALESCE(json_object_agg(service_date, claims), '{}') FROM provider_claim_days
           WHERE provider_id = ${provider} AND service_date BETWEEN ${daysFrom} AND ${to}) AS provider_claims_by_day,
          (SELECT COALESCE(json_object_agg(service_code, json_build_array(lines, total)), '{}') FROM (
             SELECT service_code, sum(lines) AS lines, sum(unit_price_total_minor) AS total FROM provider_service_prices
             WHERE provider_id = ${provider} AND service_code = ANY(${codes}) AND service_date BETWEEN ${pricesFrom} AND ${to}
             GROUP BY service_code) s) AS provider_prices`;
}

export interface ProviderActivityRows {
  provider_claims_by_day: Record<string, number>;
  provider_prices: Record<string, [number | string, number | string]>;
}

/**
 * The provider's other claims per day and its average unit price per code, from the totals.
 * `own` is this claim when the totals already count it (a claim decided after its submission
 * committed), so it is taken out again; a claim decided in its submission is not yet counted.
 */
export function providerActivityOf(rows: ProviderActivityRows, own: ClaimActivity | null): { claimsByDay: Record<string, number>; averages: Record<string, number> } {
  const claimsByDay = { ...rows.provider_claims_by_day };
  const prices = new Map(Object.entries(rows.provider_prices).map(([code, [lines, total]]) => [code, { lines: Number(lines), totalMinor: minorFromSql(total) }]));
  if (own) {
    if (claimsByDay[own.serviceDate]) claimsByDay[own.serviceDate] -= 1;
    for (const line of own.lines) {
      const sum = prices.get(line.serviceCode);
      if (sum) prices.set(line.serviceCode, { lines: sum.lines - 1, totalMinor: sum.totalMinor - line.unitPriceMinor });
    }
  }
  const averages: Record<string, number> = {};
  for (const [code, sum] of prices) if (sum.lines > 0) averages[code] = Math.round(sum.totalMinor / sum.lines);
  for (const [day, claims] of Object.entries(claimsByDay)) if (claims <= 0) delete claimsByDay[day];
  return { claimsByDay, averages };
}
