import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '../../../kit/events/event';
import { handleOnce } from '../../../kit/events/inbox';
import type { AnyRuntime } from '../../../kit/subgraph';
import { INGESTED_EVENTS, type ClaimDecided, type PolicyChanged, type SchemeVersionPublished } from './ingest/ingest.events';
import { analyticsSubscriptions } from './ingest/ingest.subscriptions';
import type { AnalyticsServices } from './services';

/** Fixture factories for the analytics domain: events as the other domains publish them, delivered as the consumer would. */

export function testEvent<P>(type: string, payload: P, overrides: Partial<Omit<DomainEvent, 'payload'>> = {}): DomainEvent<P> {
  return { id: randomUUID(), type, source: type.split('.')[0], aggregateId: randomUUID(), occurredAt: new Date().toISOString(), payload, ...overrides };
}

/** Delivers an event through the inbox, exactly as analytics' consumer does: a redelivery of the same id is a no-op. Returns whether it was applied. */
export function deliver(runtime: AnyRuntime, event: DomainEvent, services: AnalyticsServices = runtime.services as AnalyticsServices): Promise<boolean> {
  return handleOnce(runtime.dataSource, analyticsSubscriptions, services, event);
}

/** A `claims.claim.decided` payload: an engine-approved outpatient claim of one line, unless told otherwise. */
export function claimDecided(overrides: Partial<ClaimDecided> = {}): ClaimDecided {
  const payableMinor = overrides.payableMinor ?? 10_000;
  return {
    claimId: randomUUID(),
    memberId: randomUUID(),
    providerId: randomUUID(),
    serviceDate: '2026-03-01',
    decision: 'APPROVED',
    currency: 'KES',
    payableMinor,
    memberResponsibilityMinor: 0,
    decidedAt: '2026-03-02T06:00:20Z',
    lines: [{ lineNumber: 1, payableMinor, benefitId: null }],
    submittedAt: '2026-03-02T06:00:00Z',
    decidedBy: 'ENGINE',
    benefitCategory: 'OUTPATIENT',
    policyId: null,
    schemeVersionId: null,
    benefitPeriodStart: '2026-01-01',
    ...overrides,
  };
}

export const decidedEvent = (payload: ClaimDecided) => testEvent(INGESTED_EVENTS.CLAIM_DECIDED, payload, { aggregateId: payload.claimId });

export const reversedEvent = (claimId: string, reversedAt: string) =>
  testEvent(INGESTED_EVENTS.CLAIM_REVERSED, { claimId, claimNumber: 'CLM-T', reversedAt, reason: 'test', payableMinor: 0, currency: 'KES' }, { aggregateId: claimId });

/** A `schemes.policy.changed` payload: an active monthly policy covering its holder. */
export function policyChanged(overrides: Partial<PolicyChanged> = {}): PolicyChanged {
  const holder = randomUUID();
  return {
    id: randomUUID(),
    schemeId: randomUUID(),
    schemeVersionId: randomUUID(),
    companyId: null,
    status: 'ACTIVE',
    coveredMembers: [{ memberId: holder, coveredFrom: '2026-01-01', coveredTo: '2026-12-31' }],
    billingFrequency: 'MONTHLY',
    premiumMinor: 20_000,
    currency: 'KES',
    version: 1,
    ...overrides,
  };
}

/** A `schemes.scheme-version.published` payload with one individually limited outpatient benefit. */
export function versionPublished(overrides: Partial<SchemeVersionPublished> = {}): SchemeVersionPublished {
  return {
    id: randomUUID(),
    schemeId: randomUUID(),
    currency: 'KES',
    benefits: [{ id: randomUUID(), category: 'OUTPATIENT', annualLimitMinor: 100_000, limitScope: 'INDIVIDUAL' }],
    ...overrides,
  };
}
