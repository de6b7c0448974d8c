import { registerEnumType } from 'type-graphql';

/** Kenyan bodies that license facilities and register health workers. */
export enum HealthRegulator {
  /** Kenya Medical Practitioners and Dentists Council: doctors, dentists, and medical and dental facilities. */
  KMPDC = 'KMPDC',
  /** Pharmacy and Poisons Board: pharmacists, pharmaceutical technologists and pharmacy premises. */
  PPB = 'PPB',
  /** Nursing Council of Kenya. */
  NCK = 'NCK',
  /** Clinical Officers Council. */
  COC = 'COC',
  /** Kenya Medical Laboratory Technicians and Technologists Board: laboratory staff and laboratories. */
  KMLTTB = 'KMLTTB',
  /** Physiotherapy Council of Kenya. */
  PCK = 'PCK',
  /** Kenya Nuclear Regulatory Authority: X-ray and other radiation equipment. */
  KNRA = 'KNRA',
  OTHER = 'OTHER',
}
registerEnumType(HealthRegulator, { name: 'HealthRegulator', description: 'A Kenyan body that licenses facilities or registers health workers.' });
