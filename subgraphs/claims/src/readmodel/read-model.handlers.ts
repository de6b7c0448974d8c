import type { EntityManager } from 'typeorm';
import type { DomainEvent, EventSubscription } from '../../../../kit/events/event';
import {
  READ_MODEL_EVENTS,
  type ContractChangedPayload,
  type MemberChangedPayload,
  type PolicyChangedPayload,
  type ProviderChangedPayload,
  type SchemeVersionPublishedPayload,
} from './read-model.events';

/**
 * Keeps claims' read models from other domains' events. Each upsert applies only when the event's
 * version is newer than the row's, so events that arrive twice or out of order change nothing;
 * each returns whether it changed the read model.
 */

/** Refuses a payload without the fields every upsert needs; the bus retries, then dead-letters it. */
function payloadOf<T>(event: DomainEvent, required: string[]): T {
  const payload = event.payload as Record<string, unknown> | null;
  if (!payload || typeof payload !== 'object') throw new TypeError(`${event.type} ${event.id}: payload is not an object`);
  const missing = required.filter((field) => payload[field] === undefined || payload[field] === null);
  if (missing.length > 0) throw new TypeError(`${event.type} ${event.id}: payload lacks ${missing.join(', ')}`);
  if ('version' in payload && !Number.isSafeInteger(Number(payload.version))) {
    throw new TypeError(`${event.type} ${event.id}: version must be a whole number`);
  }
  return payload as T;
}

/** A calendar date from a payload, which may carry a date or a timestamp. */
function day(value: string | null | undefined): string | null {
  return value ? String(value).slice(0, 10) : null;
}

export async function applyMemberChanged(manager: EntityManager, member: MemberChangedPayload): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO rm_members (id, member_number, type, relationship, principal_id, family_id, company_id, date_of_birth, gender,
                             status, enrolment_date, termination_date, version)
     VALUES ($1::uuid, $2, $3, $4, $5::uuid, COALESCE($5::uuid, $1::uuid), $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (id) DO UPDATE SET
       member_number = EXCLUDED.member_number, type = EXCLUDED.type, relationship = EXCLUDED.relationship,
       principal_id = EXCLUDED.principal_id, family_id = EXCLUDED.family_id, company_id = EXCLUDED.company_id,
       date_of_birth = EXCLUDED.date_of_birth, gender = EXCLUDED.gender, status = EXCLUDED.status,
       enrolment_date = EXCLUDED.enrolment_date, termination_date = EXCLUDED.termination_date,
       version = EXCLUDED.version, updated_at = now()
     WHERE rm_members.version < EXCLUDED.version
     RETURNING id`,
    [
      member.id,
      member.memberNumber,
      member.type,
      member.relationship ?? null,
      member.type === 'DEPENDANT' ? member.principalId : null,
      member.companyId ?? null,
      day(member.dateOfBirth),
      member.gender,
      member.status,
      day(member.enrolmentDate),
      day(member.terminationDate),
      member.version,
    ],
  );
  return rows.length > 0;
}

export async function applyPolicyChanged(manager: EntityManager, policy: PolicyChangedPayload): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO rm_policies (id, policy_number, scheme_id, scheme_version_id, holder_member_id, company_id, start_date, end_date,
                              status, premium_in_arrears, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (id) DO UPDATE SET
       policy_number = EXCLUDED.policy_number, scheme_id = EXCLUDED.scheme_id, scheme_version_id = EXCLUDED.scheme_version_id,
       holder_member_id = EXCLUDED.holder_member_id, company_id = EXCLUDED.company_id, start_date = EXCLUDED.start_date,
       end_date = EXCLUDED.end_date, status = EXCLUDED.status, premium_in_arrears = EXCLUDED.premium_in_arrears,
       version = EXCLUDED.version, updated_at = now()
     WHERE rm_policies.version < EXCLUDED.version
     RETURNING id`,
    [
      policy.id,
      policy.policyNumber,
      policy.schemeId ?? null,
      policy.schemeVersionId,
      policy.holderMemberId ?? null,
      policy.companyId ?? null,
      day(policy.startDate),
      day(policy.endDate),
      policy.status,
      Boolean(policy.premiumInArrears),
      policy.version,
    ],
  );
  if (rows.length === 0) return false;
  // The payload lists every covered member: replace the policy's list with it.
  const covered = policy.coveredMembers ?? [];
  await manager.query('DELETE FROM rm_policy_members WHERE policy_id = $1', [policy.id]);
  if (covered.length > 0) {
    await manager.query(
      `INSERT INTO rm_policy_members (policy_id, member_id, covered_from, covered_to)
       SELECT $1, * FROM unnest($2::uuid[], $3::date[], $4::date[])
       ON CONFLICT (policy_id, member_id) DO NOTHING`,
      [policy.id, covered.map((c) => c.memberId), covered.map((c) => day(c.coveredFrom) ?? day(policy.startDate)), covered.map((c) => day(c.coveredTo))],
    );
  }
  return true;
}

/** Published scheme versions never change: the first copy stays, a repeat does nothing. */
export async function applySchemeVersionPublished(manager: EntityManager, version: SchemeVersionPublishedPayload): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO rm_scheme_versions (id, scheme_id, scheme_code, scheme_name, version_number, currency, benefit_period, effective_from,
                                     overall_annual_limit_per_person_minor, overall_annual_limit_per_family_minor,
                                     allowed_network_codes, auto_deny_critical_risk, benefits)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (id) DO NOTHING
     RETURNING id`,
    [
      version.id,
      version.schemeId ?? null,
      version.schemeCode,
      version.schemeName,
      version.versionNumber,
      version.currency,
      version.benefitPeriod,
      day(version.effectiveFrom),
      version.overallAnnualLimitPerPersonMinor,
      version.overallAnnualLimitPerFamilyMinor ?? null,
      version.allowedNetworkCodes ?? [],
      Boolean(version.autoDenyCriticalRisk),
      JSON.stringify(version.benefits ?? []),
    ],
  );
  return rows.length > 0;
}

export async function applyProviderChanged(manager: EntityManager, provider: ProviderChangedPayload): Promise<boolean> {
  const licences = (provider.licences ?? []).map((l) => ({ number: l.number, validFrom: day(l.validFrom), validTo: day(l.validTo) }));
  const networks = (provider.networks ?? []).map((n) => ({ code: n.code, joinedOn: day(n.joinedOn), leftOn: day(n.leftOn) }));
  const rows: unknown[] = await manager.query(
    `INSERT INTO rm_providers (id, name, type, status, blacklisted, county, licences, networks, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (id) DO UPDATE SET
       name = EXCLUDED.name, type = EXCLUDED.type, status = EXCLUDED.status, blacklisted = EXCLUDED.blacklisted,
       county = EXCLUDED.county, licences = EXCLUDED.licences, networks = EXCLUDED.networks,
       version = EXCLUDED.version, updated_at = now()
     WHERE rm_providers.version < EXCLUDED.version
     RETURNING id`,
    [
      provider.id,
      provider.name,
      provider.type,
      provider.status,
      Boolean(provider.blacklisted),
      provider.county ?? null,
      JSON.stringify(licences),
      JSON.stringify(networks),
      provider.version,
    ],
  );
  return rows.length > 0;
}

export async function applyContractChanged(manager: EntityManager, contract: ContractChangedPayload): Promise<boolean> {
  const tariffs = (contract.tariffs ?? []).map((t) => ({ serviceCode: String(t.serviceCode).toUpperCase(), priceMinor: Number(t.priceMinor) }));
  const rows: unknown[] = await manager.query(
    `INSERT INTO rm_provider_contracts (id, provider_id, status, valid_from, valid_to, currency, tariffs, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (id) DO UPDATE SET
       provider_id = EXCLUDED.provider_id, status = EXCLUDED.status, valid_from = EXCLUDED.valid_from,
       valid_to = EXCLUDED.valid_to, currency = EXCLUDED.currency, tariffs = EXCLUDED.tariffs,
       version = EXCLUDED.version, updated_at = now()
     WHERE rm_provider_contracts.version < EXCLUDED.version
     RETURNING id`,
    [contract.id, contract.providerId, contract.status, day(contract.validFrom), day(contract.validTo), contract.currency, JSON.stringify(tariffs), contract.version],
  );
  return rows.length > 0;
}

/** The read models' share of claims' `subscriptions`. */
export const readModelSubscriptions: EventSubscription[] = [
  {
    types: [READ_MODEL_EVENTS.MEMBER_CHANGED],
    handle: async (event, manager) => {
      await applyMemberChanged(manager, payloadOf(event, ['id', 'memberNumber', 'type', 'dateOfBirth', 'gender', 'status', 'enrolmentDate', 'version']));
    },
  },
  {
    types: [READ_MODEL_EVENTS.POLICY_CHANGED],
    handle: async (event, manager) => {
      await applyPolicyChanged(manager, payloadOf(event, ['id', 'policyNumber', 'schemeVersionId', 'startDate', 'status', 'version']));
    },
  },
  {
    types: [READ_MODEL_EVENTS.SCHEME_VERSION_PUBLISHED],
    handle: async (event, manager) => {
      await applySchemeVersionPublished(
        manager,
        payloadOf(event, ['id', 'schemeCode', 'schemeName', 'versionNumber', 'currency', 'benefitPeriod', 'overallAnnualLimitPerPersonMinor', 'benefits']),
      );
    },
  },
  {
    types: [READ_MODEL_EVENTS.PROVIDER_CHANGED],
    handle: async (event, manager) => {
      await applyProviderChanged(manager, payloadOf(event, ['id', 'name', 'type', 'status', 'version']));
    },
  },
  {
    types: [READ_MODEL_EVENTS.CONTRACT_CHANGED],
    handle: async (event, manager) => {
      await applyContractChanged(manager, payloadOf(event, ['id', 'providerId', 'status', 'validFrom', 'currency', 'version']));
    },
  },
];
