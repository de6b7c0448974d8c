import { SafeIntResolver } from 'graphql-scalars';
import { Field, InputType } from 'type-graphql';

@InputType()
export class AutoTopUpInput {
  @Field(() => SafeIntResolver, { description: 'Buy when available tokens fall below this.' })
  threshold: number;

  @Field({ description: 'The package bought.' })
  packageCode: string;

  @Field(() => SafeIntResolver, { nullable: true, description: 'Most tokens auto top-up may buy in one calendar month; omit for no cap.' })
  monthlyCapTokens?: number | null;

  @Field({ defaultValue: true })
  enabled: boolean;
}
