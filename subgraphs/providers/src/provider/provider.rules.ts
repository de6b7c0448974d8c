import { normaliseEmail, normaliseKenyanPhone } from '../../../../kit/contact';
import { InvalidTransitionError, type Violations } from '../../../../kit/errors';
import { isKenyanCounty } from '../../../../kit/kenya';
import { ProviderEventType } from './provider-event.entity';
import { ProviderStatus } from './provider.entity';

const REGISTRATION_NUMBER = /^[A-Z0-9][A-Z0-9/.-]{2,39}$/;

export interface NewProviderFacts {
  name: string;
  registrationNumber: string;
  county: string;
  email: string;
  phone: string;
}

/** Checks what registering a provider needs and returns the normalised e-mail and phone. */
export function checkNewProvider(provider: NewProviderFacts, violations: Violations): { email: string | null; phone: string | null } {
  if (provider.name.trim().length < 2) violations.add('name', 'REQUIRED', 'must have at least 2 characters');
  if (!REGISTRATION_NUMBER.test(provider.registrationNumber)) {
    violations.add('registrationNumber', 'REGISTRATION_NUMBER', 'must be 3 to 40 letters, digits, "/", "." or "-"');
  }
  if (!isKenyanCounty(provider.county)) violations.add('county', 'KENYAN_COUNTY', `"${provider.county}" is not a county of Kenya`);
  const email = normaliseEmail(provider.email);
  if (!email) violations.add('email', 'VALID_EMAIL', `"${provider.email}" is not an e-mail address`);
  const phone = normaliseKenyanPhone(provider.phone);
  if (!phone) violations.add('phone', 'VALID_KENYAN_PHONE', `"${provider.phone}" is not a Kenyan phone number (e.g. 0202000000 or +254712345678)`);
  return { email, phone };
}

const STATUS_CHANGES: Record<ProviderStatus, ProviderStatus[]> = {
  [ProviderStatus.ACTIVE]: [ProviderStatus.SUSPENDED, ProviderStatus.CLOSED],
  [ProviderStatus.SUSPENDED]: [ProviderStatus.ACTIVE, ProviderStatus.CLOSED],
  [ProviderStatus.CLOSED]: [],
};

/** Allows ACTIVE ⇄ SUSPENDED and either → CLOSED (final); throws INVALID_TRANSITION otherwise. */
export function planStatusChange(from: ProviderStatus, to: ProviderStatus): void {
  if (from === to) throw new InvalidTransitionError('provider', from, `set the status of`, `the provider is already ${from}`);
  if (!STATUS_CHANGES[from].includes(to)) {
    const reason = from === ProviderStatus.CLOSED ? 'the provider is CLOSED, which is final' : `a ${from} provider can only become ${STATUS_CHANGES[from].join(' or ')}`;
    throw new InvalidTransitionError('provider', from, `make ${to}`, reason);
  }
}

/** One entry of a provider's standing history, as the blacklist rules need it. */
export interface StandingEntry {
  type: ProviderEventType;
  effectiveDate: string;
}

function blacklistEntries(history: readonly StandingEntry[]): StandingEntry[] {
  // Stable sort: entries with the same effective day keep the order they were recorded in.
  return history
    .filter((e) => e.type === ProviderEventType.BLACKLISTED || e.type === ProviderEventType.BLACKLIST_LIFTED)
    .map((e, index) => ({ e, index }))
    .sort((a, b) => a.e.effectiveDate.localeCompare(b.e.effectiveDate) || a.index - b.index)
    .map(({ e }) => e);
}

/**
 * Whether the provider was blacklisted on a day, from its history in the order it was recorded:
 * the last blacklisting or lifting that had taken effect by that day decides.
 */
export function blacklistedOn(history: readonly StandingEntry[], day: string): boolean {
  let blacklisted = false;
  for (const entry of blacklistEntries(history)) {
    if (entry.effectiveDate > day) break;
    blacklisted = entry.type === ProviderEventType.BLACKLISTED;
  }
  return blacklisted;
}

export interface BlacklistFacts {
  blacklisted: boolean;
  status: ProviderStatus;
  history: readonly StandingEntry[];
  effectiveDate: string;
  today: string;
}

/**
 * Checks a blacklisting (`blacklist`) or its lifting (`lift`): the provider must be in the
 * opposite state, and the day may be neither in the future nor before the last such change,
 * so the history reads in order.
 */
export function planBlacklistChange(action: 'blacklist' | 'lift', facts: BlacklistFacts, violations: Violations): void {
  if (action === 'blacklist' && facts.blacklisted) {
    throw new InvalidTransitionError('provider', facts.status, 'blacklist', 'the provider is already blacklisted');
  }
  if (action === 'lift' && !facts.blacklisted) {
    throw new InvalidTransitionError('provider', facts.status, 'lift the blacklisting of', 'the provider is not blacklisted');
  }
  if (facts.effectiveDate > facts.today) {
    violations.add('effectiveDate', 'NOT_IN_FUTURE', 'cannot be in the future');
    return;
  }
  const last = blacklistEntries(facts.history).at(-1);
  if (last && facts.effectiveDate < last.effectiveDate) {
    violations.add('effectiveDate', 'NOT_BEFORE_LAST_CHANGE', `cannot be before the last blacklisting change (${last.effectiveDate})`);
  }
}

/** A change to a provider's standing takes effect today or on a past day, never ahead of time. */
export function checkEffectiveDate(effectiveDate: string, today: string, violations: Violations, field = 'effectiveDate'): void {
  if (effectiveDate > today) violations.add(field, 'NOT_IN_FUTURE', 'cannot be in the future');
}
