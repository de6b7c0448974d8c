import { ConflictError, InvalidTransitionError, type Violations } from '../../../../kit/errors';

const NETWORK_CODE = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$/;

/** A stay of a provider in a network (both days inclusive; leftOn null while still a member). */
export interface Stay {
  joinedOn: string;
  leftOn: string | null;
}

/** Whether a stay covers the day: from the day it began through the day it ended. */
export function stayCovers(stay: Stay, day: string): boolean {
  return stay.joinedOn <= day && (stay.leftOn === null || day <= stay.leftOn);
}

/** The codes of the networks a provider belonged to on a day. */
export function networksOn(stays: readonly (Stay & { code: string })[], day: string): string[] {
  return [...new Set(stays.filter((stay) => stayCovers(stay, day)).map((stay) => stay.code))].sort();
}

/** Normalises and checks a new network's code and name. */
export function checkNewNetwork(network: { code: string; name: string }, violations: Violations): string {
  const code = network.code.trim().toUpperCase();
  if (!NETWORK_CODE.test(code) || code.length > 40) {
    violations.add('code', 'NETWORK_CODE', 'must be capitals and digits in groups joined by "-", e.g. AFYA-PLUS');
  }
  if (network.name.trim().length < 2) violations.add('name', 'REQUIRED', 'must have at least 2 characters');
  return code;
}

/**
 * Checks that a provider can join a network on a day, given its earlier stays there: it is not
 * a member now, and the new stay starts after the last one ended.
 */
export function checkJoin(stays: readonly Stay[], joinedOn: string, networkCode: string, violations: Violations): void {
  if (stays.some((stay) => stay.leftOn === null)) {
    throw new ConflictError(`The provider is already in network ${networkCode}`, { field: 'networkCode', rule: 'NOT_ALREADY_MEMBER' });
  }
  const lastLeft = stays.map((stay) => stay.leftOn!).sort().at(-1);
  if (lastLeft && joinedOn <= lastLeft) {
    violations.add('joinedOn', 'AFTER_PREVIOUS_STAY', `must be after ${lastLeft}, the last day of the provider's previous stay in ${networkCode}`);
  }
}

/** Finds the open stay a removal closes, and checks its last day. */
export function planLeave<T extends Stay>(stays: readonly T[], leftOn: string, networkCode: string, violations: Violations): T {
  const open = stays.find((stay) => stay.leftOn === null);
  if (!open) throw new InvalidTransitionError('provider', 'NOT_A_MEMBER', `remove from ${networkCode}`, `the provider is not in network ${networkCode}`);
  if (leftOn < open.joinedOn) violations.add('leftOn', 'NOT_BEFORE_JOINED_ON', `cannot be before ${open.joinedOn}, when the provider joined`);
  return open;
}
