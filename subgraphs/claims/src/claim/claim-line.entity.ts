import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { minorUnitsColumn } from '../../../../kit/money';

/** One billed service on a claim: what, how many, at what price, for which diagnoses. */
@ObjectType({ description: 'One billed service on a claim.' })
@Entity('claim_lines')
export class ClaimLine {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  claimId: string;

  @Field(() => Int, { description: '1 for the first line.' })
  @Column({ type: 'int' })
  lineNumber: number;

  @Field({ description: 'Code from the medical service catalogue.' })
  @Column({ type: 'text' })
  serviceCode: string;

  @Field()
  @Column({ type: 'text' })
  description: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  quantity: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  /** Exposed as `unitPrice`. */
  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  unitPriceMinor: number;

  /** quantity × unit price, exactly; exposed as `billedAmount`. */
  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  billedAmountMinor: number;

  @Field(() => [String], { description: 'ICD-10 codes this line treats (each also on the claim).' })
  @Column({ type: 'text', array: true })
  diagnosisCodes: string[];
}
