import { In, LessThanOrEqual, type EntityManager } from 'typeorm';
import type { DemoPlan, DemoPolicy } from '../../../demo/plan';
import { addDays, addMonths, daysBetween } from '../../../kit/dates';
import { scaleMinor } from '../../../kit/money';
import type { SeededRandom } from '../../../kit/seeded-random';
import { readFinanceConfig } from './config';
import { Invoice, InvoiceStatus } from './invoice/invoice.entity';
import { invoiceAmounts, lastDueDatePastGrace } from './invoice/invoice.rules';
import { raiseInvoiceIn } from './invoice/invoice.service';
import { PaymentMethod } from './payment/payment.entity';
import { applyPaymentIn } from './payment/payment.service';

const DEMO_ACTOR = 'system:demo-seed';
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const MIXED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Members were suspended for arrears on this day (see the members seed); cover before it was paid. */
const ARREARS_FROM = ['2026-07-01', '2026-08-01'];
/** Nairobi is UTC+3 all year. */
const NAIROBI_OFFSET_HOURS = 3;

interface BillingPeriod {
  periodStart: string;
  periodEnd: string;
  netMinor: number;
}

interface PlannedInvoice extends BillingPeriod {
  id: string;
  policy: DemoPolicy;
  at: Date;
}

interface PlannedPayment {
  id: string;
  invoiceId: string;
  amountMinor: number;
  method: PaymentMethod;
  externalReference: string;
  payerPhone: string | null;
  at: Date;
}

/**
 * Seeds premium billing for the demo world: monthly invoices for every policy from its start
 * through the plan's "now", paid by M-Pesa, bank transfer or card mostly on time, with the latest
 * months open, a few part-paid, and months of arrears on suspended policies. Every invoice and
 * payment goes through the same functions the service uses, so the seeded ledger balances.
 */
export async function seedFinanceDemo(manager: EntityManager, plan: DemoPlan): Promise<void> {
  const config = readFinanceConfig();
  const random = plan.random('finance');
  const members = new Map(plan.members.map((m) => [m.id, m]));
  const references = new Set<string>();
  const unique = (make: () => string) => {
    for (;;) {
      const reference = make();
      if (!references.has(reference)) {
        references.add(reference);
        return reference;
      }
    }
  };

  const invoices: PlannedInvoice[] = [];
  const payments: PlannedPayment[] = [];
  for (const policy of plan.policies) {
    const holder = members.get(policy.holderMemberId)!;
    const spousePhone = plan.members.find((m) => m.principalId === holder.id && m.relationship === 'SPOUSE')?.phone ?? null;
    const endOfNow = addDays(addMonths(`${plan.asOf.slice(0, 7)}-01`, 1), -1);
    const lastCovered = policy.status === 'CANCELLED' && holder.terminationDate && holder.terminationDate < endOfNow ? holder.terminationDate : endOfNow;
    const arrearsFrom = policy.status === 'SUSPENDED' ? random.pick(ARREARS_FROM) : null;
    const habit = random.weighted([
      ['prompt', 70],
      ['late', 22],
      ['slow', 8],
    ] as const);
    const usual = random.weighted([
      [PaymentMethod.MPESA, 78],
      [PaymentMethod.BANK_TRANSFER, 14],
      [PaymentMethod.CARD, 8],
    ] as const);

    const periods = billingPeriods(policy.startDate, lastCovered, policy.monthlyPremiumMinor);
    periods.forEach((period, index) => {
      const invoice: PlannedInvoice = { ...period, id: random.uuid(), policy, at: atNairobi(period.periodStart, 0, 0) };
      invoices.push(invoice);
      const monthsAgo = periods.length - 1 - index;
      const inArrears = arrearsFrom !== null && period.periodStart >= arrearsFrom;
      const settles = !inArrears && random.chance(monthsAgo === 0 ? 0.3 : monthsAgo === 1 ? 0.75 : 0.97);
      if (!settles) return;
      const delay = habit === 'prompt' ? random.int(0, 12) : habit === 'late' ? random.int(10, 35) : random.int(25, 55);
      const paidOn = addDays(period.periodStart, delay);
      const at = atNairobi(paidOn, random.int(7, 20), random.int(0, 59), random.int(0, 59));
      if (paidOn > plan.asOf) return;
      const partial = random.chance(monthsAgo <= 2 ? 0.12 : 0.04);
      const { totalMinor } = invoiceAmounts(period.netMinor, config.vatRateBps);
      const amountMinor = partial ? Math.max(100_00, Math.floor((totalMinor * random.int(30, 70)) / 100 / 100_00) * 100_00) : totalMinor;
      const method = random.chance(0.85) ? usual : random.pick([PaymentMethod.MPESA, PaymentMethod.BANK_TRANSFER, PaymentMethod.CARD]);
      payments.push({
        id: random.uuid(),
        invoiceId: invoice.id,
        amountMinor: Math.min(amountMinor, totalMinor),
        method,
        externalReference: unique(() => providerReference(method, paidOn, random)),
        payerPhone: method === PaymentMethod.MPESA ? (spousePhone && random.chance(0.15) ? spousePhone : holder.phone) : null,
        at,
      });
    });
  }

  // Raised and paid in the order they happened, so invoice, payment and entry numbers follow the calendar.
  const events = [
    ...invoices.map((invoice) => ({ at: invoice.at, invoice, payment: null })),
    ...payments.map((payment) => ({ at: payment.at, invoice: null, payment })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime() || Number(b.invoice !== null) - Number(a.invoice !== null));
  const raised = new Map<string, Invoice>();
  for (const event of events) {
    if (event.invoice) {
      const { id, policy, periodStart, periodEnd, netMinor } = event.invoice;
      const invoice = await raiseInvoiceIn(
        manager,
        {
          id,
          policyId: policy.id,
          billedMemberId: policy.holderMemberId,
          companyId: policy.companyId,
          periodStart,
          periodEnd,
          issueDate: periodStart,
          currency: plan.currency,
          netMinor,
        },
        config,
        DEMO_ACTOR,
        { announce: false },
      );
      raised.set(id, invoice);
    } else if (event.payment) {
      const { id, invoiceId, amountMinor, method, externalReference, payerPhone, at } = event.payment;
      await applyPaymentIn(
        manager,
        raised.get(invoiceId)!,
        { id, amountMinor, currency: plan.currency, method, externalReference, receivedAt: at, payerPhone },
        method === PaymentMethod.MPESA ? 'system:mpesa-callback' : DEMO_ACTOR,
      );
    }
  }

  // The policies' seeded statuses already say what collections did up to the plan's day (the
  // suspended ones were suspended for these arrears), so what was past grace by then counts as
  // reported: the overdue check reports only what falls past grace after the seed. For the same
  // reason no invoice events are recorded here.
  await manager.update(
    Invoice,
    {
      policyId: In(plan.policies.map((p) => p.id)),
      status: In([InvoiceStatus.OPEN, InvoiceStatus.PARTIALLY_PAID]),
      dueDate: LessThanOrEqual(lastDueDatePastGrace(plan.asOf, config.gracePeriodDays)),
    },
    { overdueNotifiedAt: atNairobi(plan.asOf, 6, 0) },
  );
}

/**
 * Calendar-month billing periods from the policy's start through `lastCovered`; a first or last
 * month covered only in part is billed pro rata to the days covered (exactly, half-even).
 */
export function billingPeriods(startDate: string, lastCovered: string, monthlyMinor: number): BillingPeriod[] {
  const periods: BillingPeriod[] = [];
  for (let month = `${startDate.slice(0, 7)}-01`; month <= lastCovered; month = addMonths(month, 1)) {
    const monthEnd = addDays(addMonths(month, 1), -1);
    const periodStart = startDate > month ? startDate : month;
    const periodEnd = lastCovered < monthEnd ? lastCovered : monthEnd;
    const daysInMonth = daysBetween(month, monthEnd) + 1;
    const covered = daysBetween(periodStart, periodEnd) + 1;
    periods.push({ periodStart, periodEnd, netMinor: scaleMinor(monthlyMinor, covered, daysInMonth) });
  }
  return periods;
}

function atNairobi(date: string, hour: number, minute: number, second = 0): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d, hour - NAIROBI_OFFSET_HOURS, minute, second));
}

function randomChars(random: SeededRandom, alphabet: string, length: number): string {
  return Array.from({ length }, () => random.pick([...alphabet])).join('');
}

/**
 * A reference shaped like the provider's own: an M-Pesa receipt encodes year, month and day in its
 * first three characters (U = 2026, K = November, 2 = the 2nd), bank transfers carry the day of the
 * year, card payments a Stripe-style charge id.
 */
function providerReference(method: PaymentMethod, paidOn: string, random: SeededRandom): string {
  const [year, month, day] = paidOn.split('-').map(Number);
  switch (method) {
    case PaymentMethod.MPESA: {
      const yearLetter = String.fromCharCode('A'.charCodeAt(0) + ((year - 2006) % 26));
      const monthLetter = String.fromCharCode('A'.charCodeAt(0) + month - 1);
      const dayChar = day < 10 ? String(day) : String.fromCharCode('A'.charCodeAt(0) + day - 10);
      return `${yearLetter}${monthLetter}${dayChar}${randomChars(random, ALPHANUMERIC, 7)}`;
    }
    case PaymentMethod.BANK_TRANSFER: {
      const dayOfYear = daysBetween(`${year}-01-01`, paidOn) + 1;
      return `FT${String(year).slice(2)}${String(dayOfYear).padStart(3, '0')}${randomChars(random, ALPHANUMERIC, 5)}`;
    }
    case PaymentMethod.CARD:
      return `ch_3${randomChars(random, MIXED, 23)}`;
    case PaymentMethod.PAYPAL:
      return randomChars(random, ALPHANUMERIC, 17);
  }
}
