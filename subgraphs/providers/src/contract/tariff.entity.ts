import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { minorUnitsColumn, Money } from '../../../../kit/money';

/** The agreed price of one service under one contract revision. Never edited. */
@ObjectType({ description: 'The agreed price of one service (claims catalogue code) under one contract revision.' })
@Entity('contract_tariffs')
export class ContractTariff {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  contractId: string;

  @Field({ description: 'The service code of the claims catalogue, e.g. CON-GP.' })
  @Column()
  serviceCode: string;

  @Column()
  currency: string;

  @Column({ type: 'bigint', transformer: minorUnitsColumn })
  priceMinor: number;

  @Field(() => Money, { description: 'Agreed price per unit of the service.' })
  get price(): Money {
    return Money.of(this.priceMinor, this.currency);
  }
}
