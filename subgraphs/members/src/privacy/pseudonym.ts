import { createHash } from 'node:crypto';

/**
 * The name an erased member goes by: `Erased` and the first 8 hex digits of a hash of the id. The
 * same id always gives the same pseudonym, so the records that stay (invoices, claims) can still be
 * told apart and matched with each other, but the hash does not lead back to the person.
 */
export function pseudonymFor(memberId: string): { firstName: string; lastName: string; pseudonym: string } {
  const tag = createHash('sha256').update(`member:${memberId}`).digest('hex').slice(0, 8).toUpperCase();
  return { firstName: 'Erased', lastName: tag, pseudonym: `Erased ${tag}` };
}
