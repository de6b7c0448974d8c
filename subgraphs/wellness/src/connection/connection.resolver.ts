import { JSONObjectResolver } from 'graphql-scalars';
import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { assertActsFor } from '../access';
import type { WellnessContext } from '../context';
import { DeviceConnection } from './device-connection.entity';
import { DeviceProvider } from './sources/source';

@ObjectType({ description: 'A connection being made: send the member to the authorisation URL (none for Apple Health, authorised on the phone).' })
export class ConnectDevicePayload {
  @Field(() => DeviceConnection)
  connection: DeviceConnection;

  @Field(() => String, { nullable: true })
  authorisationUrl: string | null;
}

@ObjectType({ description: 'What an ingestion did: new readings, readings whose value changed, and readings seen before unchanged.' })
export class HealthIngestResult {
  @Field(() => Int)
  inserted: number;

  @Field(() => Int)
  updated: number;

  @Field(() => Int)
  unchanged: number;

  @Field(() => Int, { description: 'Implausible readings a provider sent, left out.' })
  rejected: number;
}

@Resolver(() => DeviceConnection)
export class ConnectionResolver {
  @Query(() => [DeviceProvider], { description: 'The device providers this platform is configured for.' })
  deviceProviders(@Ctx() ctx: WellnessContext): DeviceProvider[] {
    return ctx.services.connections.enabledProviders();
  }

  @Query(() => [DeviceConnection], { description: "A member's device connections, newest first." })
  deviceConnections(@Arg('memberId', () => ID) memberId: string, @Ctx() ctx: WellnessContext) {
    return ctx.loaders.connectionsByMember.load(memberId);
  }

  @Mutation(() => ConnectDevicePayload, { description: 'Starts connecting a device source for a member (a member only for themselves).' })
  async connectDevice(@Arg('memberId', () => ID) memberId: string, @Arg('provider', () => DeviceProvider) provider: DeviceProvider, @Ctx() ctx: WellnessContext) {
    assertActsFor(ctx.actor, memberId);
    return ctx.services.connections.start(memberId, provider);
  }

  @Mutation(() => DeviceConnection, { description: "Finishes the provider's OAuth callback: the state must be the one issued to this member." })
  async completeDeviceConnection(
    @Arg('memberId', () => ID) memberId: string,
    @Arg('state') state: string,
    @Arg('code') code: string,
    @Ctx() ctx: WellnessContext,
  ) {
    assertActsFor(ctx.actor, memberId);
    return ctx.services.connections.complete(memberId, state, code);
  }

  @Mutation(() => HealthIngestResult, { description: 'Fetches new readings from the provider now (the sync job does this regularly).' })
  async syncDeviceConnection(@Arg('id', () => ID) id: string, @Ctx() ctx: WellnessContext) {
    assertActsFor(ctx.actor, (await ctx.services.connections.byId(id)).memberId);
    return ctx.services.connections.sync(id);
  }

  @Mutation(() => HealthIngestResult, { description: 'The member app uploads Apple Health samples: { samples: [{ type, value, unit, startDate }] } with HealthKit identifiers.' })
  async uploadAppleHealthData(@Arg('connectionId', () => ID) connectionId: string, @Arg('payload', () => JSONObjectResolver) payload: Record<string, unknown>, @Ctx() ctx: WellnessContext) {
    assertActsFor(ctx.actor, (await ctx.services.connections.byId(connectionId)).memberId);
    return ctx.services.connections.upload(connectionId, payload);
  }

  @Mutation(() => DeviceConnection, { description: 'Disconnects a source: the provider is asked to revoke our access and the stored tokens are wiped.' })
  async disconnectDevice(@Arg('id', () => ID) id: string, @Ctx() ctx: WellnessContext) {
    assertActsFor(ctx.actor, (await ctx.services.connections.byId(id)).memberId);
    return ctx.services.connections.disconnect(id);
  }
}
