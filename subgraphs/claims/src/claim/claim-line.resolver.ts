import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Money } from '../../../../kit/money';
import type { ClaimsContext } from '../context';
import { MedicalService } from '../service-catalogue/medical-service.entity';
import { ClaimLine } from './claim-line.entity';

@Resolver(() => ClaimLine)
export class ClaimLineResolver {
  @FieldResolver(() => Money)
  unitPrice(@Root() line: ClaimLine): Money {
    return Money.of(line.unitPriceMinor, line.currency);
  }

  @FieldResolver(() => Money, { description: 'quantity × unitPrice, exactly.' })
  billedAmount(@Root() line: ClaimLine): Money {
    return Money.of(line.billedAmountMinor, line.currency);
  }

  @FieldResolver(() => MedicalService, { description: 'The catalogue entry of the billed service.' })
  async service(@Root() line: ClaimLine, @Ctx() ctx: ClaimsContext): Promise<MedicalService> {
    return (await ctx.loaders.serviceByCode.load(line.serviceCode))!;
  }
}
