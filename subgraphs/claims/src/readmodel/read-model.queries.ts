import type { EntityManager } from 'typeorm';
import { minorFromSql } from '../../../../kit/money';
import type { BenefitCategory, BenefitTerms, CoverageFacts, MemberFacts, ProviderFacts } from '../adjudication/engine/types';
import { benefitPeriodContaining, type BenefitPeriodBasis } from './benefit-period';
import type { PublishedBenefit } from './read-model.events';

/**
 * Reads the read models into the engine's facts. Every function takes the caller's manager, so
 * adjudication reads them inside its own transaction, and answers many ids in one statement.
 */

/** Used where a licence has no end date. */
const OPEN_END = '9999-12-31';

export interface MemberRow {
  id: string;
  principal_id: string | null;
  family_id: string;
  status: MemberFacts['status'];
  date_of_birth: string;
  gender: MemberFacts['gender'];
  enrolment_date: string;
  termination_date: string | null;
}

/** The columns of `rm_members` that make a `MemberRow`. */
export const MEMBER_FACTS_COLUMNS =
  'id, principal_id, family_id, status, date_of_birth::text, gender, enrolment_date::text, termination_date::text';

export function toMemberFacts(r: MemberRow): MemberFacts {
  return {
    id: r.id,
    principalId: r.principal_id,
    familyId: r.family_id,
    status: r.status,
    dateOfBirth: r.date_of_birth,
    gender: r.gender,
    enrolmentDate: r.enrolment_date,
    terminationDate: r.termination_date,
  };
}

/** The members known to the read model, by id. */
export async function memberFactsOf(manager: EntityManager, memberIds: readonly string[]): Promise<Map<string, MemberFacts>> {
  if (memberIds.length === 0) return new Map();
  const rows: MemberRow[] = await manager.query(`SELECT ${MEMBER_FACTS_COLUMNS} FROM rm_members WHERE id = ANY($1::uuid[])`, [[...new Set(memberIds)]]);
  return new Map(rows.map((r) => [r.id, toMemberFacts(r)]));
}

export interface CoverRow {
  member_id: string;
  policy_id: string;
  policy_status: CoverageFacts['policyStatus'];
  policy_start: string;
  premium_in_arrears: boolean;
  scheme_version_id: string;
  covered_from: string;
  covered_to: string | null;
}

export interface SchemeVersionRow {
  id: string;
  scheme_code: string;
  scheme_name: string;
  currency: string;
  benefit_period: BenefitPeriodBasis;
  overall_annual_limit_per_person_minor: string;
  overall_annual_limit_per_family_minor: string | null;
  allowed_network_codes: string[];
  auto_deny_critical_risk: boolean;
  benefits: BenefitTerms[];
}

/** A member's coverage with the scheme's name and currency, which the engine does not need but people do. */
export interface LoadedCoverage extends CoverageFacts {
  schemeCode: string;
  schemeName: string;
  currency: string;
}

/**
 * SQL selecting each member's cover on a day (`CoverRow`s): the policy whose cover of the member
 * contains the day (an active one first), or else the latest cover that began before it, so the
 * engine can say the cover ended. `members` is a uuid[] expression, `on` a date expression.
 */
export function coverRowsSql(members: string, on: string): string {
  return `SELECT DISTINCT ON (pm.member_id)
            pm.member_id, p.id AS policy_id, p.status AS policy_status, p.start_date::text AS policy_start, p.premium_in_arrears,
            p.scheme_version_id, pm.covered_from::text AS covered_from, LEAST(pm.covered_to, p.end_date)::text AS covered_to
     FROM rm_policy_members pm JOIN rm_policies p ON p.id = pm.policy_id
     WHERE pm.member_id = ANY(${members})
     ORDER BY pm.member_id,
              (pm.covered_from <= ${on} AND (LEAST(pm.covered_to, p.end_date) IS NULL OR LEAST(pm.covered_to, p.end_date) >= ${on})) DESC,
              (p.status = 'ACTIVE') DESC,
              (pm.covered_from <= ${on}) DESC,
              pm.covered_from DESC, p.id`;
}

/**
 * The coverage of each member on a day (see `coverRowsSql`), with the scheme version's benefits
 * and the benefit period containing the day. Members without any cover, or whose scheme version
 * has not arrived, are absent.
 */
export async function coverageFactsOf(manager: EntityManager, memberIds: readonly string[], on: string): Promise<Map<string, LoadedCoverage>> {
  if (memberIds.length === 0) return new Map();
  const covers: CoverRow[] = await manager.query(coverRowsSql('$1::uuid[]', '$2::date'), [[...new Set(memberIds)], on]);
  const versions = await schemeVersionsOf(manager, covers.map((c) => c.scheme_version_id));
  const coverage = new Map<string, LoadedCoverage>();
  for (const cover of covers) {
    const version = versions.get(cover.scheme_version_id);
    if (version) coverage.set(cover.member_id, toCoverage(cover, version, on));
  }
  return coverage;
}

/** A member's cover on a day, read as the engine's coverage facts. */
export function toCoverage(cover: CoverRow, version: SchemeVersionRow, on: string): LoadedCoverage {
  return {
    policyId: cover.policy_id,
    policyStatus: cover.policy_status,
    coveredFrom: cover.covered_from,
    coveredTo: cover.covered_to,
    schemeVersionId: version.id,
    schemeCode: version.scheme_code,
    schemeName: version.scheme_name,
    currency: version.currency,
    allowedNetworkCodes: version.allowed_network_codes,
    overallAnnualLimitPerPersonMinor: minorFromSql(version.overall_annual_limit_per_person_minor),
    overallAnnualLimitPerFamilyMinor:
      version.overall_annual_limit_per_family_minor === null ? null : minorFromSql(version.overall_annual_limit_per_family_minor),
    period: benefitPeriodContaining(version.benefit_period, cover.policy_start, on),
    benefits: version.benefits,
    autoDenyCriticalRisk: version.auto_deny_critical_risk,
    premiumInArrears: cover.premium_in_arrears,
  };
}

/**
 * Published scheme versions never change (the first copy of one stays), so once read a version
 * is kept in memory, its benefits already read as the engine's terms. Bounded: the oldest read
 * is dropped first.
 */
const publishedVersions = new Map<string, SchemeVersionRow>();
const MAX_CACHED_VERSIONS = 500;

/** Scheme versions by id, from memory where already read. */
export async function schemeVersionsOf(manager: EntityManager, ids: readonly string[]): Promise<Map<string, SchemeVersionRow>> {
  const found = new Map<string, SchemeVersionRow>();
  const missing: string[] = [];
  for (const id of new Set(ids)) {
    const cached = publishedVersions.get(id);
    if (cached) found.set(id, cached);
    else missing.push(id);
  }
  if (missing.length === 0) return found;
  const rows: (Omit<SchemeVersionRow, 'benefits'> & { benefits: PublishedBenefit[] })[] = await manager.query(
    `SELECT id, scheme_code, scheme_name, currency, benefit_period, overall_annual_limit_per_person_minor,
            overall_annual_limit_per_family_minor, allowed_network_codes, auto_deny_critical_risk, benefits
     FROM rm_scheme_versions WHERE id = ANY($1::uuid[])`,
    [missing],
  );
  for (const row of rows) {
    // Frozen: every decision shares these terms, so none may change them.
    const version: SchemeVersionRow = deepFreeze({ ...row, benefits: row.benefits.map(toBenefitTerms) });
    if (publishedVersions.size >= MAX_CACHED_VERSIONS) publishedVersions.delete(publishedVersions.keys().next().value!);
    publishedVersions.set(row.id, version);
    found.set(row.id, version);
  }
  return found;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** A published benefit as the engine reads it, with the defaults a publisher may leave out. */
export function toBenefitTerms(b: PublishedBenefit): BenefitTerms {
  return {
    id: b.id,
    code: b.code,
    name: b.name,
    category: b.category as BenefitCategory,
    annualLimitMinor: Number(b.annualLimitMinor),
    limitScope: b.limitScope ?? 'INDIVIDUAL',
    perVisitLimitMinor: b.perVisitLimitMinor ?? null,
    subLimits: (b.subLimits ?? []).map((s) => ({
      name: s.name,
      serviceCategory: s.serviceCategory ?? null,
      serviceCode: s.serviceCode ?? null,
      limitMinor: Number(s.limitMinor),
    })),
    quantityLimits: (b.quantityLimits ?? []).map((q) => ({
      serviceCategory: q.serviceCategory ?? null,
      serviceCode: q.serviceCode ?? null,
      maxQuantity: Number(q.maxQuantity),
    })),
    maxVisitsPerPeriod: b.maxVisitsPerPeriod ?? null,
    waitingPeriodDays: b.waitingPeriodDays ?? 0,
    deductibleMinor: b.deductibleMinor ?? 0,
    copayMinor: b.copayMinor ?? 0,
    coinsuranceBps: b.coinsuranceBps ?? 0,
    requiresPreauthorisation: Boolean(b.requiresPreauthorisation),
    preauthorisationThresholdMinor: b.preauthorisationThresholdMinor ?? null,
    minAge: b.minAge ?? null,
    maxAge: b.maxAge ?? null,
    gender: b.gender ?? null,
    networkCodes: b.networkCodes ?? [],
    exclusions: b.exclusions ?? [],
  };
}

export interface ProviderRow {
  id: string;
  status: ProviderFacts['status'];
  blacklisted: boolean;
  licences: { validFrom: string | null; validTo: string | null }[];
  networks: { code: string; joinedOn: string | null; leftOn: string | null }[];
}

export type ContractTariffs = { serviceCode: string; priceMinor: number }[];

/** The columns of `rm_providers` that make a `ProviderRow`. */
export const PROVIDER_FACTS_COLUMNS = 'id, status, blacklisted, licences, networks';

/**
 * SQL giving, as one json array, the tariffs of each active contract of a provider in force on a
 * day in a currency, oldest first; with `codes` (a text[] expression) only those services' prices.
 * The arguments are SQL expressions.
 */
export function contractTariffsSql(provider: string, on: string, currency: string, codes?: string): string {
  const tariffs = codes
    ? `(SELECT COALESCE(json_agg(t), '[]') FROM jsonb_array_elements(tariffs) t WHERE t->>'serviceCode' = ANY(${codes}))`
    : 'tariffs';
  return `SELECT COALESCE(json_agg(${tariffs} ORDER BY valid_from, id), '[]') FROM rm_provider_contracts
          WHERE provider_id = ${provider} AND status = 'ACTIVE' AND currency = ${currency} AND valid_from <= ${on} AND (valid_to IS NULL OR valid_to >= ${on})`;
}

/**
 * A provider as the engine sees it on a day: status, licences, networks, and the prices of its
 * active contracts in force that day in the claim's currency (a later contract's price wins).
 */
export async function providerFactsOf(manager: EntityManager, providerId: string, on: string, currency: string): Promise<ProviderFacts | null> {
  const [row]: { provider: ProviderRow | null; contracts: ContractTariffs[] }[] = await manager.query(
    `SELECT (SELECT row_to_json(p) FROM (SELECT ${PROVIDER_FACTS_COLUMNS} FROM rm_providers WHERE id = $1) p) AS provider,
            (${contractTariffsSql('$1', '$2::date', '$3')}) AS contracts`,
    [providerId, on, currency],
  );
  return row.provider ? toProviderFacts(row.provider, row.contracts) : null;
}

export function toProviderFacts(provider: ProviderRow, contracts: ContractTariffs[]): ProviderFacts {
  const tariffs: Record<string, number> = {};
  for (const contract of contracts) for (const t of contract) tariffs[t.serviceCode] = t.priceMinor;
  return {
    id: provider.id,
    status: provider.status,
    blacklisted: provider.blacklisted,
    licences: provider.licences.filter((l) => l.validFrom).map((l) => ({ validFrom: l.validFrom!, validTo: l.validTo ?? OPEN_END })),
    networks: provider.networks.map((n) => ({ code: n.code, joinedOn: n.joinedOn ?? '0001-01-01', leftOn: n.leftOn })),
    tariffs,
  };
}

/**
 * SQL that is true when the read models hold what adjudicating a claim needs: the member, the
 * provider, and the member's policies with their scheme versions. Until they do, the events may
 * still be on their way, and automatic adjudication waits rather than deny for want of facts.
 * `member` and `provider` are SQL expressions (columns or parameters) naming the claim's.
 */
export function factsPresentSql(member: string, provider: string): string {
  return `(EXISTS (SELECT 1 FROM rm_members rm WHERE rm.id = ${member})
    AND EXISTS (SELECT 1 FROM rm_providers rp WHERE rp.id = ${provider})
    AND EXISTS (SELECT 1 FROM rm_policy_members pm WHERE pm.member_id = ${member})
    AND NOT EXISTS (SELECT 1 FROM rm_policy_members pm JOIN rm_policies p ON p.id = pm.policy_id
                    WHERE pm.member_id = ${member} AND NOT EXISTS (SELECT 1 FROM rm_scheme_versions v WHERE v.id = p.scheme_version_id)))`;
}

/** Whether the read models hold what adjudicating a claim of this member at this provider needs. */
export async function factsArePresent(manager: EntityManager, memberId: string, providerId: string): Promise<boolean> {
  const [row] = await manager.query(`SELECT ${factsPresentSql('$1::uuid', '$2::uuid')} AS present`, [memberId, providerId]);
  return Boolean(row?.present);
}

/** Member numbers by member id, for explanations of benefits. */
export async function memberNumbersOf(manager: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows: { id: string; member_number: string }[] = await manager.query('SELECT id, member_number FROM rm_members WHERE id = ANY($1::uuid[])', [[...new Set(ids)]]);
  return new Map(rows.map((r) => [r.id, r.member_number]));
}

/** Provider names by provider id, for explanations of benefits. */
export async function providerNamesOf(manager: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows: { id: string; name: string }[] = await manager.query('SELECT id, name FROM rm_providers WHERE id = ANY($1::uuid[])', [[...new Set(ids)]]);
  return new Map(rows.map((r) => [r.id, r.name]));
}
