import { ArgsType, Directive, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { Max, Min } from 'class-validator';
import type { ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import { ValidationError } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@Directive('@shareable')
@ObjectType({ description: 'Where a page sits in a longer list (Relay cursor connections).' })
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: `Page size, 1 to ${MAX_PAGE_SIZE}.` })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = DEFAULT_PAGE_SIZE;

  @Field(() => String, { nullable: true, description: 'The `endCursor` of the previous page.' })
  after?: string | null;
}

export interface Edge<T> {
  node: T;
  cursor: string;
}

export interface Page<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
}

/** Declares `<Name>Connection` and `<Name>Edge` object types for a node type. */
export function Connection<T extends object>(nodeType: ClassType<T>, name: string = nodeType.name) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field(() => nodeType)
    node: T;

    @Field()
    cursor: string;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} records.` })
  class ConnectionType {
    @Field(() => [EdgeType])
    edges: Edge<T>[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;
  }
  return ConnectionType;
}

/** A keyset sort: the column to order by, and the entity property that holds its value. */
export interface KeysetSort<T> {
  column: string;
  property: keyof T & string;
  direction: 'ASC' | 'DESC';
}

type CursorValue = string | number;

export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** Decodes an `after` cursor, rejecting anything this server did not issue. */
export function decodeCursor(cursor: string, arity: number): CursorValue[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === arity && values.every((v) => typeof v === 'string' || typeof v === 'number')) {
      return values;
    }
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError([{ field: 'after', rule: 'VALID_CURSOR', message: 'is not a cursor returned by this list' }]);
}

function sortValue(value: unknown): CursorValue {
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'number' ? value : String(value);
}

function cursorOf<T extends { id: string }>(row: T, sort: KeysetSort<T>): string {
  return encodeCursor([sortValue(row[sort.property]), row.id]);
}

/** The keyset condition "after this cursor" for a sort on (column, id). */
function afterCondition(alias: string, sort: KeysetSort<unknown>, after: string, prefix = 'cursor') {
  const [value, id] = decodeCursor(after, 2);
  const op = sort.direction === 'DESC' ? '<' : '>';
  const column = alias ? `${alias}.${sort.column}` : sort.column;
  const idColumn = alias ? `${alias}.id` : 'id';
  return {
    sql: `(${column}, ${idColumn}) ${op} (:${prefix}Value, :${prefix}Id)`,
    params: { [`${prefix}Value`]: value, [`${prefix}Id`]: id },
  };
}

/** A page with nothing on it. */
export function emptyPage<T>(): Page<T> {
  const pageInfo = new PageInfo();
  pageInfo.hasNextPage = false;
  pageInfo.endCursor = null;
  return { edges: [], pageInfo };
}

/** Turns `first + 1` fetched rows into a page, using the extra row only to learn `hasNextPage`. */
export function toPage<T extends { id: string }>(rows: T[], first: number, sort: KeysetSort<T>): Page<T> {
  const nodes = rows.slice(0, first);
  const edges = nodes.map((node) => ({ node, cursor: cursorOf(node, sort) }));
  const pageInfo = new PageInfo();
  pageInfo.hasNextPage = rows.length > first;
  pageInfo.endCursor = edges.at(-1)?.cursor ?? null;
  return { edges, pageInfo };
}

/** Applies keyset pagination to a query over `alias` and fetches one page. */
export async function paginate<T extends ObjectLiteral & { id: string }>(
  query: SelectQueryBuilder<T>,
  alias: string,
  sort: KeysetSort<T>,
  page: PageArgs,
): Promise<Page<T>> {
  if (page.after) {
    const condition = afterCondition(alias, sort as KeysetSort<unknown>, page.after);
    query.andWhere(condition.sql, condition.params);
  }
  const rows = await query
    .orderBy(`${alias}.${sort.column}`, sort.direction)
    .addOrderBy(`${alias}.id`, sort.direction)
    .limit(page.first + 1)
    .getMany();
  return toPage(rows, page.first, sort);
}

/**
 * One page per owner for many owners in a single statement (the first page of each member's
 * claims, say), so a list of N members costs the same number of queries as one member.
 */
export async function paginatePerOwner<T extends ObjectLiteral & { id: string }>(
  repository: Repository<T>,
  options: {
    ownerColumn: string;
    ownerProperty: keyof T & string;
    ownerIds: readonly string[];
    sort: KeysetSort<T>;
    page: PageArgs;
    where?: { sql: string; params: Record<string, unknown> };
  },
): Promise<Map<string, Page<T>>> {
  const { ownerColumn, ownerProperty, ownerIds, sort, page } = options;
  const table = repository.metadata.tablePath;
  const conditions = [`${ownerColumn} = ANY(:ownerIds)`];
  let params: Record<string, unknown> = { ownerIds, limit: page.first + 1 };
  if (options.where) {
    conditions.push(options.where.sql);
    params = { ...params, ...options.where.params };
  }
  if (page.after) {
    const condition = afterCondition('', sort as KeysetSort<unknown>, page.after);
    conditions.push(condition.sql);
    params = { ...params, ...condition.params };
  }
  const ranked =
    `SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY ${ownerColumn} ORDER BY ${sort.column} ${sort.direction}, id ${sort.direction}) AS rank ` +
    `FROM ${table} WHERE ${conditions.join(' AND ')}) ranked WHERE rank <= :limit`;
  const rows = await repository
    .createQueryBuilder('item')
    .where(`item.id IN (${ranked})`, params)
    .orderBy(`item.${sort.column}`, sort.direction)
    .addOrderBy('item.id', sort.direction)
    .getMany();
  const byOwner = new Map<string, T[]>(ownerIds.map((id) => [id, []]));
  for (const row of rows) byOwner.get(String(row[ownerProperty]))?.push(row);
  return new Map([...byOwner].map(([owner, list]) => [owner, toPage(list, page.first, sort)]));
}
