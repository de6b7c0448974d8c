import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { ClaimsContext } from '../context';
import { ClaimBenefitCategory } from './benefit-category';
import { MedicalService } from './medical-service.entity';

@Resolver(() => MedicalService)
export class MedicalServiceResolver {
  @Query(() => [MedicalService], { description: 'The services providers can bill, by code; only those of one benefit category when given.' })
  medicalServices(
    @Arg('category', () => ClaimBenefitCategory, { nullable: true }) category: ClaimBenefitCategory | null | undefined,
    @Ctx() ctx: ClaimsContext,
  ): Promise<MedicalService[]> {
    return ctx.services.medicalServices.list(category);
  }
}
