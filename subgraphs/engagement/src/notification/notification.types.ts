import { registerEnumType } from 'type-graphql';

export enum NotificationChannel {
  EMAIL = 'EMAIL',
  SMS = 'SMS',
  PUSH = 'PUSH',
}
registerEnumType(NotificationChannel, { name: 'NotificationChannel' });

/** What a notification is about: members opt in or out per category and channel. */
export enum NotificationCategory {
  CLAIMS = 'CLAIMS',
  PREAUTHORISATIONS = 'PREAUTHORISATIONS',
  BILLING = 'BILLING',
  POLICY = 'POLICY',
}
registerEnumType(NotificationCategory, { name: 'NotificationCategory' });

/** The occurrences the platform tells members about; each has a template per channel. */
export enum NotificationEvent {
  CLAIM_DECIDED = 'CLAIM_DECIDED',
  PREAUTHORISATION_DECIDED = 'PREAUTHORISATION_DECIDED',
  INVOICE_RAISED = 'INVOICE_RAISED',
  INVOICE_OVERDUE = 'INVOICE_OVERDUE',
  POLICY_ACTIVATED = 'POLICY_ACTIVATED',
  POLICY_SUSPENDED = 'POLICY_SUSPENDED',
}
registerEnumType(NotificationEvent, { name: 'NotificationEvent' });

export const CATEGORY_OF: Record<NotificationEvent, NotificationCategory> = {
  CLAIM_DECIDED: NotificationCategory.CLAIMS,
  PREAUTHORISATION_DECIDED: NotificationCategory.PREAUTHORISATIONS,
  INVOICE_RAISED: NotificationCategory.BILLING,
  INVOICE_OVERDUE: NotificationCategory.BILLING,
  POLICY_ACTIVATED: NotificationCategory.POLICY,
  POLICY_SUSPENDED: NotificationCategory.POLICY,
};

/** The variables each event's templates may use. */
export const TEMPLATE_VARIABLES: Record<NotificationEvent, string[]> = {
  CLAIM_DECIDED: ['claimNumber', 'decision', 'payableAmount', 'memberResponsibilityAmount', 'serviceDate'],
  PREAUTHORISATION_DECIDED: ['preauthorisationId', 'status', 'decidedAt'],
  INVOICE_RAISED: ['invoiceNumber', 'totalAmount', 'dueDate'],
  INVOICE_OVERDUE: ['invoiceNumber', 'dueDate', 'daysOverdue'],
  POLICY_ACTIVATED: ['policyNumber', 'startDate', 'endDate'],
  POLICY_SUSPENDED: ['policyNumber'],
};

export enum NotificationStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
  SKIPPED = 'SKIPPED',
}
registerEnumType(NotificationStatus, { name: 'NotificationStatus', description: 'PENDING until sent; SENT; FAILED after the last attempt; SKIPPED (with a reason) when it could not or should not go.' });
