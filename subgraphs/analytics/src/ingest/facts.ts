import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../../../../kit/database';
import { BUSINESS_TIME_ZONE, today } from '../../../../kit/dates';
import type { DomainEvent } from '../../../../kit/events/event';
import {
  INGESTED_EVENTS,
  type ClaimDecided,
  type ClaimReversed,
  type InvoiceOverdue,
  type InvoicePaid,
  type MemberChanged,
  type PolicyChanged,
  type SchemeVersionPublished,
  type SettlementPosted,
} from './ingest.events';

/**
 * What an applied event changed: the days whose points and the benefits whose utilisation need
 * recomputing, and whose use of those benefits changed (so alerts evaluate only those subjects).
 */
export interface Affected {
  days: Set<string>;
  benefitIds: Set<string>;
  memberIds: Set<string>;
  policyIds: Set<string>;
  /** Whether the schemes of those benefits may have moved (a claim on them, or the lives they cover). */
  schemes: boolean;
  /** Whether every subject of those benefits may have moved (their limits just became known). */
  everySubject: boolean;
}

export function nothingAffected(): Affected {
  return { days: new Set(), benefitIds: new Set(), memberIds: new Set(), policyIds: new Set(), schemes: false, everySubject: false };
}

/** The business day an instant falls on: series are bucketed by the day where the business runs. */
export function dayOf(instant: string | Date): string {
  return today(BUSINESS_TIME_ZONE, new Date(instant));
}

function required(event: DomainEvent, fields: string[]): void {
  const payload = event.payload as Record<string, unknown> | null;
  const missing = fields.filter((f) => payload?.[f] === undefined || payload?.[f] === null);
  if (missing.length) throw new TypeError(`${event.type} ${event.id}: payload lacks ${missing.join(', ')}`);
}

/**
 * Applies one event to the fact tables. Every fact keeps the latest state it was told, whatever
 * order events come in: a claim keeps its latest decision and its reversal time (which cancels
 * only a decision it followed), a policy or member its highest version, an invoice's premium for a policy its latest payment.
 */
export async function applyToFacts(manager: EntityManager, event: DomainEvent, affected: Affected): Promise<void> {
  switch (event.type) {
    case INGESTED_EVENTS.CLAIM_DECIDED:
      return claimDecided(manager, event, affected);
    case INGESTED_EVENTS.CLAIM_REVERSED:
      return claimReversed(manager, event, affected);
    case INGESTED_EVENTS.POLICY_CHANGED:
      return policyChanged(manager, event, affected);
    case INGESTED_EVENTS.SCHEME_VERSION_PUBLISHED:
      return versionPublished(manager, event, affected);
    case INGESTED_EVENTS.INVOICE_PAID:
      return invoicePaid(manager, event, affected);
    case INGESTED_EVENTS.INVOICE_OVERDUE:
      return invoiceOverdue(manager, event, affected);
    case INGESTED_EVENTS.SETTLEMENT_POSTED:
      return settlementPosted(manager, event, affected);
    case INGESTED_EVENTS.MEMBER_CHANGED:
      return memberChanged(manager, event);
    default:
      throw new TypeError(`analytics does not read ${event.type}`);
  }
}

async function claimDecided(manager: EntityManager, event: DomainEvent, affected: Affected): Promise<void> {
  required(event, ['claimId', 'memberId', 'providerId', 'decision', 'decidedAt', 'currency', 'payableMinor', 'lines']);
  const p = event.payload as ClaimDecided;
  const [before] = await preparedQuery<{ decided_on: string | null }>(
    manager,
    `SELECT to_char(decided_on, 'YYYY-MM-DD') AS decided_on FROM claim_facts WHERE claim_id = $1 FOR UPDATE`,
    [p.claimId],
  );
  const decidedOn = dayOf(p.decidedAt);
  // The latest decision wins; an older one delivered late changes nothing.
  const applied = await preparedQuery<{ claim_id: string }>(
    manager,
    `INSERT INTO claim_facts AS f (claim_id, member_id, provider_id, policy_id, scheme_version_id, benefit_category, benefit_period_start,
        service_date, submitted_at, decided_at, decided_on, decision, decided_by, currency, payable_minor, member_responsibility_minor)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     ON CONFLICT (claim_id) DO UPDATE SET member_id = EXCLUDED.member_id, provider_id = EXCLUDED.provider_id, policy_id = EXCLUDED.policy_id,
        scheme_version_id = EXCLUDED.scheme_version_id, benefit_category = EXCLUDED.benefit_category, benefit_period_start = EXCLUDED.benefit_period_start,
        service_date = EXCLUDED.service_date, submitted_at = EXCLUDED.submitted_at, decided_at = EXCLUDED.decided_at, decided_on = EXCLUDED.decided_on,
        decision = EXCLUDED.decision, decided_by = EXCLUDED.decided_by, currency = EXCLUDED.currency, payable_minor = EXCLUDED.payable_minor,
        member_responsibility_minor = EXCLUDED.member_responsibility_minor
      WHERE f.decided_at IS NULL OR f.decided_at < EXCLUDED.decided_at
     RETURNING claim_id`,
    [
      p.claimId,
      p.memberId,
      p.providerId,
      p.policyId ?? null,
      p.schemeVersionId ?? null,
      p.benefitCategory ?? 'UNKNOWN',
      p.benefitPeriodStart ?? null,
      p.serviceDate ?? null,
      p.submittedAt ?? null,
      p.decidedAt,
      decidedOn,
      p.decision,
      p.decidedBy ?? 'ENGINE',
      p.currency,
      p.payableMinor,
      p.memberResponsibilityMinor ?? 0,
    ],
  );
  if (applied.length === 0) return;
  await preparedQuery(manager, 'DELETE FROM claim_line_facts WHERE claim_id = $1', [p.claimId]);
  if (p.lines.length > 0) {
    await preparedQuery(
      manager,
      `INSERT INTO claim_line_facts (claim_id, line_number, benefit_id, payable_minor)
       SELECT $1, * FROM unnest($2::int[], $3::uuid[], $4::bigint[])`,
      [p.claimId, p.lines.map((l) => l.lineNumber), p.lines.map((l) => l.benefitId ?? null), p.lines.map((l) => l.payableMinor)],
    );
  }
  affected.days.add(decidedOn);
  if (before?.decided_on) affected.days.add(before.decided_on);
  for (const line of p.lines) if (line.benefitId) affected.benefitIds.add(line.benefitId);
  // Only the new decision's subjects: consumption that moved away can only fall, and alerts are raised, never withdrawn.
  affected.memberIds.add(p.memberId);
  if (p.policyId) affected.policyIds.add(p.policyId);
  affected.schemes = true;
}

async function claimReversed(manager: EntityManager, event: DomainEvent, affected: Affected): Promise<void> {
  required(event, ['claimId', 'reversedAt']);
  const p = event.payload as ClaimReversed;
  // A reversal that arrives before its decision is kept and applied when the decision comes.
  const [row] = await preparedQuery<{ decided_on: string | null; member_id: string | null; policy_id: string | null }>(
    manager,
    `INSERT INTO claim_facts AS f (claim_id, reversed_at) VALUES ($1, $2)
     ON CONFLICT (claim_id) DO UPDATE SET reversed_at = GREATEST(f.reversed_at, EXCLUDED.reversed_at)
     RETURNING to_char(decided_on, 'YYYY-MM-DD') AS decided_on, member_id, policy_id`,
    [p.claimId, p.reversedAt],
  );
  if (row?.decided_on) affected.days.add(row.decided_on);
  if (row?.member_id) affected.memberIds.add(row.member_id);
  if (row?.policy_id) affected.policyIds.add(row.policy_id);
  affected.schemes = true;
  await benefitsOfClaim(manager, p.claimId, affected);
}

async function benefitsOfClaim(manager: EntityManager, claimId: string, affected: Affected): Promise<void> {
  const rows = await preparedQuery<{ benefit_id: string }>(manager, 'SELECT DISTINCT benefit_id FROM claim_line_facts WHERE claim_id = $1 AND benefit_id IS NOT NULL', [claimId]);
  for (const row of rows) affected.benefitIds.add(row.benefit_id);
}

async function policyChanged(manager: EntityManager, event: DomainEvent, affected: Affected): Promise<void> {
  required(event, ['id', 'schemeId', 'schemeVersionId', 'status', 'premiumMinor', 'currency', 'version']);
  const p = event.payload as PolicyChanged;
  const applied = await preparedQuery(
    manager,
    `INSERT INTO policy_facts AS f (policy_id, version, scheme_id, scheme_version_id, company_id, status, premium_minor, billing_frequency, currency)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (policy_id) DO UPDATE SET version = EXCLUDED.version, scheme_id = EXCLUDED.scheme_id, scheme_version_id = EXCLUDED.scheme_version_id,
        company_id = EXCLUDED.company_id, status = EXCLUDED.status, premium_minor = EXCLUDED.premium_minor,
        billing_frequency = EXCLUDED.billing_frequency, currency = EXCLUDED.currency
      WHERE f.version < EXCLUDED.version
     RETURNING policy_id`,
    [p.id, p.version, p.schemeId, p.schemeVersionId, p.companyId ?? null, p.status, p.premiumMinor, p.billingFrequency ?? 'MONTHLY', p.currency],
  );
  if (applied.length === 0) return;
  // The version's windows replace the last; one ending before it began (coveredTo < coveredFrom) never gave cover.
  const windows = (p.coveredMembers ?? []).filter((c) => c.coveredTo >= c.coveredFrom);
  await preparedQuery(manager, 'DELETE FROM policy_cover_facts WHERE policy_id = $1', [p.id]);
  if (windows.length > 0) {
    await preparedQuery(
      manager,
      `INSERT INTO policy_cover_facts (policy_id, member_id, covered_from, covered_to)
       SELECT $1, * FROM unnest($2::uuid[], $3::date[], $4::date[]) ON CONFLICT DO NOTHING`,
      [p.id, windows.map((c) => c.memberId), windows.map((c) => c.coveredFrom), windows.map((c) => c.coveredTo)],
    );
  }
  // Payments are valued at the policy's premium: their days change with it.
  const days = await preparedQuery<{ day: string }>(manager, `SELECT DISTINCT to_char(paid_on, 'YYYY-MM-DD') AS day FROM premium_payments WHERE policy_id = $1`, [p.id]);
  for (const { day } of days) affected.days.add(day);
  const benefits = await preparedQuery<{ benefit_id: string }>(manager, 'SELECT benefit_id FROM benefit_limits WHERE scheme_version_id = $1', [p.schemeVersionId]);
  for (const { benefit_id } of benefits) affected.benefitIds.add(benefit_id);
  // The lives covered are the schemes' limits only: no member's or policy's use moves.
  affected.schemes = true;
}

async function versionPublished(manager: EntityManager, event: DomainEvent, affected: Affected): Promise<void> {
  required(event, ['id', 'schemeId', 'currency', 'benefits']);
  const p = event.payload as SchemeVersionPublished;
  if (p.benefits.length === 0) return;
  // A published version is immutable: its limits are the same however often it is told.
  await preparedQuery(
    manager,
    `INSERT INTO benefit_limits (benefit_id, scheme_version_id, scheme_id, category, annual_limit_minor, limit_scope, currency)
     SELECT b.id, $1, $2, b.category, b.annual_limit_minor, b.limit_scope, $3
       FROM unnest($4::uuid[], $5::text[], $6::bigint[], $7::text[]) AS b(id, category, annual_limit_minor, limit_scope)
     ON CONFLICT (benefit_id) DO NOTHING`,
    [p.id, p.schemeId, p.currency, p.benefits.map((b) => b.id), p.benefits.map((b) => b.category), p.benefits.map((b) => b.annualLimitMinor), p.benefits.map((b) => b.limitScope ?? 'INDIVIDUAL')],
  );
  for (const b of p.benefits) affected.benefitIds.add(b.id);
  affected.everySubject = true;
}

async function invoicePaid(manager: EntityManager, event: DomainEvent, affected: Affected): Promise<void> {
  required(event, ['invoiceId', 'policyId', 'paidAt']);
  const p = event.payload as InvoicePaid;
  const paidOn = dayOf(p.paidAt);
  // Serialises the first two payments of one invoice too (no row to lock yet), so neither loses the other's day.
  await preparedQuery(manager, `SELECT pg_advisory_xact_lock(hashtext('analytics:invoice:' || $1::text || ':' || $2::text))`, [p.invoiceId, p.policyId]);
  const [before] = await preparedQuery<{ paid_on: string }>(
    manager,
    `SELECT to_char(paid_on, 'YYYY-MM-DD') AS paid_on FROM premium_payments WHERE invoice_id = $1 AND policy_id = $2 FOR UPDATE`,
    [p.invoiceId, p.policyId],
  );
  // An invoice re-opened and paid again is still one premium: the latest payment wins, an older one delivered late changes nothing.
  const applied = await preparedQuery(
    manager,
    `INSERT INTO premium_payments AS pp (invoice_id, policy_id, event_id, paid_at, paid_on, net_premium_minor, currency)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (invoice_id, policy_id) DO UPDATE SET event_id = EXCLUDED.event_id, paid_at = EXCLUDED.paid_at, paid_on = EXCLUDED.paid_on,
        net_premium_minor = EXCLUDED.net_premium_minor, currency = EXCLUDED.currency
      WHERE pp.paid_at < EXCLUDED.paid_at
     RETURNING invoice_id`,
    [
      p.invoiceId,
      p.policyId,
      event.id,
      p.paidAt,
      paidOn,
      Number.isSafeInteger(p.netPremiumMinor) ? p.netPremiumMinor : null,
      typeof p.currency === 'string' ? p.currency : null,
    ],
  );
  if (applied.length === 0) return;
  affected.days.add(paidOn);
  if (before) affected.days.add(before.paid_on);
}

async function invoiceOverdue(manager: EntityManager, event: DomainEvent, affected: Affected): Promise<void> {
  required(event, ['invoiceId', 'policyId']);
  const p = event.payload as InvoiceOverdue;
  const reportedOn = dayOf(event.occurredAt);
  const rows = await preparedQuery(
    manager,
    `INSERT INTO overdue_invoices (invoice_id, policy_id, reported_on) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING invoice_id`,
    [p.invoiceId, p.policyId, reportedOn],
  );
  if (rows.length) affected.days.add(reportedOn);
}

async function settlementPosted(manager: EntityManager, event: DomainEvent, affected: Affected): Promise<void> {
  required(event, ['claimId', 'settlementId', 'amountMinor', 'currency']);
  const p = event.payload as SettlementPosted;
  const postedOn = dayOf(event.occurredAt);
  const rows = await preparedQuery(
    manager,
    `INSERT INTO settlement_facts (settlement_id, claim_id, amount_minor, currency, posted_on) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (settlement_id) DO NOTHING RETURNING settlement_id`,
    [String(p.settlementId), p.claimId, p.amountMinor, p.currency, postedOn],
  );
  if (rows.length) affected.days.add(postedOn);
}

async function memberChanged(manager: EntityManager, event: DomainEvent): Promise<void> {
  required(event, ['id', 'status', 'version']);
  const p = event.payload as MemberChanged;
  await preparedQuery(
    manager,
    `INSERT INTO member_facts AS f (member_id, version, company_id, status) VALUES ($1, $2, $3, $4)
     ON CONFLICT (member_id) DO UPDATE SET version = EXCLUDED.version, company_id = EXCLUDED.company_id, status = EXCLUDED.status
      WHERE f.version < EXCLUDED.version`,
    [p.id, p.version, p.companyId ?? null, p.status],
  );
}
