import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '../../../kit/events/event';
import type { AnyRuntime } from '../../../kit/subgraph';
import { executeOk, staffActor, uniqueSuffix } from '../../../kit/testing';
import type { PolicyChanged } from './commission/commission.events';

/** Fixture factories for the crm domain: each call makes fresh, uniquely named records. */

export const manager = () => staffActor('test-sales-manager', 'SALES_MANAGER');

export interface TestAgent {
  id: string;
  agentCode: string;
  userId: string;
}

/** A territory covering the given counties (a unique name each time). */
export async function createTestTerritory(runtime: AnyRuntime, regions: string[]): Promise<{ id: string; name: string }> {
  const data = await executeOk(runtime, `mutation($input: CreateTerritoryInput!) { createTerritory(input: $input) { id name } }`, {
    input: { name: `Territory ${uniqueSuffix()}`, regions },
  }, manager());
  return data.createTerritory;
}

/** An ACTIVE agent with a user of their own (so `staffActor(agent.userId, 'SALES_AGENT')` is them). */
export async function createTestAgent(runtime: AnyRuntime, overrides: Record<string, unknown> = {}): Promise<TestAgent> {
  const suffix = uniqueSuffix().toUpperCase().slice(-12);
  const data = await executeOk(
    runtime,
    `mutation($input: CreateAgentInput!) { createAgent(input: $input) { id agentCode userId } }`,
    {
      input: {
        agentCode: `AG-${suffix}`.slice(0, 20),
        name: `Agent ${suffix}`,
        email: `agent.${suffix.toLowerCase()}@sales.example.co.ke`,
        phone: '+254700000001',
        userId: `user-${randomUUID()}`,
        hireDate: '2025-01-06',
        ...overrides,
      },
    },
    manager(),
  );
  return data.createAgent;
}

/** A generic commission tier (every product, every volume) at `rateBps`, in force all of 2026 onwards. */
export async function createTestTier(runtime: AnyRuntime, overrides: Record<string, unknown> = {}): Promise<{ id: string }> {
  const data = await executeOk(runtime, `mutation($input: CreateCommissionTierInput!) { createCommissionTier(input: $input) { id } }`, {
    input: { name: `Tier ${uniqueSuffix()}`, rateBps: 1000, effectiveFrom: '2026-01-01', ...overrides },
  }, manager());
  return data.createCommissionTier;
}

/** A lead with phone and e-mail from the county given, as a manager takes it in. */
export async function createTestLead(runtime: AnyRuntime, region: string, overrides: Record<string, unknown> = {}): Promise<{ id: string; agentId: string | null; status: string }> {
  const data = await executeOk(
    runtime,
    `mutation($input: CreateLeadInput!) { createLead(input: $input) { id agentId status } }`,
    {
      input: {
        contactName: 'Wanjiru Kamau',
        contactPhone: '+254711222333',
        contactEmail: 'wanjiru@example.co.ke',
        companyName: `Test Co ${uniqueSuffix()}`,
        employeeCount: 25,
        region,
        source: 'REFERRAL',
        ...overrides,
      },
    },
    manager(),
  );
  return data.createLead;
}

/** A `schemes.policy.changed` payload for a policy sold by `salesAgentId`. */
export function policyChanged(overrides: Partial<PolicyChanged> = {}): PolicyChanged {
  return {
    id: randomUUID(),
    policyNumber: `POL-2026-T${uniqueSuffix()}`,
    schemeId: randomUUID(),
    startDate: '2026-03-01',
    status: 'PENDING',
    billingFrequency: 'MONTHLY',
    premiumMinor: 450_000,
    currency: 'KES',
    version: 1,
    salesAgentId: null,
    cancellationDate: null,
    ...overrides,
  };
}

export function domainEvent<T>(type: string, aggregateId: string, payload: T): DomainEvent<T> {
  return { id: randomUUID(), type, source: type.split('.')[0], aggregateId, occurredAt: new Date().toISOString(), payload };
}

export { outboxEventsOf } from '../../../kit/testing';

/** The steps of a typical test campaign: an e-mail on enrolment, an SMS three days on, an e-mail a week on. */
export const TEST_STEPS = [
  { delayDays: 0, channel: 'EMAIL', subject: 'Cover for {{companyName}}', body: 'Hello {{contactName}}, {{agentName}} here about cover for {{companyName}}.' },
  { delayDays: 3, channel: 'SMS', body: 'Hi {{contactName}}, {{agentName}} can send you a quote today.' },
  { delayDays: 7, channel: 'EMAIL', subject: 'Still thinking it over?', body: 'Dear {{contactName}}, our offer stands.' },
];

/**
 * A nurture campaign (uniquely named), ACTIVE unless `status` says otherwise (DRAFT leaves it as
 * created), with the test steps unless others are given.
 */
export async function createTestCampaign(
  runtime: AnyRuntime,
  options: { audience?: Record<string, unknown>; autoEnrol?: boolean; steps?: Record<string, unknown>[]; status?: 'DRAFT' | 'ACTIVE' } = {},
): Promise<{ id: string }> {
  const data = await executeOk(runtime, `mutation($input: CreateNurtureCampaignInput!) { createNurtureCampaign(input: $input) { id } }`, {
    input: { name: `Campaign ${uniqueSuffix()}`, audience: options.audience, autoEnrol: options.autoEnrol ?? false, steps: options.steps ?? TEST_STEPS },
  }, manager());
  const campaign = data.createNurtureCampaign;
  if ((options.status ?? 'ACTIVE') === 'ACTIVE') {
    await executeOk(runtime, `mutation($id: ID!) { changeNurtureCampaignStatus(campaignId: $id, status: ACTIVE) { id } }`, { id: campaign.id }, manager());
  }
  return campaign;
}

/** A clock a test moves by hand. */
export { ManualClock as TestClock } from '../../../kit/clock';
