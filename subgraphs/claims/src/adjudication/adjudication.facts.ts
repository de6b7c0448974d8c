import type { EntityManager } from 'typeorm';
import { addDays } from '../../../../kit/dates';
import { preparedQuery } from '../../../../kit/database';
import { minorFromSql } from '../../../../kit/money';
import type { ClaimLine } from '../claim/claim-line.entity';
import type { Claim } from '../claim/claim.entity';
import { providerActivityOf, providerActivitySql, type ProviderActivityRows } from '../claim/provider-activity';
import {
  contractTariffsSql,
  coverRowsSql,
  factsPresentSql,
  MEMBER_FACTS_COLUMNS,
  PROVIDER_FACTS_COLUMNS,
  schemeVersionsOf,
  toCoverage,
  toMemberFacts,
  toProviderFacts,
  type ContractTariffs,
  type CoverRow,
  type LoadedCoverage,
  type MemberRow,
  type ProviderRow,
} from '../readmodel/read-model.queries';
import { emptyUtilisation, familyLockSql, utilisationFromRows, utilisationRowsSql, type UtilisationRows } from '../utilisation/utilisation.ledger';
import type { AdjudicationInput, BenefitCategory, ClaimHistoryItem, ClaimInput, PreauthorisationFacts } from './engine/types';

/**
 * Reads what the engine needs to decide a claim, in two statements inside the caller's
 * transaction: first the read models (member, cover, provider, tariffs), taking the family's
 * ledger lock in the same statement; then, under that lock, everything that decides amounts or
 * depends on other claims (the ledger, the member's history, the provider's volumes and prices),
 * so none of it can change until the decision commits.
 */

/** Claims history the risk rules and duplicate check look at, around the service date. */
const MEMBER_HISTORY_DAYS_BEFORE = 365;
const MEMBER_HISTORY_DAYS_AFTER = 30;
const PROVIDER_VOLUME_DAYS_BEFORE = 31;
const PROVIDER_AVERAGE_DAYS = 180;
const HISTORY_LIMIT = 2000;

export interface ClaimFactsSources {
  /** The catalogue category of each service code the claim bills. */
  serviceCategoryOf(line: ClaimLine): string;
  /** The claim's pre-authorisation as the engine reads it, when the claim names one of the member's. */
  preauthorisation(manager: EntityManager, id: string, memberId: string): Promise<PreauthorisationFacts | null>;
}

export interface ClaimFacts {
  /** Whether the read models hold the member, the provider and the member's covers with their scheme versions. */
  present: boolean;
  input: Omit<AdjudicationInput, 'options'>;
}

interface ReadModelRow {
  member: MemberRow | null;
  cover: CoverRow | null;
  provider: ProviderRow | null;
  contracts: ContractTariffs[];
  present: boolean;
}

interface HistoryRow extends UtilisationRows, ProviderActivityRows {
  member_history: (Omit<ClaimHistoryItem, 'billedMinor'> & { billedMinor: number | string })[];
}

/**
 * `inProviderTotals` says whether the provider's running totals already count this claim (they
 * do once its submission has committed; a claim decided in its submission is counted after).
 */
export async function readClaimFacts(
  manager: EntityManager,
  claim: Claim,
  lines: readonly ClaimLine[],
  sources: ClaimFactsSources,
  inProviderTotals: boolean,
): Promise<ClaimFacts> {
  const date = claim.serviceDate;
  const [read] = await preparedQuery<ReadModelRow>(
    manager,
    `SELECT (SELECT row_to_json(m) FROM (SELECT ${MEMBER_FACTS_COLUMNS} FROM rm_members WHERE id = $1) m) AS member,
            (SELECT row_to_json(c) FROM (${coverRowsSql('ARRAY[$1::uuid]', '$3::date')}) c) AS cover,
            (SELECT row_to_json(p) FROM (SELECT ${PROVIDER_FACTS_COLUMNS} FROM rm_providers WHERE id = $2) p) AS provider,
            (${contractTariffsSql('$2', '$3::date', '$4', '$5::text[]')}) AS contracts,
            ${factsPresentSql('$1::uuid', '$2::uuid')} AS present,
            ${familyLockSql('COALESCE((SELECT family_id::text FROM rm_members WHERE id = $1), $1::text)')} AS locked`,
    [claim.memberId, claim.providerId, date, claim.currency, [...new Set(lines.map((l) => l.serviceCode))]],
  );
  const member = read.member ? toMemberFacts(read.member) : null;
  const familyId = member?.familyId ?? claim.memberId;
  const version = read.cover ? (await schemeVersionsOf(manager, [read.cover.scheme_version_id])).get(read.cover.scheme_version_id) : undefined;
  let coverage: LoadedCoverage | null = read.cover && version ? toCoverage(read.cover, version, date) : null;
  // Waiting periods run from the start of continuous membership, not from each renewal.
  if (coverage && member && member.enrolmentDate < coverage.coveredFrom) coverage = { ...coverage, waitingPeriodFrom: member.enrolmentDate };
  const provider = read.provider ? toProviderFacts(read.provider, read.contracts) : null;
  const preauthorisation = claim.preauthorisationId ? await sources.preauthorisation(manager, claim.preauthorisationId, claim.memberId) : null;

  // Under the family's lock from here on. Duplicates and near-duplicates are the member's own
  // claims; of the provider only its daily volume and its average prices count, from its totals.
  const [history] = await preparedQuery<HistoryRow>(
    manager,
    `SELECT ${utilisationRowsSql('$1::uuid', '$2::uuid', '$6::date')},
       (SELECT COALESCE(json_agg(h), '[]') FROM (
          SELECT c.id AS "claimId", c.claim_number AS "claimNumber", c.member_id AS "memberId", c.provider_id AS "providerId",
                 c.benefit_category AS "benefitCategory", c.service_date::text AS "serviceDate", c.total_billed_minor AS "billedMinor",
                 c.status, c.diagnosis_codes AS "diagnosisCodes",
                 ARRAY(SELECT l.service_code FROM claim_lines l WHERE l.claim_id = c.id ORDER BY l.line_number) AS "serviceCodes"
          FROM claims c
          WHERE c.member_id = $1 AND c.id <> $3 AND (c.submitted_at, c.claim_number) < ($4, $5) AND c.service_date BETWEEN $8 AND $9
          ORDER BY c.service_date DESC, c.claim_number DESC LIMIT ${HISTORY_LIMIT}) h) AS member_history,
       ${providerActivitySql('$7', '$10', '$13', '$11', '$12::text[]')}`,
    [
      claim.memberId,
      familyId,
      claim.id,
      claim.submittedAt,
      claim.claimNumber,
      coverage?.period.start ?? null,
      claim.providerId,
      addDays(date, -MEMBER_HISTORY_DAYS_BEFORE),
      addDays(date, MEMBER_HISTORY_DAYS_AFTER),
      addDays(date, -PROVIDER_VOLUME_DAYS_BEFORE),
      date,
      [...new Set(lines.map((l) => l.serviceCode))],
      addDays(date, -PROVIDER_AVERAGE_DAYS),
    ],
  );

  const activity = { providerId: claim.providerId, serviceDate: date, lines };
  const provided = providerActivityOf(history, inProviderTotals ? activity : null);
  const claimInput: ClaimInput = {
    id: claim.id,
    claimNumber: claim.claimNumber,
    memberId: claim.memberId,
    providerId: claim.providerId,
    benefitCategory: claim.benefitCategory as BenefitCategory,
    serviceDate: date,
    serviceTime: null,
    currency: claim.currency,
    diagnosisCodes: claim.diagnosisCodes,
    preauthorisationId: claim.preauthorisationId,
    lines: lines.map((line) => ({
      lineNumber: line.lineNumber,
      serviceCode: line.serviceCode,
      serviceCategory: sources.serviceCategoryOf(line),
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
      billedMinor: line.billedAmountMinor,
      diagnosisCodes: line.diagnosisCodes,
    })),
  };
  return {
    present: read.present,
    input: {
      claim: claimInput,
      member,
      coverage,
      provider,
      preauthorisation,
      utilisation: coverage ? utilisationFromRows(claim.memberId, history) : emptyUtilisation(),
      memberHistory: history.member_history.map((row) => ({ ...row, billedMinor: minorFromSql(row.billedMinor) })),
      providerHistory: [],
      providerClaimsByDay: provided.claimsByDay,
      providerAverages: provided.averages,
    },
  };
}
