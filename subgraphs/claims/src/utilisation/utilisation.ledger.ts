import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../../../../kit/database';
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
  amount_minor: string | number;
  sub_limits: Counts;
  quantities: Counts;
  visits: number;
  deductible_met_minor: string | number;
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

/** SQL that waits for, then holds until the transaction ends, the lock on the family `family` (a text expression) names. */
export function familyLockSql(family: string): string {
  return `pg_advisory_xact_lock(hashtextextended('claims-utilisation-family:' || ${family}, 0))`;
}

/**
 * Waits for, then holds until the transaction ends, the lock on one family's utilisation. Call it
 * before reading the ledger for a decision; every path that moves the ledger takes it.
 */
export async function lockFamily(manager: EntityManager, familyId: string): Promise<void> {
  await manager.query(`SELECT ${familyLockSql('$1::text')}`, [familyId]);
}

/**
 * SQL giving, as two json arrays `benefits` and `totals`, a family's ledger rows for the benefit
 * period starting on `periodStart`: what `utilisationFromRows` reads. The arguments are SQL expressions.
 */
export function utilisationRowsSql(member: string, family: string, periodStart: string): string {
  return `(SELECT COALESCE(json_agg(b), '[]') FROM (
             SELECT member_id, benefit_id, amount_minor, sub_limits, quantities, visits, deductible_met_minor
             FROM benefit_utilisation WHERE family_id = ${family} AND period_start = ${periodStart}) b) AS benefits,
          (SELECT COALESCE(json_agg(t), '[]') FROM (
             SELECT scope, amount_minor FROM utilisation_totals
             WHERE period_start = ${periodStart} AND ((scope = 'MEMBER' AND owner_id = ${member}) OR (scope = 'FAMILY' AND owner_id = ${family}))) t) AS totals`;
}

export interface UtilisationRows {
  benefits: BenefitRow[];
  totals: { scope: string; amount_minor: string | number }[];
}

/** What the member and the family have used, from the rows `utilisationRowsSql` selects. */
export function utilisationFromRows(memberId: string, rows: UtilisationRows): UtilisationFacts {
  const facts = emptyUtilisation();
  for (const row of rows.benefits) {
    const amount = minorFromSql(row.amount_minor);
    facts.benefitFamilyMinor[row.benefit_id] = (facts.benefitFamilyMinor[row.benefit_id] ?? 0) + amount;
    if (row.member_id !== memberId) continue;
    facts.benefitMemberMinor[row.benefit_id] = amount;
    facts.visitsUsed[row.benefit_id] = row.visits;
    facts.deductibleMetMinor[row.benefit_id] = minorFromSql(row.deductible_met_minor);
    Object.assign(facts.subLimitMemberMinor, row.sub_limits);
    Object.assign(facts.quantityUsed, row.quantities);
  }
  for (const total of rows.totals) {
    if (total.scope === 'MEMBER') facts.overallMemberMinor = minorFromSql(total.amount_minor);
    else facts.overallFamilyMinor = minorFromSql(total.amount_minor);
  }
  return facts;
}

/**
 * Moves the ledger by a decision's deltas (direction +1), or back by them (-1), journalling each
 * movement, in one statement (`claims_move_utilisation`). The caller holds the family's lock. A
 * movement that would take any figure below zero fails the transaction (the tables' checks), so
 * a reversal can never give back more than was used.
 */
export async function moveLedger(manager: EntityManager, deltas: readonly UtilisationDelta[], movement: LedgerMovement): Promise<void> {
  if (deltas.length === 0) return;
  await preparedQuery(manager, 'SELECT claims_move_utilisation($1::jsonb, $2, $3, $4, $5)', [
    JSON.stringify(deltas),
    movement.claimId,
    movement.adjudicationId,
    movement.direction,
    movement.reason,
  ]);
}
