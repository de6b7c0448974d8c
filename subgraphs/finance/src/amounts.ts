import { ValidationError } from '../../../kit/errors';
import { isCurrencyCode } from '../../../kit/money';

/** A currency argument, upper-cased, or BAD_USER_INPUT naming `currency`. */
export function checkedCurrency(value: string, field = 'currency'): string {
  const code = value.trim().toUpperCase();
  if (!isCurrencyCode(code)) {
    throw new ValidationError([{ field, rule: 'CURRENCY_CODE', message: `"${value}" is not an ISO 4217 currency code` }]);
  }
  return code;
}
