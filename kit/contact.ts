/** Contact details as Kenyan operations use them. */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

export function normaliseEmail(value: string): string | null {
  const email = value.trim().toLowerCase();
  return EMAIL.test(email) && email.length <= 254 ? email : null;
}

/**
 * Normalises a Kenyan mobile or landline number to E.164 (+254…): accepts 0712345678,
 * 712345678, 254712345678 and +254 712 345 678. Returns null for anything else.
 */
export function normaliseKenyanPhone(value: string): string | null {
  const digits = value.replace(/[\s()-]/g, '');
  const match = /^(?:\+?254|0)?([17]\d{8}|[2-6]\d{7,8})$/.exec(digits);
  return match ? `+254${match[1]}` : null;
}
