import { formatMinor } from '../../../../../kit/money';
import type { Reason, ReasonCode, Step } from './types';

/** A reason as the steps record it: which step, which code, and a sentence a person can read. */
export function reason(step: Step, code: ReasonCode, message: string): Reason {
  return { step, code, message };
}

/** "KES 1,500.00": an exact amount with its currency and thousands separators, for messages. */
export function amount(minor: number, currency: string): string {
  const plain = formatMinor(minor, currency);
  const negative = plain.startsWith('-');
  const [whole, fraction] = (negative ? plain.slice(1) : plain).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${currency} ${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** "1 unit" / "3 units". */
export function units(count: number): string {
  return `${count} ${count === 1 ? 'unit' : 'units'}`;
}
