import { auditEventType } from '../../../../kit/auth/audit';
import type { EventSubscription } from '../../../../kit/events/event';
import { checkAuditPayload, storeAuditRecord } from './audit.service';

/** Every subgraph that writes audit records to its outbox (kit/subgraph.ts `writeAuditRecords`). */
export const AUDITED_SUBGRAPHS = ['members', 'schemes', 'claims', 'finance', 'providers', 'identity', 'crm', 'tokens', 'wellness', 'analytics', 'engagement'] as const;

/** `members.audit.recorded`, `schemes.audit.recorded`, ... */
export const AUDIT_EVENT_TYPES: string[] = AUDITED_SUBGRAPHS.map(auditEventType);

/** Keeps each audit event as one row; the inbox and the row's key both make redelivery harmless. */
export const auditRecordsSubscription: EventSubscription = {
  types: AUDIT_EVENT_TYPES,
  async handle(event, manager) {
    await storeAuditRecord(manager, event.id, checkAuditPayload(event.payload));
  },
};
