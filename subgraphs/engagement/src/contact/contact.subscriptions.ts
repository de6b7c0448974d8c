import type { EventSubscription } from '../../../../kit/events/event';
import type { EngagementServices } from '../services';

export const MEMBER_CHANGED = 'members.member.changed';
export const MEMBER_ERASED = 'members.member.erased';

/** The highest version a contact can have: an erased member's tombstone outranks every late change. */
const TOMBSTONE_VERSION = 2_147_483_647;
/** What stands in for free text a member wrote, or was written about them, once they are erased. */
const ERASED_TEXT = '[erased]';

/**
 * What engagement reads of `members.member.changed`. `email` and `phone` are read when the
 * payload carries them; without them the member is reached through push only.
 */
interface MemberChanged {
  id: string;
  principalId: string | null;
  companyId: string | null;
  email?: string | null;
  phone?: string | null;
  version: number;
}

/**
 * Keeps the contact read model: the newest version of each member wins. An erased member is kept
 * as a tombstone and their personal text goes from notifications and tickets; what has not been
 * sent yet is not sent.
 */
export const contactSubscriptions: EventSubscription<EngagementServices>[] = [
  {
    types: [MEMBER_CHANGED],
    handle: async (event, manager) => {
      const payload = event.payload as MemberChanged;
      if (!payload?.id || typeof payload.version !== 'number') throw new TypeError(`${event.type} ${event.id}: payload lacks id or version`);
      await manager.query(
        `INSERT INTO member_contacts (member_id, principal_id, company_id, email, phone, version) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (member_id) DO UPDATE SET principal_id = EXCLUDED.principal_id, company_id = EXCLUDED.company_id,
           email = EXCLUDED.email, phone = EXCLUDED.phone, version = EXCLUDED.version, updated_at = now()
         WHERE member_contacts.version < EXCLUDED.version AND NOT member_contacts.erased`,
        [payload.id, payload.principalId ?? null, payload.companyId ?? null, payload.email ?? null, payload.phone ?? null, payload.version],
      );
    },
  },
  {
    types: [MEMBER_ERASED],
    handle: async (event, manager) => {
      const payload = event.payload as { memberId?: string };
      if (!payload?.memberId) throw new TypeError(`${event.type} ${event.id}: payload lacks memberId`);
      await manager.query(
        `INSERT INTO member_contacts (member_id, version, erased) VALUES ($1, $2, true)
         ON CONFLICT (member_id) DO UPDATE SET principal_id = NULL, company_id = NULL, email = NULL, phone = NULL, version = EXCLUDED.version, erased = true, updated_at = now()`,
        [payload.memberId, TOMBSTONE_VERSION],
      );
      await manager.query(
        `UPDATE notifications SET status = 'SKIPPED', skip_reason = 'member erased', next_attempt_at = NULL, lease_token = NULL, updated_at = now()
         WHERE member_id = $1 AND status = 'PENDING'`,
        [payload.memberId],
      );
      // The addresses and the rendered text of past notifications are personal data too.
      await manager.query(
        `UPDATE notifications SET recipient = NULL, subject = NULL, body = NULL, html_body = NULL, updated_at = now()
         WHERE member_id = $1 AND (recipient IS NOT NULL OR subject IS NOT NULL OR body IS NOT NULL OR html_body IS NOT NULL)`,
        [payload.memberId],
      );
      // Ticket numbers, statuses and dates stay for the service record; what was written goes.
      await manager.query(`UPDATE support_tickets SET subject = $2, description = $2, updated_at = now() WHERE member_id = $1`, [payload.memberId, ERASED_TEXT]);
      await manager.query(`UPDATE ticket_comments SET body = $2 WHERE ticket_id IN (SELECT id FROM support_tickets WHERE member_id = $1)`, [payload.memberId, ERASED_TEXT]);
    },
  },
];
