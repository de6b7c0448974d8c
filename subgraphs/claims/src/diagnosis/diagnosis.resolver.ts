import { Arg, Args, Ctx, Query, Resolver } from 'type-graphql';
import { Connection, PageArgs } from '../../../../kit/pagination';
import type { ClaimsContext } from '../context';
import { DiagnosisCode } from './diagnosis-code.entity';

export const DiagnosisCodeConnection = Connection(DiagnosisCode);

@Resolver(() => DiagnosisCode)
export class DiagnosisResolver {
  @Query(() => DiagnosisCode, { nullable: true, description: 'One ICD-10 code ("B50.9" or "b509"), or null when it is not in the catalogue.' })
  diagnosisCode(@Arg('code') code: string, @Ctx() ctx: ClaimsContext): Promise<DiagnosisCode | null> {
    return ctx.services.diagnoses.get(code);
  }

  @Query(() => DiagnosisCodeConnection, { description: 'The ICD-10 catalogue in code order; `search` matches a code prefix or words of the title.' })
  diagnosisCodes(
    @Arg('search', () => String, { nullable: true }) search: string | null | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: ClaimsContext,
  ) {
    return ctx.services.diagnoses.search(search, page);
  }
}
