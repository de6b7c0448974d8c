import { InvalidTransitionError, type Violations } from '../../../../kit/errors';
import { LeadStatus, type LeadSource, type ProductInterest } from '../lead/lead.entity';
import { NurtureCampaignStatus } from './nurture-campaign.entity';
import { NurtureChannel } from './nurture-step.entity';

/** The only placeholders a template may use: the facts crm knows of every lead. */
export const PLACEHOLDERS = ['contactName', 'companyName', 'agentName'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** Three SMS segments: longer texts cost more than a nurture message is worth. */
export const SMS_MAX_LENGTH = 480;
export const SUBJECT_MAX_LENGTH = 200;
export const BODY_MAX_LENGTH = 10_000;
export const MAX_STEPS = 20;
/** A sequence longer than a year is no longer nurturing. */
export const MAX_DELAY_DAYS = 365;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

export interface StepDraft {
  delayDays: number;
  channel: NurtureChannel;
  subject?: string | null;
  body: string;
}

/** Placeholders a template names that are not allowed, and whether braces are left unmatched. */
export function templateProblems(template: string): { unknown: string[]; malformed: boolean } {
  const unknown: string[] = [];
  for (const [, name] of template.matchAll(PLACEHOLDER)) if (!(PLACEHOLDERS as readonly string[]).includes(name)) unknown.push(name);
  const rest = template.replace(PLACEHOLDER, '');
  return { unknown, malformed: rest.includes('{{') || rest.includes('}}') };
}

function checkTemplate(template: string, field: string, violations: Violations): void {
  const { unknown, malformed } = templateProblems(template);
  if (unknown.length) violations.add(field, 'KNOWN_PLACEHOLDERS', `unknown placeholder ${unknown.map((n) => `{{${n}}}`).join(', ')}: use only ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`);
  else if (malformed) violations.add(field, 'KNOWN_PLACEHOLDERS', 'has an unmatched {{ or }}');
}

/**
 * Checks a campaign's steps, in order (step n is `steps[n-1]`): each field broken is named
 * (`steps[2].body`) with its rule. Delays count from enrolment and never go down; an e-mail needs
 * a subject and an SMS has none; bodies are not empty, use only the known placeholders, and an
 * SMS template stays within three segments.
 */
export function checkSteps(steps: readonly StepDraft[], violations: Violations, field = 'steps'): void {
  if (steps.length > MAX_STEPS) violations.add(field, 'MAX_STEPS', `at most ${MAX_STEPS} steps`);
  steps.forEach((step, i) => {
    const at = `${field}[${i}]`;
    if (!Number.isInteger(step.delayDays) || step.delayDays < 0 || step.delayDays > MAX_DELAY_DAYS) {
      violations.add(`${at}.delayDays`, 'DELAY_RANGE', `must be a whole number of days from 0 to ${MAX_DELAY_DAYS}`);
    } else if (i > 0 && step.delayDays < steps[i - 1].delayDays) {
      violations.add(`${at}.delayDays`, 'NON_DECREASING_DELAY', `must be at least the previous step's ${steps[i - 1].delayDays} days (delays count from enrolment)`);
    }
    const subject = step.subject?.trim() ?? '';
    if (step.channel === NurtureChannel.EMAIL) {
      if (!subject) violations.add(`${at}.subject`, 'REQUIRED_FOR_EMAIL', 'an e-mail needs a subject');
      else if (subject.length > SUBJECT_MAX_LENGTH) violations.add(`${at}.subject`, 'MAX_LENGTH', `at most ${SUBJECT_MAX_LENGTH} characters`);
      else checkTemplate(subject, `${at}.subject`, violations);
    } else if (step.subject != null) {
      violations.add(`${at}.subject`, 'ABSENT_FOR_SMS', 'an SMS has no subject');
    }
    const body = step.body.trim();
    if (!body) violations.add(`${at}.body`, 'NOT_EMPTY', 'write the message');
    else if (step.channel === NurtureChannel.SMS && body.length > SMS_MAX_LENGTH) violations.add(`${at}.body`, 'SMS_MAX_LENGTH', `an SMS is at most ${SMS_MAX_LENGTH} characters (has ${body.length})`);
    else if (body.length > BODY_MAX_LENGTH) violations.add(`${at}.body`, 'MAX_LENGTH', `at most ${BODY_MAX_LENGTH} characters`);
    else checkTemplate(body, `${at}.body`, violations);
  });
}

/** Fills a checked template's placeholders. */
export function renderTemplate(template: string, values: Record<Placeholder, string>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => ((PLACEHOLDERS as readonly string[]).includes(name) ? values[name as Placeholder] : whole));
}

/** What a lead's messages say of it: an individual's "company" is their own name; a lead nobody works is greeted by the team. */
export function templateValues(lead: { contactName: string; companyName: string | null }, agentName: string | null): Record<Placeholder, string> {
  return { contactName: lead.contactName, companyName: lead.companyName ?? lead.contactName, agentName: agentName ?? 'our sales team' };
}

const NEXT: Record<NurtureCampaignStatus, NurtureCampaignStatus[]> = {
  DRAFT: [NurtureCampaignStatus.ACTIVE, NurtureCampaignStatus.ARCHIVED],
  ACTIVE: [NurtureCampaignStatus.PAUSED, NurtureCampaignStatus.ARCHIVED],
  PAUSED: [NurtureCampaignStatus.ACTIVE, NurtureCampaignStatus.ARCHIVED],
  ARCHIVED: [],
};

/** Checks a campaign's status change: the step must be allowed, and a campaign goes live only with steps to send. */
export function checkCampaignTransition(from: NurtureCampaignStatus, to: NurtureCampaignStatus, stepCount: number): void {
  if (!NEXT[from].includes(to)) {
    const allowed = NEXT[from];
    throw new InvalidTransitionError('nurture campaign', from, `move to ${to}`, allowed.length ? `from ${from} a campaign may only move to ${allowed.join(' or ')}` : `${from} is final`);
  }
  if (to === NurtureCampaignStatus.ACTIVE && stepCount === 0) {
    throw new InvalidTransitionError('nurture campaign', from, `move to ${to}`, 'a campaign needs at least one step to go live');
  }
}

export interface Audience {
  productInterests: readonly ProductInterest[];
  sources: readonly LeadSource[];
  regions: readonly string[];
  minScore: number | null;
}

/** Whether a lead is in a campaign's audience (an empty list matches anything). */
export function matchesAudience(audience: Audience, lead: { productInterest: ProductInterest; source: LeadSource; region: string; score: number }): boolean {
  const any = <T>(list: readonly T[], value: T) => list.length === 0 || list.includes(value);
  return any(audience.productInterests, lead.productInterest) && any(audience.sources, lead.source) && any(audience.regions, lead.region) && (audience.minScore === null || lead.score >= audience.minScore);
}

export type EnrolmentRefusal = 'NO_CONSENT' | 'LEAD_CONVERTED' | 'LEAD_DISQUALIFIED';

/** Why a lead may not be enrolled, or null: direct marketing needs consent, and closed leads are not nurtured. */
export function enrolmentRefusal(lead: { status: LeadStatus; marketingConsent: boolean }): EnrolmentRefusal | null {
  if (lead.status === LeadStatus.CONVERTED) return 'LEAD_CONVERTED';
  if (lead.status === LeadStatus.DISQUALIFIED) return 'LEAD_DISQUALIFIED';
  return lead.marketingConsent ? null : 'NO_CONSENT';
}

const DAY_MS = 86_400_000;

/** When a step falls due: its delay in days after enrolment. */
export function stepDueAt(enrolledAt: Date, delayDays: number): Date {
  return new Date(enrolledAt.getTime() + delayDays * DAY_MS);
}

/** How late a step may go and still count as on time: job runs come minutes apart (at most a day), a pause days. */
export const HELD_BACK_TOLERANCE_MS = DAY_MS;

/**
 * When the next step falls due after one went at `sentAt`. Delays count from enrolment, so the
 * next step keeps its planned gap from the step sent *as it was due* (`sentDueAt`): on its own day
 * from enrolment, unless an earlier step was held back and pushed the sequence on. Only when the
 * step sent was itself held back meaningfully (sent more than `HELD_BACK_TOLERANCE_MS` after it
 * fell due: a paused campaign, a job that did not run) is the next one pushed to the plan's gap
 * after the actual send, so the lead is not sent the held-back steps in a burst. A job that runs
 * a few hours late delays nothing after it.
 */
export function nextDueAt(sentDueAt: Date, sentAt: Date, sentDelayDays: number, nextDelayDays: number): Date {
  const heldBack = sentAt.getTime() - sentDueAt.getTime() > HELD_BACK_TOLERANCE_MS;
  const from = heldBack ? sentAt : sentDueAt;
  return new Date(from.getTime() + (nextDelayDays - sentDelayDays) * DAY_MS);
}

/** The lead's address for a channel, or null when it has none. */
export function recipientFor(channel: NurtureChannel, lead: { contactEmail: string | null; contactPhone: string | null }): string | null {
  return (channel === NurtureChannel.EMAIL ? lead.contactEmail : lead.contactPhone)?.trim() || null;
}
