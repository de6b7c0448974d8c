import { Arg, Ctx, Directive, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { NotFoundError, ValidationError } from '../errors';
import { parseEvent, type EventSubscription } from './event';
import { handleOnce } from './inbox';

@Directive('@shareable')
@ObjectType({ description: 'An event a consumer could not apply after its last delivery, kept for an administrator.' })
export class DeadLetterEvent {
  @Field(() => ID)
  id: string;

  @Field({ description: 'The subgraph that failed to apply it.' })
  consumer: string;

  @Field({ description: 'Where it came from on the bus (stream and entry id).' })
  messageId: string;

  @Field(() => ID, { nullable: true, description: 'Null when the message could not be read as an event.' })
  eventId: string | null;

  @Field(() => String, { nullable: true })
  type: string | null;

  @Field({ description: 'The message as received.' })
  raw: string;

  @Field()
  error: string;

  @Field(() => Int)
  deliveries: number;

  @Field()
  deadAt: Date;

  @Field(() => Date, { nullable: true })
  replayedAt: Date | null;
}

/** What an administrator can do with one subgraph's dead letters. */
export class DeadLetterAdmin {
  constructor(
    private readonly dataSource: DataSource,
    private readonly subscriptions: EventSubscription<unknown>[],
    private readonly services: unknown,
  ) {}

  async list(first: number, includeReplayed: boolean): Promise<DeadLetterEvent[]> {
    const rows = await this.dataSource.query(
      `SELECT id, consumer, message_id, event_id, type, raw, error, deliveries, dead_at, replayed_at FROM dead_letter_events
       WHERE $2 OR replayed_at IS NULL ORDER BY dead_at DESC LIMIT $1`,
      [first, includeReplayed],
    );
    return rows.map(toDeadLetter);
  }

  /** Applies a dead letter again (after the cause was fixed); the inbox still prevents a double effect. */
  async replay(id: string): Promise<DeadLetterEvent> {
    const [row] = await this.dataSource.query('SELECT * FROM dead_letter_events WHERE id::text = $1', [id]);
    if (!row) throw new NotFoundError('DeadLetterEvent', id);
    if (row.replayed_at) return toDeadLetter(row);
    let event;
    try {
      event = parseEvent(row.raw);
    } catch {
      throw new ValidationError([{ field: 'id', rule: 'READABLE_EVENT', message: 'this message is not an event and cannot be replayed' }]);
    }
    await handleOnce(this.dataSource, this.subscriptions, this.services, event);
    // TypeORM answers an UPDATE … RETURNING with [rows, rowCount].
    const [updated] = await this.dataSource.query('UPDATE dead_letter_events SET replayed_at = now() WHERE id = $1 RETURNING *', [row.id]);
    return toDeadLetter(updated[0]);
  }
}

function toDeadLetter(row: Record<string, any>): DeadLetterEvent {
  return Object.assign(new DeadLetterEvent(), {
    id: row.id,
    consumer: row.consumer,
    messageId: row.message_id,
    eventId: row.event_id,
    type: row.type,
    raw: row.raw,
    error: row.error,
    deliveries: row.deliveries,
    deadAt: row.dead_at,
    replayedAt: row.replayed_at,
  });
}

/** The GraphQL root fields of one subgraph's dead letters: `<name>DeadLetters` and `replay<Name>DeadLetter`. */
export function deadLetterFieldNames(subgraph: string): { query: string; mutation: string } {
  const capital = subgraph.charAt(0).toUpperCase() + subgraph.slice(1);
  return { query: `${subgraph}DeadLetters`, mutation: `replay${capital}DeadLetter` };
}

/** A resolver exposing one subgraph's dead letters (names are per subgraph so the supergraph composes). */
export function createDeadLetterResolver(subgraph: string) {
  const names = deadLetterFieldNames(subgraph);

  @Resolver()
  class DeadLetterResolver {
    @Query(() => [DeadLetterEvent], { name: names.query, description: `Events the ${subgraph} subgraph could not apply, newest first.` })
    deadLetters(
      @Arg('first', () => Int, { defaultValue: 50 }) first: number,
      @Arg('includeReplayed', { defaultValue: false }) includeReplayed: boolean,
      @Ctx() ctx: { deadLetters?: DeadLetterAdmin },
    ): Promise<DeadLetterEvent[]> {
      return admin(ctx).list(Math.min(Math.max(first, 1), 500), includeReplayed);
    }

    @Mutation(() => DeadLetterEvent, { name: names.mutation, description: `Applies one of the ${subgraph} subgraph's dead letters again.` })
    replay(@Arg('id', () => ID) id: string, @Ctx() ctx: { deadLetters?: DeadLetterAdmin }): Promise<DeadLetterEvent> {
      return admin(ctx).replay(id);
    }
  }
  return DeadLetterResolver;
}

function admin(ctx: { deadLetters?: DeadLetterAdmin }): DeadLetterAdmin {
  if (!ctx.deadLetters) throw new Error('dead letters are not available in this context');
  return ctx.deadLetters;
}
