import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { HealthRegulator } from '../regulator';

export enum PersonnelCadre {
  DOCTOR = 'DOCTOR',
  DENTIST = 'DENTIST',
  CLINICAL_OFFICER = 'CLINICAL_OFFICER',
  NURSE = 'NURSE',
  PHARMACIST = 'PHARMACIST',
  PHARMACEUTICAL_TECHNOLOGIST = 'PHARMACEUTICAL_TECHNOLOGIST',
  LABORATORY_TECHNOLOGIST = 'LABORATORY_TECHNOLOGIST',
  RADIOGRAPHER = 'RADIOGRAPHER',
  OPTOMETRIST = 'OPTOMETRIST',
  PHYSIOTHERAPIST = 'PHYSIOTHERAPIST',
}
registerEnumType(PersonnelCadre, { name: 'PersonnelCadre', description: 'The professional cadre of a health worker.' });

/** A health worker practising at a provider, registered with their professional board. */
@ObjectType({ description: 'A health worker practising at a provider, registered with their professional board.' })
@Entity('medical_personnel')
export class MedicalPersonnel {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID, { description: 'The provider the worker is affiliated with.' })
  @Column({ type: 'uuid' })
  providerId: string;

  @Field()
  @Column()
  firstName: string;

  @Field()
  @Column()
  lastName: string;

  @Field(() => PersonnelCadre)
  @Column({ type: 'text' })
  cadre: PersonnelCadre;

  @Field(() => HealthRegulator, { description: 'The board the worker is registered with, e.g. KMPDC.' })
  @Column({ type: 'text' })
  registrationBody: HealthRegulator;

  @Field({ description: 'Registration number with that board; unique per board.' })
  @Column()
  registrationNumber: string;

  @Field(() => String, { nullable: true, description: 'e.g. Paediatrics, Obstetrics and Gynaecology.' })
  @Column({ type: 'text', nullable: true })
  specialty: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Field()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
