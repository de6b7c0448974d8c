import type { DataSource } from 'typeorm';
import { isIsoDate } from '../../../../kit/dates';
import { ValidationError } from '../../../../kit/errors';
import { uuidsOf } from '../../../../kit/ids';
import { minorFromSql, Money } from '../../../../kit/money';
import { coverageFactsOf, memberFactsOf } from '../readmodel/read-model.queries';
import { BenefitUtilisation, UtilisationLimitScope } from './benefit-utilisation';

interface UsageRow {
  member_id: string;
  family_id: string;
  benefit_id: string;
  period_start: string;
  amount_minor: string;
  visits: number;
  deductible_met_minor: string;
}

/** Benefit balances for people: what each benefit allows, and what the ledger says is used. */
export class UtilisationService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The balances of each member's benefits in the period containing `on`, for many members in a
   * fixed number of statements. Members without known cover get an empty list.
   */
  async balancesFor(memberIds: readonly string[], on: string): Promise<Map<string, BenefitUtilisation[]>> {
    if (!isIsoDate(on)) throw new ValidationError([{ field: 'on', rule: 'VALID_DATE', message: 'must be a date (YYYY-MM-DD)' }]);
    const ids = uuidsOf(memberIds);
    const manager = this.dataSource.manager;
    const [members, coverage] = await Promise.all([memberFactsOf(manager, ids), coverageFactsOf(manager, ids, on)]);
    const families = [...new Set(ids.map((id) => members.get(id)?.familyId ?? id))];
    const periods = [...new Set([...coverage.values()].map((c) => c.period.start))];
    const rows: UsageRow[] =
      families.length === 0 || periods.length === 0
        ? []
        : await manager.query(
            `SELECT member_id, family_id, benefit_id, period_start::text, amount_minor, visits, deductible_met_minor
             FROM benefit_utilisation WHERE family_id = ANY($1::uuid[]) AND period_start = ANY($2::date[])`,
            [families, periods],
          );
    const balances = new Map<string, BenefitUtilisation[]>();
    for (const memberId of memberIds) {
      const cover = coverage.get(memberId);
      if (!cover) {
        balances.set(memberId, []);
        continue;
      }
      const familyId = members.get(memberId)?.familyId ?? memberId;
      const inPeriod = rows.filter((r) => r.family_id === familyId && r.period_start === cover.period.start);
      const money = (minor: number) => Money.of(minor, cover.currency);
      balances.set(
        memberId,
        cover.benefits.map((benefit) => {
          const own = inPeriod.find((r) => r.member_id === memberId && r.benefit_id === benefit.id);
          const memberUsed = minorFromSql(own?.amount_minor);
          const familyUsed = inPeriod.filter((r) => r.benefit_id === benefit.id).reduce((sum, r) => sum + minorFromSql(r.amount_minor), 0);
          const used = benefit.limitScope === 'FAMILY' ? familyUsed : memberUsed;
          const balance = new BenefitUtilisation();
          Object.assign(balance, {
            benefitId: benefit.id,
            benefitCode: benefit.code,
            benefitName: benefit.name,
            category: benefit.category,
            limitScope: benefit.limitScope === 'FAMILY' ? UtilisationLimitScope.FAMILY : UtilisationLimitScope.INDIVIDUAL,
            periodStart: cover.period.start,
            periodEnd: cover.period.end,
            limit: money(benefit.annualLimitMinor),
            used: money(used),
            memberUsed: money(memberUsed),
            remaining: money(Math.max(benefit.annualLimitMinor - used, 0)),
            visitsUsed: own?.visits ?? 0,
            maxVisits: benefit.maxVisitsPerPeriod ?? null,
            deductible: money(benefit.deductibleMinor),
            deductibleMet: money(minorFromSql(own?.deductible_met_minor)),
          });
          return balance;
        }),
      );
    }
    return balances;
  }
}
