import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, IsUUID } from 'class-validator';
import { SettlementStatus } from './settlement.entity';

@InputType()
export class SettlementFilter {
  @Field(() => ID, { nullable: true, description: 'Settlements owed to this provider (a providers subgraph id).' })
  @IsOptional()
  @IsUUID()
  providerId?: string | null;

  @Field(() => SettlementStatus, { nullable: true })
  status?: SettlementStatus | null;
}
