import type { Actor } from './identity';

/**
 * What one subgraph tells the audit log about one request: who looked at or changed which
 * member's data, which fields, from where, and whether it was allowed. Recorded through the
 * subgraph's outbox as `<subgraph>.audit.recorded` and kept, append-only, by the identity subgraph.
 */
export interface AuditRecordPayload {
  subgraph: string;
  actorId: string;
  actorRoles: string[];
  /** The client address the gateway saw. */
  ip: string | null;
  /** The member whose data it was (null for a write that concerns no member, e.g. a new scheme). */
  memberId: string | null;
  operationType: 'query' | 'mutation';
  /** The operation's name, or its root fields when it has none. */
  operation: string;
  /** `Type.field` for every field touched, sorted. */
  fields: string[];
  allowed: boolean;
  correlationId: string;
  at: string;
}

export const AUDIT_EVENT = 'audit.recorded';

/** `members` → `members.audit.recorded`. */
export function auditEventType(subgraph: string): string {
  return `${subgraph}.${AUDIT_EVENT}`;
}

/** What happened to one member's data in one request, gathered while the operation runs. */
interface Touch {
  fields: Set<string>;
  allowed: boolean;
}

/**
 * The access log of one request: permission rules note every member record they let staff see
 * (or refuse them), and the subgraph writes one audit record per member when the response goes.
 */
export class AccessLog {
  private readonly touches = new Map<string, Touch>();
  private denied = false;

  /** Notes that `field` of `memberId`'s data was reached (null: data of no member, e.g. a denied write). */
  touch(memberId: string | null, field: string, allowed: boolean): void {
    const key = memberId ?? '';
    let touch = this.touches.get(key);
    if (!touch) {
      touch = { fields: new Set(), allowed: true };
      this.touches.set(key, touch);
    }
    touch.fields.add(field);
    if (!allowed) {
      touch.allowed = false;
      this.denied = true;
    }
  }

  get anyDenied(): boolean {
    return this.denied;
  }

  get size(): number {
    return this.touches.size;
  }

  /** One payload per member touched (and one for data of no member), ready for the outbox. */
  records(base: { subgraph: string; actor: Actor; operationType: 'query' | 'mutation'; operation: string; correlationId: string; at: string }): AuditRecordPayload[] {
    return [...this.touches.entries()].map(([memberId, touch]) => ({
      subgraph: base.subgraph,
      actorId: base.actor.id,
      actorRoles: [...base.actor.roles],
      ip: base.actor.ip ?? null,
      memberId: memberId || null,
      operationType: base.operationType,
      operation: base.operation,
      fields: [...touch.fields].sort(),
      allowed: touch.allowed,
      correlationId: base.correlationId,
      at: base.at,
    }));
  }
}
