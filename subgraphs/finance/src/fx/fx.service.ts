import type { DataSource, EntityManager } from 'typeorm';
import { isIsoDate } from '../../../../kit/dates';
import { preparedQuery } from '../../../../kit/database';
import { ConflictError, ValidationError, Violations } from '../../../../kit/errors';
import { checkedCurrency } from '../amounts';
import { readFinanceConfig } from '../config';
import { ExchangeRate } from './exchange-rate.entity';
import type { RecordExchangeRateInput } from './fx.input';
import { formatRate, parseRate, type ExactRate } from './fx.rules';

let functional: string | undefined;

/** Sets the currency the books are kept in, from the finance config the services were built with. */
export function configureFunctionalCurrency(currency: string): void {
  functional = currency;
}

/**
 * The currency the books are kept in, as configured by `createFinanceServices`. A process that
 * posts without building the services (the demo seed) gets it from the finance config once.
 */
export function functionalCurrency(): string {
  functional ??= readFinanceConfig().functionalCurrency;
  return functional;
}

/** The rate of `from` in `to` in force on `on`, as recorded when it was; null when none is. */
export async function rateOn(manager: EntityManager, from: string, to: string, on: string): Promise<{ text: string; rate: ExactRate } | null> {
  const [row] = await preparedQuery<{ rate: string }>(
    manager,
    `SELECT rate::text AS rate FROM exchange_rates WHERE from_currency = $1 AND to_currency = $2 AND effective_from <= $3
      ORDER BY effective_from DESC LIMIT 1`,
    [from, to, on],
  );
  const rate = row ? parseRate(row.rate) : null;
  return rate ? { text: formatRate(rate), rate } : null;
}

/** Exchange rates: recorded by staff, read by every foreign-currency posting at the moment it is posted. */
export class FxService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly functionalCurrency: string,
  ) {}

  async record(input: RecordExchangeRateInput, actorId: string): Promise<ExchangeRate> {
    const violations = new Violations();
    let from = '';
    let to = '';
    try {
      from = checkedCurrency(input.fromCurrency, 'fromCurrency');
    } catch {
      violations.add('fromCurrency', 'CURRENCY_CODE', `"${input.fromCurrency}" is not an ISO 4217 currency code`);
    }
    try {
      to = checkedCurrency(input.toCurrency ?? this.functionalCurrency, 'toCurrency');
    } catch {
      violations.add('toCurrency', 'CURRENCY_CODE', `"${input.toCurrency}" is not an ISO 4217 currency code`);
    }
    if (from && from === to) violations.add('toCurrency', 'DIFFERENT_CURRENCY', 'a rate prices one currency in another');
    const rate = parseRate(input.rate);
    if (!rate) violations.add('rate', 'POSITIVE_DECIMAL', 'must be a positive decimal with at most 10 decimal places');
    if (!isIsoDate(input.effectiveFrom)) violations.add('effectiveFrom', 'VALID_DATE', 'must be a date (YYYY-MM-DD)');
    violations.throwIfAny();
    const repository = this.dataSource.getRepository(ExchangeRate);
    try {
      const saved = await repository.save(repository.create({ fromCurrency: from, toCurrency: to, rate: formatRate(rate!), effectiveFrom: input.effectiveFrom, recordedBy: actorId }));
      return repository.findOneByOrFail({ id: saved.id });
    } catch (error) {
      if ((error as { constraint?: string }).constraint === 'exchange_rates_effective_key') {
        // A posted amount keeps its rate, but a rate other postings may already have used is never replaced.
        throw new ConflictError(`A ${from}→${to} rate effective from ${input.effectiveFrom} is already recorded; record one from a later day`, {
          field: 'effectiveFrom',
          rule: 'ONE_RATE_PER_DAY',
        });
      }
      throw error;
    }
  }

  rates(fromCurrency?: string | null, toCurrency?: string | null): Promise<ExchangeRate[]> {
    const query = this.dataSource.getRepository(ExchangeRate).createQueryBuilder('rate');
    if (fromCurrency) query.andWhere('rate.from_currency = :from', { from: fromCurrency.trim().toUpperCase() });
    if (toCurrency) query.andWhere('rate.to_currency = :to', { to: toCurrency.trim().toUpperCase() });
    return query.orderBy('rate.from_currency').addOrderBy('rate.to_currency').addOrderBy('rate.effective_from', 'DESC').take(500).getMany();
  }
}

/** The refusal of a posting in a currency with no rate to the functional currency. */
export function noRateError(currency: string, functionalCurrency: string, on: string): ValidationError {
  return new ValidationError([
    {
      field: 'currency',
      rule: 'EXCHANGE_RATE_KNOWN',
      message: `no ${currency}→${functionalCurrency} exchange rate is recorded for ${on}; record one (recordExchangeRate) before posting in ${currency}`,
    },
  ]);
}
