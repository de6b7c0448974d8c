import { addDays, isIsoDate } from '../../../../kit/dates';
import { InvalidTransitionError, type Violations } from '../../../../kit/errors';
import { readMoneyInput, type MoneyInput } from '../../../../kit/money';
import { ProviderStatus } from '../provider/provider.entity';
import { ContractStatus } from './contract.entity';

const SERVICE_CODE = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$/;

/** What the contract rules need to know of a contract revision. */
export interface ContractTerms {
  id: string;
  status: ContractStatus;
  validFrom: string;
  validTo: string;
  /** Set when the prices were cut short: by a termination or by a later revision. */
  endDate: string | null;
}

/** The last day a contract's prices applied or will apply: its end date when cut short. */
export function effectiveEnd(contract: Pick<ContractTerms, 'validTo' | 'endDate'>): string {
  return contract.endDate && contract.endDate < contract.validTo ? contract.endDate : contract.validTo;
}

/** Whether a contract's prices applied on a day: agreed (not a draft) and the day within its period, both ends inclusive. */
export function inForceOn(contract: ContractTerms, day: string): boolean {
  return contract.status !== ContractStatus.DRAFT && contract.validFrom <= day && day <= effectiveEnd(contract);
}

export interface PricedContract extends ContractTerms {
  tariffs: readonly { serviceCode: string; priceMinor: number }[];
}

/**
 * The agreed price of a service on a day: the tariff of the contract revision in force that day,
 * or null when none was (no contract, or the contract did not price that service).
 */
export function tariffOn<C extends PricedContract>(
  contracts: readonly C[],
  serviceCode: string,
  day: string,
): { contract: C; tariff: C['tariffs'][number] } | null {
  const contract = contracts.find((c) => inForceOn(c, day));
  const tariff = contract?.tariffs.find((t) => t.serviceCode === serviceCode);
  return contract && tariff ? { contract, tariff } : null;
}

export interface TariffInputFacts {
  serviceCode: string;
  price: MoneyInput;
}

/** Reads a list of tariffs into minor units of the contract's currency, naming each bad entry by its index. */
export function readTariffs(
  tariffs: readonly TariffInputFacts[],
  currency: string,
  violations: Violations,
  field = 'tariffs',
): { serviceCode: string; priceMinor: number }[] {
  if (tariffs.length === 0) violations.add(field, 'TARIFFS_REQUIRED', 'a contract prices at least one service');
  const seen = new Set<string>();
  const read: { serviceCode: string; priceMinor: number }[] = [];
  tariffs.forEach((tariff, index) => {
    const serviceCode = tariff.serviceCode.trim().toUpperCase();
    if (!SERVICE_CODE.test(serviceCode) || serviceCode.length > 40) {
      violations.add(`${field}[${index}].serviceCode`, 'SERVICE_CODE', `"${tariff.serviceCode}" is not a service code such as CON-GP`);
    } else if (seen.has(serviceCode)) {
      violations.add(`${field}[${index}].serviceCode`, 'UNIQUE_IN_CONTRACT', `${serviceCode} is priced more than once`);
    }
    seen.add(serviceCode);
    const price = readMoneyInput(tariff.price, `${field}[${index}].price`, violations, { currency, currencyOwner: 'the contract' });
    if (price) read.push({ serviceCode, priceMinor: price.minor });
  });
  return read;
}

/** Checks a new contract's period. */
export function checkContractPeriod(period: { validFrom: string; validTo: string }, violations: Violations): void {
  if (!isIsoDate(period.validFrom)) violations.add('validFrom', 'VALID_DATE', 'must be a date (YYYY-MM-DD)');
  if (!isIsoDate(period.validTo)) violations.add('validTo', 'VALID_DATE', 'must be a date (YYYY-MM-DD)');
  else if (period.validTo < period.validFrom) violations.add('validTo', 'NOT_BEFORE_VALID_FROM', 'cannot be before validFrom');
}

export interface ActivationFacts {
  contract: ContractTerms;
  provider: { status: ProviderStatus; blacklisted: boolean };
  /** The provider's other contracts that are or were in force. */
  others: readonly (ContractTerms & { contractNumber: string; revision: number })[];
}

/** A draft becomes ACTIVE for an open, unblacklisted provider, when no other contract covers any of its days. */
export function planActivation(facts: ActivationFacts): void {
  const { contract, provider } = facts;
  const refuse = (reason: string): never => {
    throw new InvalidTransitionError('contract', contract.status, 'activate', reason);
  };
  if (contract.status !== ContractStatus.DRAFT) refuse(`the contract is ${contract.status}; only a DRAFT contract can be activated`);
  if (provider.status === ProviderStatus.CLOSED) refuse('the provider is CLOSED');
  if (provider.blacklisted) refuse('the provider is blacklisted');
  const clash = facts.others.find(
    (other) => other.id !== contract.id && other.status !== ContractStatus.DRAFT && other.validFrom <= contract.validTo && contract.validFrom <= effectiveEnd(other),
  );
  if (clash) {
    refuse(`contract ${clash.contractNumber} revision ${clash.revision} already sets the provider's prices from ${clash.validFrom} to ${effectiveEnd(clash)}`);
  }
}

/** Only the current ACTIVE revision can be terminated, on a day within its period (the last day its prices apply). */
export function planTermination(contract: ContractTerms, terminationDate: string, violations: Violations): void {
  if (contract.status !== ContractStatus.ACTIVE) {
    throw new InvalidTransitionError('contract', contract.status, 'terminate', `the contract is ${contract.status}; only an ACTIVE contract can be terminated`);
  }
  if (contract.endDate) {
    throw new InvalidTransitionError('contract', contract.status, 'terminate', `this revision already ends on ${contract.endDate}; terminate the revision that replaced it`);
  }
  if (terminationDate < contract.validFrom || terminationDate > contract.validTo) {
    violations.add('terminationDate', 'WITHIN_CONTRACT_PERIOD', `must be between ${contract.validFrom} and ${contract.validTo}`);
  }
}

/**
 * Plans a tariff revision from a day: the current revision ends the day before (still ACTIVE for
 * its own days), and a new one carries its prices, with the changes applied, to the end of its period.
 */
export function planRevision(
  contract: PricedContract,
  effectiveFrom: string,
  changes: readonly { serviceCode: string; priceMinor: number }[],
  violations: Violations,
): { previousEnds: string; tariffs: { serviceCode: string; priceMinor: number }[] } {
  if (contract.status !== ContractStatus.ACTIVE) {
    throw new InvalidTransitionError('contract', contract.status, 'revise', `the contract is ${contract.status}; only an ACTIVE contract can be revised`);
  }
  if (contract.endDate) {
    throw new InvalidTransitionError('contract', contract.status, 'revise', `this revision already ends on ${contract.endDate}; revise the revision that replaced it`);
  }
  if (effectiveFrom <= contract.validFrom || effectiveFrom > effectiveEnd(contract)) {
    violations.add('effectiveFrom', 'WITHIN_CONTRACT_PERIOD', `must be after ${contract.validFrom} and no later than ${effectiveEnd(contract)}`);
  }
  const prices = new Map(contract.tariffs.map((t) => [t.serviceCode, t.priceMinor]));
  for (const change of changes) prices.set(change.serviceCode, change.priceMinor);
  return {
    previousEnds: addDays(effectiveFrom, -1),
    tariffs: [...prices].map(([serviceCode, priceMinor]) => ({ serviceCode, priceMinor })).sort((a, b) => a.serviceCode.localeCompare(b.serviceCode)),
  };
}
