import type { Role } from '../../../kit/auth/identity';
import { forMember, nestedFields, recordFields, staff, staffOrMember } from '../../../kit/auth/rules';
import type { Clock } from '../../../kit/clock';
import { defineSubgraph } from '../../../kit/subgraph';
import { readEngagementConfig, type EngagementConfig } from './config';
import { MemberContact, PolicyStatusRow } from './contact/contact.entity';
import { contactSubscriptions } from './contact/contact.subscriptions';
import { deliverWebhooksJob, sendLeadMessagesJob, sendNotificationsJob } from './jobs';
import { LeadMarketingConsent, LeadMessage } from './lead/lead-message.entity';
import { LeadMessageResolver } from './lead/lead-message.resolver';
import { leadMessageSubscriptions } from './lead/lead-message.subscriptions';
import { createEngagementLoaders } from './loaders';
import { EngagementSchema1700000011000 } from './migrations/1700000011000-EngagementSchema';
import { LeadMessages1700000011100 } from './migrations/1700000011100-LeadMessages';
import type { ChannelAdapters } from './notification/channels/channels';
import { Notification, NotificationAttempt, NotificationPreferenceRow, NotificationTemplate } from './notification/notification.entity';
import { NotificationResolver } from './notification/notification.resolver';
import { notificationSubscriptions } from './notification/notification.subscriptions';
import { createEngagementServices } from './services';
import { SupportTicket, TicketComment } from './ticket/ticket.entity';
import { TicketResolver } from './ticket/ticket.resolver';
import { WebhookDelivery, WebhookDeliveryAttempt, WebhookEndpoint } from './webhook/webhook.entity';
import { WebhookResolver } from './webhook/webhook.resolver';
import { webhookFanOut } from './webhook/webhook.subscriptions';

/**
 * Staff who serve members work their tickets and see their notifications and preferences: the
 * officers members deal with. Templates and webhooks are ADMIN's (the `staff()` default).
 */
const SUPPORT: Role[] = ['ENROLMENT_OFFICER', 'CLAIMS_OFFICER', 'FINANCE_OFFICER'];

/**
 * Who reads a lead's delivery log: sales managers (and ADMIN), who run crm's whole pipeline, and
 * analysts for its plain fields. Not sales agents: crm limits an agent to their own leads, and
 * engagement does not know which agent works a lead.
 */
const LEAD_READERS: Role[] = ['SALES_MANAGER', 'ANALYST'];

const ticketSpec = { staff: SUPPORT, memberOf: (t: { memberId: string }) => t.memberId };
const memberRecordSpec = { staff: SUPPORT, memberOf: (r: { memberId: string }) => r.memberId };

/** What tests (and a process embedding the subgraph) may put in place of the settings, clock and providers. */
export interface EngagementOverrides {
  config?: EngagementConfig;
  clock?: Clock;
  adapters?: ChannelAdapters;
}

/**
 * Notifications to members (e-mail, SMS, push) on claims, pre-authorisation, billing and policy
 * events, with templates, preferences, quiet hours and retries; crm's nurture messages to leads,
 * through the same sender; signed webhooks for external systems; and member support tickets.
 */
export function createEngagementSubgraph(overrides: EngagementOverrides = {}) {
  // Read when services or jobs are made, so importing the definition reads no settings.
  const config = () => overrides.config ?? readEngagementConfig();
  return defineSubgraph({
    name: 'engagement',
    defaultPort: 4011,
    entities: [MemberContact, PolicyStatusRow, NotificationTemplate, NotificationPreferenceRow, Notification, NotificationAttempt, WebhookEndpoint, WebhookDelivery, WebhookDeliveryAttempt, SupportTicket, TicketComment, LeadMessage, LeadMarketingConsent],
    migrations: [EngagementSchema1700000011000, LeadMessages1700000011100],
    resolvers: [NotificationResolver, WebhookResolver, TicketResolver, LeadMessageResolver],
    referenceResolvers: {},
    permissions: {
      Query: {
        notificationTemplates: staff(),
        notificationPreferences: forMember({ staff: SUPPORT, memberArg: 'memberId' }),
        notifications: forMember({ staff: SUPPORT, memberArg: 'memberId' }),
        notificationQuietHours: forMember({ staff: SUPPORT, memberArg: 'memberId' }),
        webhookEndpoints: staff(),
        webhookEventTypes: staff(),
        webhookDeliveries: staff(),
        supportTicket: staffOrMember(...SUPPORT),
        supportTickets: staffOrMember(...SUPPORT),
        leadMessages: staff(...LEAD_READERS),
      },
      Mutation: {
        upsertNotificationTemplate: staff(),
        setNotificationPreference: forMember({ staff: SUPPORT, memberArg: 'memberId' }),
        setNotificationQuietHours: forMember({ staff: SUPPORT, memberArg: 'memberId' }),
        registerWebhookEndpoint: staff(),
        setWebhookEndpointEnabled: staff(),
        replayWebhookDelivery: staff(),
        raiseSupportTicket: staffOrMember(...SUPPORT),
        // Members move their own tickets only as the transition rule allows (reopen or close a resolved one).
        changeSupportTicketStatus: staffOrMember(...SUPPORT),
        commentOnSupportTicket: staffOrMember(...SUPPORT),
        assignSupportTicket: staff(...SUPPORT),
      },
      NotificationTemplate: staff(),
      NotificationPreference: recordFields(memberRecordSpec),
      MemberQuietHours: recordFields(memberRecordSpec),
      // Where a message went and what it said are contact details and personal content.
      Notification: recordFields(memberRecordSpec, { personal: ['recipient', 'subject', 'body'] }),
      NotificationAttempt: nestedFields({ staff: SUPPORT }),
      WebhookEndpoint: staff(),
      RegisteredWebhookEndpoint: staff(),
      WebhookDelivery: staff(),
      WebhookDeliveryAttempt: staff(),
      SupportTicket: recordFields(ticketSpec, { personal: ['subject', 'description'] }),
      TicketComment: nestedFields({ staff: SUPPORT }, { personal: ['body'] }),
      // Leads are not members: no member user sees these. Where a message went and what it said are
      // personal, and so are the provider's words on a failure (a bounce quotes the address).
      LeadMessage: recordFields({ staff: LEAD_READERS, forMembers: false }, { personal: ['recipient', 'subject', 'body', 'reason', 'lastError'] }),
      LeadMessageConnection: staff(...LEAD_READERS),
      LeadMessageEdge: staff(...LEAD_READERS),
      PageInfo: staff(...LEAD_READERS),
    },
    createServices: (dataSource, logger) => createEngagementServices(dataSource, config(), overrides.clock, logger, overrides.adapters),
    createLoaders: createEngagementLoaders,
    subscriptions: [...contactSubscriptions, ...notificationSubscriptions, ...leadMessageSubscriptions, webhookFanOut],
    get jobs() {
      return [sendNotificationsJob(config()), sendLeadMessagesJob(config()), deliverWebhooksJob(config())];
    },
  });
}

export const engagementSubgraph = createEngagementSubgraph();
