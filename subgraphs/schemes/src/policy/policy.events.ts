import { In, MoreThan, type EntityManager } from 'typeorm';
import { recordEvent } from '../../../../kit/events/outbox';
import { PolicyMember } from './policy-member.entity';
import { Policy, type PolicyBillingFrequency, type PolicyStatus } from './policy.entity';

export const POLICY_CHANGED = 'schemes.policy.changed';

/** A policy as other domains see it: who is covered by which version, when, and whether cover is in force. */
export interface PolicyChangedPayload {
  id: string;
  policyNumber: string;
  schemeId: string;
  schemeVersionId: string;
  holderMemberId: string;
  companyId: string | null;
  startDate: string;
  endDate: string;
  status: PolicyStatus;
  /** True while the policy is suspended for unpaid premiums. */
  premiumInArrears: boolean;
  /** Every cover window, earliest first; coveredTo = coveredFrom - 1 is a window that never began. */
  coveredMembers: { memberId: string; coveredFrom: string; coveredTo: string }[];
  billingFrequency: PolicyBillingFrequency;
  premiumMinor: number;
  currency: string;
  version: number;
  /** The crm agent who sold the policy, if any (commission accrues to them). */
  salesAgentId: string | null;
  /** For a cancelled policy, the last day of cover. */
  cancellationDate: string | null;
}

export function policyChangedPayload(policy: Policy, cover: PolicyMember[]): PolicyChangedPayload {
  return {
    id: policy.id,
    policyNumber: policy.policyNumber,
    schemeId: policy.schemeId,
    schemeVersionId: policy.schemeVersionId,
    holderMemberId: policy.holderMemberId,
    companyId: policy.companyId,
    startDate: policy.startDate,
    endDate: policy.endDate,
    status: policy.status,
    premiumInArrears: policy.premiumInArrears,
    coveredMembers: cover.map((c) => ({ memberId: c.memberId, coveredFrom: c.coveredFrom, coveredTo: c.coveredTo })),
    billingFrequency: policy.billingFrequency,
    premiumMinor: policy.premiumMinor,
    currency: policy.currency,
    version: policy.version,
    salesAgentId: policy.salesAgentId ?? null,
    cancellationDate: policy.cancellationDate ?? null,
  };
}

async function recordFor(manager: EntityManager, policies: Policy[]): Promise<void> {
  if (policies.length === 0) return;
  const cover = await manager.find(PolicyMember, {
    where: { policyId: In(policies.map((p) => p.id)) },
    order: { coveredFrom: 'ASC', createdAt: 'ASC', memberId: 'ASC', id: 'ASC' },
  });
  for (const policy of policies) {
    const payload = policyChangedPayload(policy, cover.filter((c) => c.policyId === policy.id));
    await recordEvent(manager, { type: POLICY_CHANGED, aggregateId: policy.id, payload });
  }
}

/**
 * Records `schemes.policy.changed` for each policy as it now stands in the caller's transaction;
 * the rows are read again so the payload carries the version the change just wrote.
 */
export async function recordPoliciesChanged(manager: EntityManager, policyIds: string[]): Promise<void> {
  if (policyIds.length === 0) return;
  await recordFor(manager, await manager.find(Policy, { where: { id: In(policyIds) }, order: { policyNumber: 'ASC' } }));
}

const REPUBLISH_BATCH = 200;

/** Tells the other domains the current state of every policy again; returns how many. */
export async function republishPolicies(manager: EntityManager): Promise<number> {
  let count = 0;
  let after = '';
  for (;;) {
    const batch = await manager.find(Policy, {
      where: after ? { policyNumber: MoreThan(after) } : {},
      order: { policyNumber: 'ASC' },
      take: REPUBLISH_BATCH,
    });
    await recordFor(manager, batch);
    count += batch.length;
    if (batch.length < REPUBLISH_BATCH) return count;
    after = batch[batch.length - 1].policyNumber;
  }
}
