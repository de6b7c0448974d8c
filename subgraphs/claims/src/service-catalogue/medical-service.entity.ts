import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ClaimBenefitCategory } from './benefit-category';

/** What one unit of a billed quantity is. */
export enum MedicalServiceUnit {
  PER_VISIT = 'PER_VISIT',
  PER_DAY = 'PER_DAY',
  PER_TEST = 'PER_TEST',
  PER_STUDY = 'PER_STUDY',
  PER_PROCEDURE = 'PER_PROCEDURE',
  PER_SESSION = 'PER_SESSION',
  PER_TOOTH = 'PER_TOOTH',
  PER_ITEM = 'PER_ITEM',
  PER_TRIP = 'PER_TRIP',
}
registerEnumType(MedicalServiceUnit, { name: 'MedicalServiceUnit', description: 'What one unit of a billed quantity is.' });

/** A service a provider can bill: a consultation, a test, a bed day, a procedure, a pharmacy item. */
@ObjectType({ description: 'A service a provider can bill: a consultation, a test, a bed day, a procedure, a pharmacy item.' })
@Entity('medical_services')
export class MedicalService {
  @Field({ description: 'Stable catalogue code, e.g. LAB-FBC.' })
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Field()
  @Column({ type: 'text' })
  name: string;

  @Field(() => ClaimBenefitCategory, { description: 'The benefit this service usually draws on.' })
  @Column({ type: 'text' })
  category: ClaimBenefitCategory;

  @Field(() => MedicalServiceUnit)
  @Column({ type: 'text' })
  unit: MedicalServiceUnit;

  @Field({ description: 'Retired services stay for old claims but cannot be billed again.' })
  @Column({ type: 'boolean', default: true })
  active: boolean;
}
