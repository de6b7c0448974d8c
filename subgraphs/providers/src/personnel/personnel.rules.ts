import { normaliseEmail, normaliseKenyanPhone } from '../../../../kit/contact';
import type { Violations } from '../../../../kit/errors';
import { HealthRegulator } from '../regulator';
import { PersonnelCadre } from './personnel.entity';

/** The board each cadre registers with; cadres not listed may name any board. */
export const REGULATOR_OF_CADRE: Partial<Record<PersonnelCadre, HealthRegulator>> = {
  [PersonnelCadre.DOCTOR]: HealthRegulator.KMPDC,
  [PersonnelCadre.DENTIST]: HealthRegulator.KMPDC,
  [PersonnelCadre.CLINICAL_OFFICER]: HealthRegulator.COC,
  [PersonnelCadre.NURSE]: HealthRegulator.NCK,
  [PersonnelCadre.PHARMACIST]: HealthRegulator.PPB,
  [PersonnelCadre.PHARMACEUTICAL_TECHNOLOGIST]: HealthRegulator.PPB,
  [PersonnelCadre.LABORATORY_TECHNOLOGIST]: HealthRegulator.KMLTTB,
  [PersonnelCadre.PHYSIOTHERAPIST]: HealthRegulator.PCK,
};

const REGISTRATION_NUMBER = /^[A-Z0-9][A-Z0-9/.-]{1,39}$/;

export interface PersonnelFacts {
  firstName: string;
  lastName: string;
  cadre: PersonnelCadre;
  registrationBody: HealthRegulator;
  registrationNumber: string;
  email?: string | null;
  phone?: string | null;
}

/** Checks a health worker's registration and contacts; returns the normalised e-mail and phone. */
export function checkPersonnel(person: PersonnelFacts, violations: Violations): { email: string | null; phone: string | null } {
  if (!person.firstName.trim()) violations.add('firstName', 'REQUIRED', 'is required');
  if (!person.lastName.trim()) violations.add('lastName', 'REQUIRED', 'is required');
  const board = REGULATOR_OF_CADRE[person.cadre];
  if (board && person.registrationBody !== board) {
    violations.add('registrationBody', 'BOARD_OF_CADRE', `a ${person.cadre.toLowerCase().replace(/_/g, ' ')} is registered with ${board}`);
  }
  if (!REGISTRATION_NUMBER.test(person.registrationNumber)) {
    violations.add('registrationNumber', 'REGISTRATION_NUMBER', 'must be 2 to 40 letters, digits, "/", "." or "-"');
  }
  let email: string | null = null;
  if (person.email) {
    email = normaliseEmail(person.email);
    if (!email) violations.add('email', 'VALID_EMAIL', `"${person.email}" is not an e-mail address`);
  }
  let phone: string | null = null;
  if (person.phone) {
    phone = normaliseKenyanPhone(person.phone);
    if (!phone) violations.add('phone', 'VALID_KENYAN_PHONE', `"${person.phone}" is not a Kenyan phone number`);
  }
  return { email, phone };
}
