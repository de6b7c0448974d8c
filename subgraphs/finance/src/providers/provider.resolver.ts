import { Arg, Args, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { ValidationError } from '../../../../kit/errors';
import { Connection, PageArgs } from '../../../../kit/pagination';
import type { FinanceContext } from '../context';
import { Invoice } from '../invoice/invoice.entity';
import { Payment } from '../payment/payment.entity';
import { PaymentIntent } from './payment-intent.entity';
import { ProviderName } from './provider';
import { PaymentIntentFilter, ProviderNotificationFilter } from './provider.input';
import { ProviderNotification } from './provider-notification.entity';

export const PaymentIntentConnection = Connection(PaymentIntent);
export const ProviderNotificationConnection = Connection(ProviderNotification);

/** A card payment started with Stripe: the intent, and the client secret the payer's browser confirms it with. */
@ObjectType({ description: 'A card payment started with Stripe: the intent, and the client secret the payer\'s browser confirms it with.' })
export class CardPaymentStart {
  @Field(() => PaymentIntent)
  intent: PaymentIntent;

  @Field({ description: 'Stripe\'s client secret, for Stripe.js on the payer\'s device only.' })
  clientSecret: string;
}

/** A PayPal order: the intent, and where the payer approves it. */
@ObjectType({ description: 'A PayPal order: the intent, and where the payer approves it.' })
export class PaypalOrderStart {
  @Field(() => PaymentIntent)
  intent: PaymentIntent;

  @Field({ description: 'PayPal\'s order id (capture it once the payer approved).' })
  orderId: string;

  @Field(() => String, { nullable: true, description: 'The page where the payer approves the order.' })
  approvalUrl: string | null;
}

const KEY = { description: 'Names this attempt: a retry with the same key returns the same intent and asks the provider nothing more.' };

@Resolver(() => PaymentIntent)
export class PaymentIntentResolver {
  @Query(() => PaymentIntent, { nullable: true, description: 'One payment intent, or null when the id is unknown.' })
  paymentIntent(@Arg('id', () => ID) id: string, @Ctx() ctx: FinanceContext): Promise<PaymentIntent | null> {
    return ctx.loaders.paymentIntentById.load(id);
  }

  @Query(() => PaymentIntentConnection, { description: 'Payments started with providers, latest first.' })
  paymentIntents(
    @Arg('filter', () => PaymentIntentFilter, { nullable: true }) filter: PaymentIntentFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: FinanceContext,
  ) {
    return ctx.services.providerPayments.searchIntents(filter, page);
  }

  @Query(() => ProviderNotificationConnection, { description: 'Every callback and webhook providers sent, latest first, with what came of it.' })
  providerNotifications(
    @Arg('filter', () => ProviderNotificationFilter, { nullable: true }) filter: ProviderNotificationFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: FinanceContext,
  ) {
    return ctx.services.providerPayments.searchNotifications(filter, page);
  }

  @Mutation(() => PaymentIntent, { description: 'Asks the payer\'s phone to pay what is due on an invoice by M-Pesa (STK push). The payment is posted when Safaricom calls back.' })
  startMpesaPayment(
    @Arg('invoiceId', () => ID) invoiceId: string,
    @Arg('phone') phone: string,
    @Arg('idempotencyKey', KEY) idempotencyKey: string,
    @Ctx() ctx: FinanceContext,
  ): Promise<PaymentIntent> {
    assertKey(idempotencyKey);
    return ctx.services.providerPayments.startPayment(ProviderName.MPESA, { invoiceId, phone, idempotencyKey }, ctx.actor);
  }

  @Mutation(() => CardPaymentStart, { description: 'Starts a card payment of what is due on an invoice (a Stripe PaymentIntent). The payment is posted on Stripe\'s webhook.' })
  async createCardPaymentIntent(
    @Arg('invoiceId', () => ID) invoiceId: string,
    @Arg('idempotencyKey', KEY) idempotencyKey: string,
    @Ctx() ctx: FinanceContext,
  ): Promise<CardPaymentStart> {
    assertKey(idempotencyKey);
    const intent = await ctx.services.providerPayments.startPayment(ProviderName.STRIPE, { invoiceId, idempotencyKey }, ctx.actor);
    return Object.assign(new CardPaymentStart(), { intent, clientSecret: intent.clientSecret ?? '' });
  }

  @Mutation(() => PaypalOrderStart, { description: 'Creates a PayPal order for what is due on an invoice; the payer approves it at PayPal, then it is captured.' })
  async createPaypalOrder(
    @Arg('invoiceId', () => ID) invoiceId: string,
    @Arg('idempotencyKey', KEY) idempotencyKey: string,
    @Ctx() ctx: FinanceContext,
  ): Promise<PaypalOrderStart> {
    assertKey(idempotencyKey);
    const intent = await ctx.services.providerPayments.startPayment(ProviderName.PAYPAL, { invoiceId, idempotencyKey }, ctx.actor);
    return Object.assign(new PaypalOrderStart(), { intent, orderId: intent.providerRequestId ?? '', approvalUrl: intent.clientSecret });
  }

  @Mutation(() => PaymentIntent, { description: 'Captures an approved PayPal order and posts the payment. Capturing again returns the same intent.' })
  capturePaypalOrder(@Arg('orderId') orderId: string, @Ctx() ctx: FinanceContext): Promise<PaymentIntent> {
    return ctx.services.providerPayments.capturePaypalOrder(orderId, ctx.actor);
  }

  @FieldResolver(() => Invoice)
  async invoice(@Root() intent: PaymentIntent, @Ctx() ctx: FinanceContext): Promise<Invoice> {
    return (await ctx.loaders.invoiceById.load(intent.invoiceId))!;
  }

  @FieldResolver(() => Payment, { nullable: true, description: 'The payment recorded when the provider confirmed it.' })
  payment(@Root() intent: PaymentIntent, @Ctx() ctx: FinanceContext): Promise<Payment | null> | null {
    return intent.paymentId ? ctx.loaders.paymentById.load(intent.paymentId) : null;
  }
}

/** Idempotency keys are 8 to 200 characters, like the kit's `IdempotencyArgs`. */
export function assertKey(idempotencyKey: string): void {
  const length = idempotencyKey.trim().length;
  if (length < 8 || length > 200) throw new ValidationError([{ field: 'idempotencyKey', rule: 'LENGTH', message: 'must be 8 to 200 characters' }]);
}
