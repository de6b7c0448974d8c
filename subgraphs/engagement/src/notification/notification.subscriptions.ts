import type { EntityManager } from 'typeorm';
import type { DomainEvent, EventSubscription } from '../../../../kit/events/event';
import { formatMinor } from '../../../../kit/money';
import type { EngagementServices } from '../services';
import { NotificationEvent } from './notification.types';

/** The domain events members are told about. */
export const NOTIFIED_EVENTS = {
  CLAIM_DECIDED: 'claims.claim.decided',
  PREAUTHORISATION_DECIDED: 'claims.preauthorisation.decided',
  INVOICE_RAISED: 'finance.invoice.raised',
  INVOICE_OVERDUE: 'finance.invoice.overdue',
  POLICY_CHANGED: 'schemes.policy.changed',
} as const;

function need<T>(event: DomainEvent, fields: string[]): T {
  const payload = event.payload as Record<string, unknown>;
  const missing = fields.filter((f) => payload?.[f] === undefined || payload[f] === null);
  if (missing.length) throw new TypeError(`${event.type} ${event.id}: payload lacks ${missing.join(', ')}`);
  return payload as T;
}

async function onClaimDecided(event: DomainEvent, manager: EntityManager, services: EngagementServices) {
  const p = need<{ claimNumber: string; memberId: string; decision: string; currency: string; payableMinor: number; memberResponsibilityMinor: number; serviceDate: string }>(event, [
    'claimNumber',
    'memberId',
    'decision',
    'currency',
  ]);
  // A pended claim is not decided yet: the member hears when it is.
  if (p.decision === 'PENDED') return;
  await services.notifications.request(manager, {
    sourceEventId: event.id,
    event: NotificationEvent.CLAIM_DECIDED,
    memberId: p.memberId,
    variables: {
      claimNumber: p.claimNumber,
      decision: p.decision.replace(/_/g, ' ').toLowerCase(),
      payableAmount: `${p.currency} ${formatMinor(p.payableMinor ?? 0, p.currency)}`,
      memberResponsibilityAmount: `${p.currency} ${formatMinor(p.memberResponsibilityMinor ?? 0, p.currency)}`,
      serviceDate: p.serviceDate ?? '',
    },
  });
}

async function onPreauthorisationDecided(event: DomainEvent, manager: EntityManager, services: EngagementServices) {
  const p = need<{ preauthorisationId: string; memberId: string; status: string; decidedAt: string }>(event, ['preauthorisationId', 'memberId', 'status']);
  await services.notifications.request(manager, {
    sourceEventId: event.id,
    event: NotificationEvent.PREAUTHORISATION_DECIDED,
    memberId: p.memberId,
    variables: { preauthorisationId: p.preauthorisationId, status: p.status.toLowerCase(), decidedAt: p.decidedAt ?? '' },
  });
}

async function onInvoiceRaised(event: DomainEvent, manager: EntityManager, services: EngagementServices) {
  const p = need<{ invoiceNumber: string; billedMemberId: string | null; dueDate: string; totalMinor: number; currency: string }>(event, ['invoiceNumber', 'dueDate', 'currency']);
  // A company's invoice goes to its HR contact, not to a member.
  if (!p.billedMemberId) return;
  await services.notifications.request(manager, {
    sourceEventId: event.id,
    event: NotificationEvent.INVOICE_RAISED,
    memberId: p.billedMemberId,
    variables: { invoiceNumber: p.invoiceNumber, totalAmount: `${p.currency} ${formatMinor(p.totalMinor ?? 0, p.currency)}`, dueDate: p.dueDate },
  });
}

async function onInvoiceOverdue(event: DomainEvent, manager: EntityManager, services: EngagementServices) {
  const p = need<{ invoiceNumber: string; billedMemberId: string | null; dueDate: string; daysOverdue: number }>(event, ['invoiceNumber', 'dueDate']);
  if (!p.billedMemberId) return;
  await services.notifications.request(manager, {
    sourceEventId: event.id,
    event: NotificationEvent.INVOICE_OVERDUE,
    memberId: p.billedMemberId,
    variables: { invoiceNumber: p.invoiceNumber, dueDate: p.dueDate, daysOverdue: String(p.daysOverdue ?? '') },
  });
}

/**
 * Detects activation and suspension from the policy's state: the last status seen per policy is
 * kept, a stale or repeated version changes nothing, and only a change of status notifies. The
 * first sight of a policy notifies only when it was created active (version 1).
 */
async function onPolicyChanged(event: DomainEvent, manager: EntityManager, services: EngagementServices) {
  const p = need<{ id: string; policyNumber: string; holderMemberId: string; status: string; version: number; startDate: string; endDate: string }>(event, [
    'id',
    'holderMemberId',
    'status',
    'version',
  ]);
  const [previous] = (await manager.query(`SELECT status, version FROM policy_statuses WHERE policy_id = $1 FOR UPDATE`, [p.id])) as { status: string; version: number }[];
  if (previous && previous.version >= p.version) return;
  await manager.query(
    `INSERT INTO policy_statuses (policy_id, status, version) VALUES ($1, $2, $3)
     ON CONFLICT (policy_id) DO UPDATE SET status = EXCLUDED.status, version = EXCLUDED.version, updated_at = now()`,
    [p.id, p.status, p.version],
  );
  const changed = previous ? previous.status !== p.status : p.version === 1;
  if (!changed) return;
  const kind = p.status === 'ACTIVE' ? NotificationEvent.POLICY_ACTIVATED : p.status === 'SUSPENDED' ? NotificationEvent.POLICY_SUSPENDED : null;
  if (!kind) return;
  await services.notifications.request(manager, {
    sourceEventId: event.id,
    event: kind,
    memberId: p.holderMemberId,
    variables: { policyNumber: p.policyNumber ?? '', startDate: p.startDate ?? '', endDate: p.endDate ?? '' },
  });
}

export const notificationSubscriptions: EventSubscription<EngagementServices>[] = [
  { types: [NOTIFIED_EVENTS.CLAIM_DECIDED], handle: onClaimDecided },
  { types: [NOTIFIED_EVENTS.PREAUTHORISATION_DECIDED], handle: onPreauthorisationDecided },
  { types: [NOTIFIED_EVENTS.INVOICE_RAISED], handle: onInvoiceRaised },
  { types: [NOTIFIED_EVENTS.INVOICE_OVERDUE], handle: onInvoiceOverdue },
  // Locks the policy's status row, so two instances never both see the same transition.
  { types: [NOTIFIED_EVENTS.POLICY_CHANGED], handle: onPolicyChanged },
];
