import type { EntityManager } from 'typeorm';
import { minorFromSql } from '../../../../kit/money';
import type { UtilisationDelta, UtilisationFacts } from '../adjudication/engine/types';

/**
 * The benefit utilisation ledger, read and moved inside the caller's transaction. Every change
 * for a family happens under that family's lock (`lockFamily`), taken before the ledger is read
 * and held until commit: claims of one family are adjudicated one after another, so two of them
 * can never both spend what is left of a shared limit, while other families run in parallel.
 */

type Counts = Record<string, number>;

interface BenefitRow {
  member_id: string;
  benefit_id: string;
  amount_minor: string;
  sub_limits: Counts;
  quantities: Counts;
  visits: number;
  deductible_met_minor: string;
}

/** Why the ledger moved, for the movement journal. */
export interface LedgerMovement {
  claimId: string;
  adjudicationId: string;
  /** +1 when a decision pays, -1 when it is reversed. */
  direction: 1 | -1;
  reason: string;
}

export function emptyUtilisation(): UtilisationFacts {
  return {
    benefitMemberMinor: {},
    benefitFamilyMinor: {},
    subLimitMemberMinor: {},
    quantityUsed: {},
    visitsUsed: {},
    deductibleMetMinor: {},
    overallMemberMinor: 0,
    overallFamilyMinor: 0,
  };
}

/**
 * Waits for, then holds until the transaction ends, the lock on one family's utilisation. Call it
 * before reading the ledger for a decision; every path that moves the ledger takes it.
 */
export async function lockFamily(manager: EntityManager, familyId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`claims-utilisation-family:${familyId}`]);
}

/** What the member and the family have used in the benefit period starting `periodStart`. */
export async function utilisationFacts(manager: EntityManager, memberId: string, familyId: string, periodStart: string): Promise<UtilisationFacts> {
  const facts = emptyUtilisation();
  const rows: BenefitRow[] = await manager.query(
    `SELECT member_id, benefit_id, amount_minor, sub_limits, quantities, visits, deductible_met_minor
     FROM benefit_utilisation WHERE family_id = $1 AND period_start = $2`,
    [familyId, periodStart],
  );
  for (const row of rows) {
    const amount = minorFromSql(row.amount_minor);
    facts.benefitFamilyMinor[row.benefit_id] = (facts.benefitFamilyMinor[row.benefit_id] ?? 0) + amount;
    if (row.member_id !== memberId) continue;
    facts.benefitMemberMinor[row.benefit_id] = amount;
    facts.visitsUsed[row.benefit_id] = row.visits;
    facts.deductibleMetMinor[row.benefit_id] = minorFromSql(row.deductible_met_minor);
    Object.assign(facts.subLimitMemberMinor, row.sub_limits);
    Object.assign(facts.quantityUsed, row.quantities);
  }
  const totals: { scope: string; amount_minor: string }[] = await manager.query(
    `SELECT scope, amount_minor FROM utilisation_totals
     WHERE period_start = $3 AND ((scope = 'MEMBER' AND owner_id = $1) OR (scope = 'FAMILY' AND owner_id = $2))`,
    [memberId, familyId, periodStart],
  );
  for (const total of totals) {
    if (total.scope === 'MEMBER') facts.overallMemberMinor = minorFromSql(total.amount_minor);
    else facts.overallFamilyMinor = minorFromSql(total.amount_minor);
  }
  return facts;
}

function addCounts(base: Counts, delta: Counts, sign: number): Counts {
  const sum: Counts = { ...base };
  for (const [key, value] of Object.entries(delta)) {
    const next = (sum[key] ?? 0) + sign * value;
    if (next === 0) delete sum[key];
    else sum[key] = next;
  }
  return sum;
}

/**
 * Moves the ledger by a decision's deltas (direction +1), or back by them (-1), journalling each
 * movement. The caller holds the family's lock. A movement that would take any figure below zero
 * fails the transaction (the table's checks), so a reversal can never give back more than was used.
 */
export async function moveLedger(manager: EntityManager, deltas: readonly UtilisationDelta[], movement: LedgerMovement): Promise<void> {
  const sign = movement.direction;
  for (const delta of deltas) {
    const [current]: BenefitRow[] = await manager.query(
      `SELECT member_id, benefit_id, amount_minor, sub_limits, quantities, visits, deductible_met_minor
       FROM benefit_utilisation WHERE member_id = $1 AND benefit_id = $2 AND period_start = $3`,
      [delta.memberId, delta.benefitId, delta.periodStart],
    );
    const amount = minorFromSql(current?.amount_minor) + sign * delta.amountMinor;
    const visits = (current?.visits ?? 0) + sign * delta.visits;
    const deductible = minorFromSql(current?.deductible_met_minor) + sign * delta.deductibleMinor;
    await manager.query(
      `INSERT INTO benefit_utilisation (member_id, family_id, benefit_id, period_start, period_end, amount_minor, sub_limits, quantities,
                                        visits, deductible_met_minor)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (member_id, benefit_id, period_start) DO UPDATE SET
         amount_minor = EXCLUDED.amount_minor, sub_limits = EXCLUDED.sub_limits, quantities = EXCLUDED.quantities,
         visits = EXCLUDED.visits, deductible_met_minor = EXCLUDED.deductible_met_minor, updated_at = now()`,
      [
        delta.memberId,
        delta.familyId,
        delta.benefitId,
        delta.periodStart,
        delta.periodEnd,
        amount,
        JSON.stringify(addCounts(current?.sub_limits ?? {}, delta.subLimits, sign)),
        JSON.stringify(addCounts(current?.quantities ?? {}, delta.quantities, sign)),
        visits,
        deductible,
      ],
    );
    for (const [scope, owner] of [['MEMBER', delta.memberId], ['FAMILY', delta.familyId]] as const) {
      // Created at zero, then moved: a proposed row must pass the checks even when it conflicts.
      await manager.query(
        `INSERT INTO utilisation_totals (scope, owner_id, period_start, period_end, amount_minor) VALUES ($1, $2, $3, $4, 0)
         ON CONFLICT (scope, owner_id, period_start) DO NOTHING`,
        [scope, owner, delta.periodStart, delta.periodEnd],
      );
      await manager.query(
        `UPDATE utilisation_totals SET amount_minor = amount_minor + $4, updated_at = now() WHERE scope = $1 AND owner_id = $2 AND period_start = $3`,
        [scope, owner, delta.periodStart, sign * delta.amountMinor],
      );
    }
    await manager.query(
      `INSERT INTO utilisation_movements (claim_id, adjudication_id, direction, member_id, family_id, benefit_id, period_start, period_end,
                                          amount_minor, sub_limits, quantities, visits, deductible_minor, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        movement.claimId,
        movement.adjudicationId,
        sign,
        delta.memberId,
        delta.familyId,
        delta.benefitId,
        delta.periodStart,
        delta.periodEnd,
        delta.amountMinor,
        JSON.stringify(delta.subLimits),
        JSON.stringify(delta.quantities),
        delta.visits,
        delta.deductibleMinor,
        movement.reason,
      ],
    );
  }
}
