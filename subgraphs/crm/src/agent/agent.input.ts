import { Field, ID, InputType } from 'type-graphql';
import { ArrayMinSize, IsEmail, IsOptional, IsUUID, Length, Matches } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { AgentStatus } from './agent.entity';

@InputType()
export class CreateTerritoryInput {
  @Field()
  @Length(2, 100)
  name: string;

  @Field(() => [String], { description: 'Kenyan counties, spelt as in the county list (e.g. "Nairobi", "Uasin Gishu").' })
  @ArrayMinSize(1)
  regions: string[];
}

@InputType()
export class CreateSalesTeamInput {
  @Field()
  @Length(2, 100)
  name: string;

  @Field(() => ID, { nullable: true })
  managerAgentId?: string | null;
}

@InputType()
export class CreateAgentInput {
  @Field({ description: 'Unique, 3-20 capitals, digits or dashes, e.g. AG-NBI-001.' })
  @Matches(/^[A-Z0-9-]{3,20}$/)
  agentCode: string;

  @Field()
  @Length(2, 200)
  name: string;

  @Field()
  @IsEmail()
  email: string;

  @Field({ description: 'E.164, e.g. +254712345678.' })
  @Matches(/^\+[1-9]\d{7,14}$/)
  phone: string;

  @Field(() => ID, { nullable: true, description: 'The identity user who is this agent.' })
  @IsOptional()
  @Length(1, 200)
  userId?: string | null;

  @Field(() => ID, { nullable: true })
  teamId?: string | null;

  @Field(() => ID, { nullable: true })
  territoryId?: string | null;

  @Field(() => LocalDateResolver)
  hireDate: string;
}

@InputType()
export class UpdateAgentInput {
  @Field(() => ID)
  agentId: string;

  @Field(() => ID, { nullable: true })
  teamId?: string | null;

  @Field(() => ID, { nullable: true })
  territoryId?: string | null;

  @Field(() => AgentStatus, { nullable: true })
  status?: AgentStatus | null;
}

@InputType()
export class AgentFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  teamId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  territoryId?: string | null;

  @Field(() => AgentStatus, { nullable: true })
  status?: AgentStatus | null;
}
