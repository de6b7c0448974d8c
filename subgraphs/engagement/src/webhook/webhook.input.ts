import { Field, InputType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, Length } from 'class-validator';

@InputType()
export class RegisterWebhookEndpointInput {
  @Field({ description: 'https (plain http only to the loopback interface, in development).' })
  @Length(8, 2000)
  url: string;

  @Field(() => [String], { description: 'The domain event types to receive, e.g. `claims.claim.decided`.' })
  @ArrayMaxSize(20)
  eventTypes: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 500)
  description?: string | null;
}
