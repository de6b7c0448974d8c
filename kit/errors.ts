import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import { currentScope } from './request-context';
import type { Logger } from './logger';

/** Error codes a client can act on. Anything else is masked as INTERNAL_SERVER_ERROR. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  FORBIDDEN = 'FORBIDDEN',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** An operation over the gateway's limits (depth, aliases, cost, page size). */
  QUERY_LIMIT_EXCEEDED = 'QUERY_LIMIT_EXCEEDED',
  /** A service this operation depends on did not answer; nothing was changed and a retry is safe. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** One broken rule on one input field. */
export interface Violation {
  field: string;
  rule: string;
  message: string;
}

/** An error meant for the client: a code in `extensions` and a message a person can act on. */
export class DomainError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.name = 'DomainError';
  }
}

/** Input broke one or more rules; each violation names the field and the rule. */
export class ValidationError extends DomainError {
  constructor(readonly violations: Violation[]) {
    super(ErrorCode.BAD_USER_INPUT, violations.map((v) => `${v.field}: ${v.message}`).join('; '), {
      violations,
      field: violations[0]?.field,
      rule: violations[0]?.rule,
    });
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, id: string) {
    super(ErrorCode.NOT_FOUND, `${entity} ${id} does not exist`, { entity, id });
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(ErrorCode.CONFLICT, message, extensions);
  }
}

/** A lifecycle change that the current state does not allow; the message says why. */
export class InvalidTransitionError extends DomainError {
  constructor(entity: string, from: string, action: string, reason: string) {
    super(ErrorCode.INVALID_TRANSITION, `Cannot ${action} ${entity}: ${reason}`, { entity, from, action });
  }
}

/** Collects violations so a single error can report every broken rule of one input. */
export class Violations {
  private readonly list: Violation[] = [];
  add(field: string, rule: string, message: string): this {
    this.list.push({ field, rule, message });
    return this;
  }
  get any(): boolean {
    return this.list.length > 0;
  }
  throwIfAny(): void {
    if (this.any) throw new ValidationError(this.list);
  }
}

const PASS_THROUGH_CODES = new Set<string>([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  ...Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR),
]);

/**
 * Apollo Server `formatError`: typed errors pass through, input validation from class-validator
 * becomes BAD_USER_INPUT with named fields, and anything else is logged and masked behind
 * the request's correlation id.
 */
export function createErrorFormatter(logger: Logger, exposeInternals: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof ArgumentValidationError) {
      const violations = flattenClassValidatorErrors(original.extensions.validationErrors as ClassValidatorError[]);
      return {
        message: violations.map((v) => `${v.field}: ${v.message}`).join('; '),
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: ErrorCode.BAD_USER_INPUT, violations, field: violations[0]?.field, rule: violations[0]?.rule },
      };
    }
    if (postgresCode(original) === INVALID_TEXT_REPRESENTATION) {
      // A malformed id (or similar) reached SQL: the caller's mistake, not a server fault.
      return {
        message: 'A value is not in the expected format (ids are UUIDs).',
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: ErrorCode.BAD_USER_INPUT, rule: 'VALID_FORMAT' },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PASS_THROUGH_CODES.has(code)) {
      const { stacktrace: _omit, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions: exposeInternals ? formatted.extensions : extensions };
    }
    const correlationId = currentScope()?.correlationId;
    logger.error('unhandled error', { error: original instanceof Error ? original : String(original), path: formatted.path });
    return {
      message: `Internal error. Quote reference ${correlationId ?? 'unknown'} when reporting it.`,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, correlationId, ...(exposeInternals ? { detail: formatted.message } : {}) },
    };
  };
}

const INVALID_TEXT_REPRESENTATION = '22P02';

function postgresCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

interface ClassValidatorError {
  property: string;
  constraints?: Record<string, string>;
  children?: ClassValidatorError[];
}

function flattenClassValidatorErrors(errors: ClassValidatorError[] = [], prefix = ''): Violation[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({ field, rule, message }));
    return [...own, ...flattenClassValidatorErrors(e.children, field)];
  });
}
