import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { EngagementContext } from '../context';
import { MemberQuietHours, Notification, NotificationAttempt, NotificationPreference, NotificationTemplate } from './notification.entity';
import { NotificationTemplateInput } from './notification.input';
import { NotificationCategory, NotificationChannel } from './notification.types';

@Resolver(() => Notification)
export class NotificationResolver {
  @Query(() => [NotificationTemplate], { description: 'Every template, by event and channel.' })
  notificationTemplates(@Ctx() ctx: EngagementContext): Promise<NotificationTemplate[]> {
    return ctx.services.notifications.templates();
  }

  @Mutation(() => NotificationTemplate, { description: "Creates or replaces an event's template on a channel; placeholders must be the event's variables." })
  upsertNotificationTemplate(@Arg('input', () => NotificationTemplateInput) input: NotificationTemplateInput, @Ctx() ctx: EngagementContext): Promise<NotificationTemplate> {
    return ctx.services.notifications.upsertTemplate(input, ctx.actor.id);
  }

  @Query(() => [NotificationPreference], { description: "A member's choice for every category and channel." })
  notificationPreferences(@Arg('memberId', () => ID) memberId: string, @Ctx() ctx: EngagementContext): Promise<NotificationPreference[]> {
    return ctx.services.notifications.preferencesOf(memberId);
  }

  @Mutation(() => NotificationPreference, { description: 'Opts a member in or out of a category on a channel.' })
  setNotificationPreference(
    @Arg('memberId', () => ID) memberId: string,
    @Arg('category', () => NotificationCategory) category: NotificationCategory,
    @Arg('channel', () => NotificationChannel) channel: NotificationChannel,
    @Arg('optedIn') optedIn: boolean,
    @Ctx() ctx: EngagementContext,
  ): Promise<NotificationPreference> {
    return ctx.services.notifications.setPreference(memberId, category, channel, optedIn);
  }

  @Query(() => MemberQuietHours, { description: 'When SMS and push wait for a member (their own choice, or the default).' })
  notificationQuietHours(@Arg('memberId', () => ID) memberId: string, @Ctx() ctx: EngagementContext): Promise<MemberQuietHours> {
    return ctx.services.notifications.quietHoursOf(memberId);
  }

  @Mutation(() => MemberQuietHours, { description: "Sets a member's quiet hours: local minutes of the day; equal start and end for none." })
  setNotificationQuietHours(
    @Arg('memberId', () => ID) memberId: string,
    @Arg('startMinute', () => Int) startMinute: number,
    @Arg('endMinute', () => Int) endMinute: number,
    @Ctx() ctx: EngagementContext,
  ): Promise<MemberQuietHours> {
    return ctx.services.notifications.setQuietHours(memberId, startMinute, endMinute);
  }

  @Query(() => [Notification], { description: "A member's notifications, newest first." })
  notifications(
    @Arg('memberId', () => ID) memberId: string,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Ctx() ctx: EngagementContext,
  ): Promise<Notification[]> {
    return ctx.services.notifications.ofMember(memberId, first);
  }

  @FieldResolver(() => [NotificationAttempt], { description: 'Every try at handing it to the provider, oldest first.' })
  deliveryAttempts(@Root() notification: Notification, @Ctx() ctx: EngagementContext): Promise<NotificationAttempt[]> {
    return ctx.loaders.attemptsByNotification.load(notification.id);
  }
}
