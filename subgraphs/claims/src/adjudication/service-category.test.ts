import { serviceFitsBenefit } from './engine/service-categories';
import { MEDICAL_SERVICE_CATALOGUE } from '../service-catalogue/medical-service-catalogue';
import { serviceCategoryOf } from './service-category';

describe('the service category of a catalogue service', () => {
  const of = (code: string) => serviceCategoryOf(MEDICAL_SERVICE_CATALOGUE.find((s) => s.code === code)!);

  it('names general services by kind, so schemes\' PHARMACY, LABORATORY and IMAGING sub-limits count them', () => {
    expect([of('CON-GP'), of('LAB-FBC'), of('IMG-CXR'), of('PHA-AL'), of('PHA-AMLODIPINE'), of('PROC-SUTURING')]).toEqual([
      'CONSULTATION',
      'LABORATORY',
      'IMAGING',
      'PHARMACY',
      'PHARMACY',
      'PROCEDURE',
    ]);
  });

  it('names the services schemes limit by name, and keeps specialty services to their benefit', () => {
    expect([of('MAT-CS'), of('MAT-NVD'), of('IP-BED-GENERAL'), of('OPT-FRAMES'), of('DEN-SCALING')]).toEqual([
      'CAESAREAN_SECTION',
      'NORMAL_DELIVERY',
      'BED_DAY',
      'FRAMES',
      'SCALING',
    ]);
    expect([of('DEN-EXTRACTION'), of('LAB-ANC-PROFILE'), of('CON-PSYCHIATRY'), of('IP-THEATRE-MAJOR')]).toEqual(['DENTAL', 'MATERNITY', 'MENTAL_HEALTH', 'INPATIENT']);
  });

  it('lets every catalogue service be billed on the benefit the catalogue files it under', () => {
    const misfits = MEDICAL_SERVICE_CATALOGUE.filter((s) => !serviceFitsBenefit(serviceCategoryOf(s), s.category)).map((s) => s.code);
    expect(misfits).toEqual([]);
  });
});
