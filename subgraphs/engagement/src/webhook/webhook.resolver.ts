import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { EngagementContext } from '../context';
import { RegisteredWebhookEndpoint, WebhookDelivery, WebhookDeliveryAttempt, WebhookEndpoint } from './webhook.entity';
import { RegisterWebhookEndpointInput } from './webhook.input';
import { WEBHOOK_EVENT_TYPES } from './webhook.rules';

@Resolver(() => WebhookDelivery)
export class WebhookResolver {
  @Query(() => [WebhookEndpoint], { description: 'Every registered endpoint, newest first.' })
  webhookEndpoints(@Ctx() ctx: EngagementContext): Promise<WebhookEndpoint[]> {
    return ctx.services.webhooks.endpoints();
  }

  @Query(() => [String], { description: 'The domain event types an endpoint may subscribe to.' })
  webhookEventTypes(): string[] {
    return [...WEBHOOK_EVENT_TYPES];
  }

  @Query(() => [WebhookDelivery], { description: "An endpoint's deliveries, newest first: the delivery log." })
  webhookDeliveries(
    @Arg('endpointId', () => ID) endpointId: string,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Ctx() ctx: EngagementContext,
  ): Promise<WebhookDelivery[]> {
    return ctx.services.webhooks.deliveriesOf([endpointId], first);
  }

  @Mutation(() => RegisteredWebhookEndpoint, { description: 'Registers an endpoint; the answer holds its signing secret, shown this once.' })
  registerWebhookEndpoint(@Arg('input', () => RegisterWebhookEndpointInput) input: RegisterWebhookEndpointInput, @Ctx() ctx: EngagementContext): Promise<RegisteredWebhookEndpoint> {
    return ctx.services.webhooks.register(input, ctx.actor.id);
  }

  @Mutation(() => WebhookEndpoint, { description: 'Turns an endpoint on (its failure count starts again) or off.' })
  setWebhookEndpointEnabled(@Arg('id', () => ID) id: string, @Arg('enabled') enabled: boolean, @Ctx() ctx: EngagementContext): Promise<WebhookEndpoint> {
    return ctx.services.webhooks.setEnabled(id, enabled);
  }

  @Mutation(() => WebhookDelivery, { description: 'Sends a delivery again (same event id), with a fresh set of attempts.' })
  replayWebhookDelivery(@Arg('deliveryId', () => ID) deliveryId: string, @Ctx() ctx: EngagementContext): Promise<WebhookDelivery> {
    return ctx.services.webhooks.replay(deliveryId);
  }

  @FieldResolver(() => WebhookEndpoint, { nullable: true })
  endpoint(@Root() delivery: WebhookDelivery, @Ctx() ctx: EngagementContext): Promise<WebhookEndpoint | null> {
    return ctx.loaders.endpointById.load(delivery.endpointId);
  }

  @FieldResolver(() => [WebhookDeliveryAttempt], { description: 'Every HTTP attempt, oldest first.' })
  deliveryAttempts(@Root() delivery: WebhookDelivery, @Ctx() ctx: EngagementContext): Promise<WebhookDeliveryAttempt[]> {
    return ctx.loaders.attemptsByDelivery.load(delivery.id);
  }
}
