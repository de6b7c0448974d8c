import { Violations } from '../../../../kit/errors';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * Passwords attackers try first (breach lists, keyboard walks, the insurer's own name). Compared
 * case-insensitively with the password as a whole.
 */
const COMMON_PASSWORDS = new Set([
  '123456789012',
  '1234567890ab',
  'password1234',
  'password123!',
  'passw0rd1234',
  'p@ssw0rd1234',
  'p@ssword1234',
  'qwertyuiop12',
  'qwerty123456',
  'qwertyuiop[]',
  '1q2w3e4r5t6y',
  '1qaz2wsx3edc',
  'iloveyou1234',
  'welcome12345',
  'welcome@2024',
  'welcome@2025',
  'welcome@2026',
  'letmein12345',
  'administrator',
  'admin1234567',
  'admin@123456',
  'changeme1234',
  'changeme123!',
  'football1234',
  'monkey123456',
  'sunshine1234',
  'princess1234',
  'trustno1trustno1',
  'nairobi12345',
  'kenya1234567',
  'kenya@123456',
  'mcshealth123',
  'insurance123',
  'password@123',
  'Password@123',
].map((p) => p.toLowerCase()));

/**
 * Checks a new password against the policy: 12 to 128 characters, at least three of lower case,
 * upper case, digits and symbols, not containing the e-mail's local part, not a common password.
 * Each broken rule is added under `field`.
 */
export function checkPasswordPolicy(password: string, email: string, violations: Violations, field = 'password'): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) violations.add(field, 'MIN_LENGTH', `must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if (length > PASSWORD_MAX_LENGTH) violations.add(field, 'MAX_LENGTH', `must be at most ${PASSWORD_MAX_LENGTH} characters`);
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{L}\p{Nd}]/u].filter((pattern) => pattern.test(password)).length;
  if (classes < 3) violations.add(field, 'CHARACTER_CLASSES', 'must use at least three of: lower-case letters, upper-case letters, digits, symbols');
  const localPart = email.split('@')[0]?.trim().toLowerCase() ?? '';
  if (localPart.length >= 3 && password.toLowerCase().includes(localPart)) violations.add(field, 'CONTAINS_EMAIL', 'must not contain your e-mail address');
  if (COMMON_PASSWORDS.has(password.toLowerCase())) violations.add(field, 'COMMON_PASSWORD', 'is one of the passwords attackers try first');
}
