import { Field, ID, InputType, Int } from 'type-graphql';
import { IsOptional, IsUUID, Length, Max, Min } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { DEFAULT_CURRENCY } from '../../../../kit/money';
import { CommissionEntryKind } from './commission-entry.entity';
import { TierBasis } from './commission-tier.entity';

@InputType()
export class CreateCommissionTierInput {
  @Field()
  @Length(2, 100)
  name: string;

  @Field(() => ID, { nullable: true, description: 'The scheme (product); omit for every product.' })
  @IsOptional()
  @IsUUID()
  schemeId?: string | null;

  @Field(() => TierBasis, { defaultValue: TierBasis.POLICY_COUNT })
  basis: TierBasis;

  @Field(() => String, { defaultValue: '0', description: 'Lower bound of the band, inclusive: a policy count, or premium in minor units.' })
  bandFrom: string;

  @Field(() => String, { nullable: true, description: 'Upper bound of the band, inclusive; omit for no upper bound.' })
  bandTo?: string | null;

  @Field(() => Int, { description: 'Rate in basis points of the annual premium (1000 = 10%).' })
  @Min(0)
  @Max(10_000)
  rateBps: number;

  @Field({ defaultValue: DEFAULT_CURRENCY })
  currency: string;

  @Field(() => LocalDateResolver)
  effectiveFrom: string;

  @Field(() => LocalDateResolver, { nullable: true })
  effectiveTo?: string | null;
}

@InputType()
export class CommissionEntryFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  agentId?: string | null;

  @Field(() => CommissionEntryKind, { nullable: true })
  kind?: CommissionEntryKind | null;

  @Field({ nullable: true, description: 'Only entries not yet in a payout.' })
  unpaidOnly?: boolean;
}
