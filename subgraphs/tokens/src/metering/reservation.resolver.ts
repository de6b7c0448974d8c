import { Arg, Args, Ctx, ID, Query, Resolver } from 'type-graphql';
import { Connection, PageArgs } from '../../../../kit/pagination';
import type { TokensContext } from '../context';
import { ReservationStatus, TokenReservation } from './reservation.entity';

export const TokenReservationConnection = Connection(TokenReservation);

@Resolver(() => TokenReservation)
export class ReservationResolver {
  @Query(() => TokenReservationConnection, { description: "A wallet's reservations for metered operations, newest first." })
  tokenReservations(
    @Arg('walletId', () => ID) walletId: string,
    @Arg('status', () => ReservationStatus, { nullable: true }) status: ReservationStatus | null,
    @Args() page: PageArgs,
    @Ctx() ctx: TokensContext,
  ) {
    return ctx.services.reservations.list(walletId, status, page);
  }
}
