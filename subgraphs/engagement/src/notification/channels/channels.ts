import type { EngagementConfig } from '../../config';
import { NotificationChannel } from '../notification.types';
import { AfricasTalkingAdapter } from './africastalking.adapter';
import type { ChannelAdapter } from './channel';
import { FcmAdapter } from './fcm.adapter';
import { SendGridAdapter } from './sendgrid.adapter';

/** The adapter of each configured channel; a channel without credentials is absent (disabled). */
export type ChannelAdapters = Partial<Record<NotificationChannel, ChannelAdapter>>;

export function createChannelAdapters(config: EngagementConfig): ChannelAdapters {
  const adapters: ChannelAdapters = {};
  if (config.email) adapters[NotificationChannel.EMAIL] = new SendGridAdapter(config.email, config.providerTimeoutMs);
  if (config.sms) adapters[NotificationChannel.SMS] = new AfricasTalkingAdapter(config.sms, config.providerTimeoutMs);
  if (config.push) adapters[NotificationChannel.PUSH] = new FcmAdapter(config.push, config.providerTimeoutMs);
  return adapters;
}
