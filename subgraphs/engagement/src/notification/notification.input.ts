import { Field, InputType } from 'type-graphql';
import { Length } from 'class-validator';
import { NotificationChannel, NotificationEvent } from './notification.types';

@InputType()
export class NotificationTemplateInput {
  @Field(() => NotificationEvent)
  event: NotificationEvent;

  @Field(() => NotificationChannel)
  channel: NotificationChannel;

  @Field({ description: 'The e-mail subject or push title; may use the event\'s variables.' })
  @Length(0, 200)
  subject: string;

  @Field({ description: 'The text, with `{{variable}}` placeholders; HTML-escaped values in e-mail.' })
  @Length(1, 5000)
  body: string;
}
