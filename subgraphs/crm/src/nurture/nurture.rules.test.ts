import { Violations, ValidationError } from '../../../../kit/errors';
import { LeadSource, LeadStatus, ProductInterest } from '../lead/lead.entity';
import { NurtureChannel } from './nurture-step.entity';
import { checkSteps, enrolmentRefusal, matchesAudience, nextDueAt, recipientFor, renderTemplate, templateValues } from './nurture.rules';

const violationsOf = (steps: Parameters<typeof checkSteps>[0]) => {
  const violations = new Violations();
  checkSteps(steps, violations);
  try {
    violations.throwIfAny();
    return [];
  } catch (error) {
    return (error as ValidationError).violations.map((v) => `${v.field} ${v.rule}`);
  }
};

describe('nurture rules', () => {
  it('accepts equal delays and the known placeholders, with spaces inside the braces', () => {
    expect(violationsOf([
      { delayDays: 0, channel: NurtureChannel.SMS, body: 'Hi {{ contactName }}' },
      { delayDays: 0, channel: NurtureChannel.EMAIL, subject: '{{companyName}}', body: '{{agentName}}' },
    ])).toEqual([]);
  });

  it('refuses a negative delay and an unmatched brace', () => {
    expect(violationsOf([{ delayDays: -1, channel: NurtureChannel.SMS, body: 'Hi }}' }])).toEqual(['steps[0].delayDays DELAY_RANGE', 'steps[0].body KNOWN_PLACEHOLDERS']);
  });

  it('renders placeholders; an individual is their own company and an unassigned lead hears from the team', () => {
    const values = templateValues({ contactName: 'Fatuma Said', companyName: null }, null);
    expect(renderTemplate('{{contactName}} / {{ companyName }} / {{agentName}}', values)).toBe('Fatuma Said / Fatuma Said / our sales team');
  });

  it('matches an audience: empty lists match anything, the score must reach the minimum', () => {
    const lead = { productInterest: ProductInterest.PREMIER, source: LeadSource.EVENT, region: 'Kisumu', score: 60 };
    expect(matchesAudience({ productInterests: [], sources: [], regions: [], minScore: null }, lead)).toBe(true);
    expect(matchesAudience({ productInterests: [ProductInterest.PREMIER], sources: [LeadSource.EVENT], regions: ['Kisumu'], minScore: 60 }, lead)).toBe(true);
    expect(matchesAudience({ productInterests: [], sources: [], regions: [], minScore: 61 }, lead)).toBe(false);
    expect(matchesAudience({ productInterests: [], sources: [LeadSource.WEBSITE], regions: [], minScore: null }, lead)).toBe(false);
  });

  it('refuses closed leads and leads without consent', () => {
    expect(enrolmentRefusal({ status: LeadStatus.QUALIFIED, marketingConsent: true })).toBeNull();
    expect(enrolmentRefusal({ status: LeadStatus.NEW, marketingConsent: false })).toBe('NO_CONSENT');
    expect(enrolmentRefusal({ status: LeadStatus.CONVERTED, marketingConsent: true })).toBe('LEAD_CONVERTED');
    expect(enrolmentRefusal({ status: LeadStatus.DISQUALIFIED, marketingConsent: true })).toBe('LEAD_DISQUALIFIED');
  });

  it('keeps each step on its planned day from enrolment when the job runs a few hours late', () => {
    const enrolled = new Date('2026-03-01T08:00:00Z');
    // On time: step 2 (day 3) after step 1 (day 0) sent at enrolment.
    expect(nextDueAt(enrolled, enrolled, 0, 3).toISOString()).toBe('2026-03-04T08:00:00.000Z');
    // Step 1 went five hours late (the job was slow): step 2 is still due on day 3, not five hours later.
    expect(nextDueAt(enrolled, new Date('2026-03-01T13:00:00Z'), 0, 3).toISOString()).toBe('2026-03-04T08:00:00.000Z');
    // Step 2 late by five hours again: step 3 (day 7) stays on day 7, so lateness does not add up.
    expect(nextDueAt(new Date('2026-03-04T08:00:00Z'), new Date('2026-03-04T13:00:00Z'), 3, 7).toISOString()).toBe('2026-03-08T08:00:00.000Z');
    // Exactly a day late is still within the tolerance.
    expect(nextDueAt(enrolled, new Date('2026-03-02T08:00:00Z'), 0, 3).toISOString()).toBe('2026-03-04T08:00:00.000Z');
  });

  it('pushes the following steps by the planned gap when a step was held back (a pause)', () => {
    const enrolled = new Date('2026-03-01T08:00:00Z');
    // Step 1 held back ten days: step 2 comes three days after it, not at once.
    const second = nextDueAt(enrolled, new Date('2026-03-11T08:00:00Z'), 0, 3);
    expect(second.toISOString()).toBe('2026-03-14T08:00:00.000Z');
    // Step 2 then goes on its (pushed) day, a little late: step 3 keeps its four-day gap from it.
    expect(nextDueAt(second, new Date('2026-03-14T09:30:00Z'), 3, 7).toISOString()).toBe('2026-03-18T08:00:00.000Z');
  });

  it('sends e-mail to the address and SMS to the phone', () => {
    const lead = { contactEmail: 'a@b.co.ke', contactPhone: null };
    expect(recipientFor(NurtureChannel.EMAIL, lead)).toBe('a@b.co.ke');
    expect(recipientFor(NurtureChannel.SMS, lead)).toBeNull();
  });
});
