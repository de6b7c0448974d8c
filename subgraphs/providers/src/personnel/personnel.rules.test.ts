import { Violations } from '../../../../kit/errors';
import { HealthRegulator } from '../regulator';
import { PersonnelCadre } from './personnel.entity';
import { checkPersonnel } from './personnel.rules';

function violationsOf(check: (v: Violations) => void): string[] {
  const v = new Violations();
  check(v);
  try {
    v.throwIfAny();
    return [];
  } catch (error) {
    return (error as { violations: { field: string; rule: string }[] }).violations.map((x) => `${x.field}:${x.rule}`);
  }
}

const person = { firstName: 'Wanjiru', lastName: 'Kamau', cadre: PersonnelCadre.NURSE, registrationBody: HealthRegulator.NCK, registrationNumber: 'NCK/12345' };

describe('health worker registration', () => {
  it('expects each cadre at its own board', () => {
    expect(violationsOf((v) => checkPersonnel(person, v))).toEqual([]);
    expect(violationsOf((v) => checkPersonnel({ ...person, registrationBody: HealthRegulator.KMPDC }, v))).toEqual(['registrationBody:BOARD_OF_CADRE']);
    expect(violationsOf((v) => checkPersonnel({ ...person, cadre: PersonnelCadre.PHARMACIST, registrationBody: HealthRegulator.PPB }, v))).toEqual([]);
    // Radiographers and optometrists may name any board.
    expect(violationsOf((v) => checkPersonnel({ ...person, cadre: PersonnelCadre.RADIOGRAPHER, registrationBody: HealthRegulator.KNRA }, v))).toEqual([]);
  });

  it('normalises optional contacts and refuses malformed ones', () => {
    expect(checkPersonnel({ ...person, email: 'W.Kamau@Example.com', phone: '0712 345 678' }, new Violations())).toEqual({ email: 'w.kamau@example.com', phone: '+254712345678' });
    expect(violationsOf((v) => checkPersonnel({ ...person, email: 'x', phone: '1' }, v))).toEqual(['email:VALID_EMAIL', 'phone:VALID_KENYAN_PHONE']);
  });
});
