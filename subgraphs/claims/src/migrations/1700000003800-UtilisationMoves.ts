import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Moving the utilisation ledger in one round trip: `claims_move_utilisation` applies a decision's
 * deltas (or takes them back) to the member's benefit row and the member's and family's overall
 * totals, and journals each movement. Callers hold the family's lock, so a row's update-or-insert
 * cannot race; the tables' checks still refuse any figure going below zero.
 */
export class UtilisationMoves1700000003800 implements MigrationInterface {
  name = 'UtilisationMoves1700000003800';

  async up(runner: QueryRunner): Promise<void> {
    // Adds (sign 1) or takes away (sign -1) counts per key; a key that reaches zero is dropped.
    await runner.query(`
      CREATE FUNCTION claims_add_counts(base jsonb, delta jsonb, sign int) RETURNS jsonb
      LANGUAGE sql IMMUTABLE AS $$
        SELECT COALESCE(jsonb_object_agg(key, total) FILTER (WHERE total <> 0), '{}'::jsonb)
        FROM (SELECT key, sum(value) AS total
              FROM (SELECT key, value::numeric AS value FROM jsonb_each_text(COALESCE(base, '{}'::jsonb))
                    UNION ALL
                    SELECT key, sign * value::numeric FROM jsonb_each_text(COALESCE(delta, '{}'::jsonb))) parts
              GROUP BY key) sums
      $$`);
    await runner.query(`
      CREATE FUNCTION claims_move_utilisation(deltas jsonb, claim uuid, adjudication uuid, direction int, why text) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE
        d record;
        total record;
      BEGIN
        FOR d IN SELECT * FROM jsonb_to_recordset(deltas) AS x(
                   "memberId" uuid, "familyId" uuid, "benefitId" uuid, "periodStart" date, "periodEnd" date,
                   "amountMinor" bigint, "subLimits" jsonb, quantities jsonb, visits int, "deductibleMinor" bigint)
        LOOP
          UPDATE benefit_utilisation
             SET amount_minor = amount_minor + direction * d."amountMinor",
                 sub_limits = claims_add_counts(sub_limits, d."subLimits", direction),
                 quantities = claims_add_counts(quantities, d.quantities, direction),
                 visits = visits + direction * d.visits,
                 deductible_met_minor = deductible_met_minor + direction * d."deductibleMinor",
                 updated_at = now()
           WHERE member_id = d."memberId" AND benefit_id = d."benefitId" AND period_start = d."periodStart";
          IF NOT FOUND THEN
            INSERT INTO benefit_utilisation (member_id, family_id, benefit_id, period_start, period_end, amount_minor,
                                             sub_limits, quantities, visits, deductible_met_minor)
            VALUES (d."memberId", d."familyId", d."benefitId", d."periodStart", d."periodEnd", direction * d."amountMinor",
                    claims_add_counts('{}', d."subLimits", direction), claims_add_counts('{}', d.quantities, direction),
                    direction * d.visits, direction * d."deductibleMinor");
          END IF;

          FOR total IN SELECT * FROM (VALUES ('MEMBER', d."memberId"), ('FAMILY', d."familyId")) AS t(scope, owner) LOOP
            UPDATE utilisation_totals SET amount_minor = amount_minor + direction * d."amountMinor", updated_at = now()
             WHERE scope = total.scope AND owner_id = total.owner AND period_start = d."periodStart";
            IF NOT FOUND THEN
              INSERT INTO utilisation_totals (scope, owner_id, period_start, period_end, amount_minor)
              VALUES (total.scope, total.owner, d."periodStart", d."periodEnd", direction * d."amountMinor");
            END IF;
          END LOOP;

          INSERT INTO utilisation_movements (claim_id, adjudication_id, direction, member_id, family_id, benefit_id, period_start,
                                             period_end, amount_minor, sub_limits, quantities, visits, deductible_minor, reason)
          VALUES (claim, adjudication, direction, d."memberId", d."familyId", d."benefitId", d."periodStart", d."periodEnd",
                  d."amountMinor", COALESCE(d."subLimits", '{}'), COALESCE(d.quantities, '{}'), d.visits, d."deductibleMinor", why);
        END LOOP;
      END
      $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP FUNCTION claims_move_utilisation(jsonb, uuid, uuid, int, text)');
    await runner.query('DROP FUNCTION claims_add_counts(jsonb, jsonb, int)');
  }
}
