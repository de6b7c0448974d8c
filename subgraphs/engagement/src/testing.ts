import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '../../../kit/events/event';
import { handleOnce } from '../../../kit/events/inbox';
import type { AnyRuntime } from '../../../kit/subgraph';
import type { EngagementConfig } from './config';

/** Fixture factories and helpers for the engagement domain: each call makes fresh, unique data. */

/** A clock a test moves by hand. */
export { ManualClock as TestClock } from '../../../kit/clock';

/** Settings for tests: every channel disabled unless given, quiet hours 21:00-07:00 (marketing 20:00-08:00), small retry numbers. */
export function testEngagementConfig(overrides: Partial<EngagementConfig> = {}): EngagementConfig {
  return {
    email: null,
    sms: null,
    push: null,
    providerTimeoutMs: 2_000,
    quietHoursStartMinute: 21 * 60,
    quietHoursEndMinute: 7 * 60,
    marketingQuietHours: { startMinute: 20 * 60, endMinute: 8 * 60 },
    marketingTimeZone: 'Africa/Nairobi',
    notificationMaxAttempts: 4,
    webhookMaxAttempts: 5,
    retryBaseSeconds: 30,
    webhookDisableAfterFailures: 3,
    webhookAllowLoopbackHttp: true,
    deliveryJobMs: 60_000,
    ...overrides,
  };
}

/** A domain event as the bus would deliver it. */
export function testEvent<P>(type: string, aggregateId: string, payload: P, id: string = randomUUID()): DomainEvent<P> {
  return { id, type, source: type.split('.')[0], aggregateId, occurredAt: new Date().toISOString(), payload };
}

/** Delivers an event through the inbox, as the event flow does; false when it had been handled already. */
export function deliverEvent(runtime: AnyRuntime, event: DomainEvent): Promise<boolean> {
  return handleOnce(runtime.dataSource, runtime.definition.subscriptions ?? [], runtime.services, event);
}

export interface TestFamily {
  principalId: string;
  dependantId: string;
  companyId: string;
  email: string;
  phone: string;
}

/** A principal with an e-mail address and phone, and a dependant without either, known to the contact read model. */
export async function createTestFamily(runtime: AnyRuntime): Promise<TestFamily> {
  const family = { principalId: randomUUID(), dependantId: randomUUID(), companyId: randomUUID(), email: `m${Date.now().toString(36)}@example.co.ke`, phone: '+254712345678' };
  await deliverEvent(runtime, testEvent('members.member.changed', family.principalId, { id: family.principalId, principalId: null, companyId: family.companyId, email: family.email, phone: family.phone, version: 1 }));
  await deliverEvent(runtime, testEvent('members.member.changed', family.dependantId, { id: family.dependantId, principalId: family.principalId, companyId: family.companyId, version: 1 }));
  return family;
}
