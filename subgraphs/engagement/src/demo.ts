import type { EntityManager } from 'typeorm';
import type { DemoPlan } from '../../../demo/plan';
import { NotificationCategory, NotificationChannel, NotificationEvent } from './notification/notification.types';
import { TicketCategory, TicketStatus } from './ticket/ticket.rules';

const DEMO_ACTOR = 'system:demo-seed';

/** The demo's wording of each event, per channel: subject (e-mail subject, push title) and body. */
export const DEMO_TEMPLATES: Record<NotificationEvent, Record<NotificationChannel, { subject: string; body: string }>> = {
  CLAIM_DECIDED: {
    EMAIL: { subject: 'Your claim {{claimNumber}} has been decided', body: 'Your claim {{claimNumber}} for care on {{serviceDate}} was {{decision}}.\nWe pay {{payableAmount}}; your share is {{memberResponsibilityAmount}}.' },
    SMS: { subject: '', body: 'Claim {{claimNumber}} ({{serviceDate}}) {{decision}}. We pay {{payableAmount}}, your share {{memberResponsibilityAmount}}.' },
    PUSH: { subject: 'Claim {{claimNumber}} {{decision}}', body: 'We pay {{payableAmount}}; your share is {{memberResponsibilityAmount}}.' },
  },
  PREAUTHORISATION_DECIDED: {
    EMAIL: { subject: 'Your pre-authorisation request was {{status}}', body: 'Your pre-authorisation request {{preauthorisationId}} was {{status}} on {{decidedAt}}.' },
    SMS: { subject: '', body: 'Pre-authorisation {{preauthorisationId}} {{status}}.' },
    PUSH: { subject: 'Pre-authorisation {{status}}', body: 'Open the app to see the details of your request.' },
  },
  INVOICE_RAISED: {
    EMAIL: { subject: 'Invoice {{invoiceNumber}} is ready', body: 'Invoice {{invoiceNumber}} for {{totalAmount}} is due on {{dueDate}}.' },
    SMS: { subject: '', body: 'Invoice {{invoiceNumber}}: {{totalAmount}} due {{dueDate}}. Pay by M-Pesa in the app.' },
    PUSH: { subject: 'New invoice {{invoiceNumber}}', body: '{{totalAmount}} due on {{dueDate}}.' },
  },
  INVOICE_OVERDUE: {
    EMAIL: { subject: 'Invoice {{invoiceNumber}} is overdue', body: 'Invoice {{invoiceNumber}}, due on {{dueDate}}, is {{daysOverdue}} days overdue. Cover may be suspended until it is paid.' },
    SMS: { subject: '', body: 'Invoice {{invoiceNumber}} is {{daysOverdue}} days overdue. Pay now to keep your cover.' },
    PUSH: { subject: 'Invoice overdue', body: 'Invoice {{invoiceNumber}} is {{daysOverdue}} days overdue.' },
  },
  POLICY_ACTIVATED: {
    EMAIL: { subject: 'Your cover is active', body: 'Policy {{policyNumber}} is active from {{startDate}} to {{endDate}}.' },
    SMS: { subject: '', body: 'Policy {{policyNumber}} is active ({{startDate}} to {{endDate}}).' },
    PUSH: { subject: 'Cover active', body: 'Policy {{policyNumber}} is now active.' },
  },
  POLICY_SUSPENDED: {
    EMAIL: { subject: 'Your cover is suspended', body: 'Policy {{policyNumber}} is suspended. Claims will not be paid until it is reinstated.' },
    SMS: { subject: '', body: 'Policy {{policyNumber}} is suspended. Call us to reinstate cover.' },
    PUSH: { subject: 'Cover suspended', body: 'Policy {{policyNumber}} is suspended.' },
  },
};

const DEMO_TICKETS: { subject: string; description: string; category: TicketCategory; status: TicketStatus; comments: { byStaff: boolean; body: string; internal?: boolean }[] }[] = [
  {
    subject: 'Hospital could not read my card',
    description: 'At Nairobi Hospital the front desk said my card number was not found.',
    category: TicketCategory.APP,
    status: TicketStatus.IN_PROGRESS,
    comments: [
      { byStaff: true, body: 'Sorry about that. We are checking your card with the provider.' },
      { byStaff: true, body: 'Provider portal had a stale member list; asked them to refresh.', internal: true },
    ],
  },
  {
    subject: 'Why was part of my claim not paid?',
    description: 'My outpatient claim was only partly approved.',
    category: TicketCategory.CLAIMS,
    status: TicketStatus.AWAITING_MEMBER,
    comments: [{ byStaff: true, body: 'Could you send the itemised receipt from the pharmacy?' }],
  },
  {
    subject: 'Add my newborn to the policy',
    description: 'Our daughter was born last week; how do I add her?',
    category: TicketCategory.POLICY,
    status: TicketStatus.RESOLVED,
    comments: [
      { byStaff: true, body: 'She is added from today; her card is in the app.' },
      { byStaff: false, body: 'Thank you!' },
    ],
  },
  {
    subject: 'M-Pesa payment not reflected',
    description: 'I paid my premium yesterday but the invoice still shows open.',
    category: TicketCategory.BILLING,
    status: TicketStatus.OPEN,
    comments: [],
  },
];

/**
 * Seeds the engagement domain for the demo world: a template for every event on every channel,
 * the contact read model of the demo members, a few members' preferences (SMS off for billing),
 * and support tickets with their conversations.
 */
export async function seedEngagementDemo(manager: EntityManager, plan: DemoPlan): Promise<void> {
  const random = plan.random('engagement');
  for (const [event, channels] of Object.entries(DEMO_TEMPLATES)) {
    for (const [channel, template] of Object.entries(channels)) {
      await manager.query(
        `INSERT INTO notification_templates (event, channel, subject, body, updated_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event, channel) DO NOTHING`,
        [event, channel, template.subject, template.body, DEMO_ACTOR],
      );
    }
  }
  // What members would have published: the demo world knows every member's contact details.
  for (const member of plan.members) {
    await manager.query(
      `INSERT INTO member_contacts (member_id, principal_id, company_id, email, phone, version) VALUES ($1, $2, $3, $4, $5, 1) ON CONFLICT (member_id) DO NOTHING`,
      [member.id, member.principalId, member.companyId, member.email, member.phone],
    );
  }
  const principals = plan.members.filter((m) => m.principalId === null && m.status === 'ACTIVE');
  for (const member of principals.filter(() => random.chance(0.1))) {
    await manager.query(
      `INSERT INTO notification_preferences (member_id, category, channel, opted_in) VALUES ($1, $2, $3, false) ON CONFLICT DO NOTHING`,
      [member.id, NotificationCategory.BILLING, NotificationChannel.SMS],
    );
  }
  const asOf = new Date(`${plan.asOf}T09:00:00+03:00`);
  for (let i = 0; i < Math.min(DEMO_TICKETS.length * 3, principals.length); i += 1) {
    const ticket = DEMO_TICKETS[i % DEMO_TICKETS.length];
    const member = principals[random.int(0, principals.length - 1)];
    const id = random.uuid();
    const raisedAt = new Date(asOf.getTime() - random.int(1, 20) * 86_400_000);
    const byStaff = i % 4 === 3;
    await manager.query(
      `INSERT INTO support_tickets (id, member_id, subject, description, category, status, raised_by, raised_by_staff, assignee_id, resolved_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
      [
        id,
        member.id,
        ticket.subject,
        ticket.description,
        ticket.category,
        ticket.status,
        byStaff ? 'demo-enrolment-officer' : `member:${member.id}`,
        byStaff,
        ticket.status === TicketStatus.OPEN ? null : 'demo-enrolment-officer',
        ticket.status === TicketStatus.RESOLVED ? new Date(raisedAt.getTime() + 2 * 86_400_000) : null,
        raisedAt,
      ],
    );
    for (const [n, comment] of ticket.comments.entries()) {
      await manager.query(
        `INSERT INTO ticket_comments (id, ticket_id, author_id, by_staff, body, internal, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [random.uuid(), id, comment.byStaff ? 'demo-enrolment-officer' : `member:${member.id}`, comment.byStaff, comment.body, comment.internal ?? false, new Date(raisedAt.getTime() + (n + 1) * 3_600_000)],
      );
    }
  }
}
