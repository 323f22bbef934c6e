import { type ErrorCode, type MessageParam, messagesFor } from './i18n/messages.js';

/** A field-level problem reported with VALIDATION_FAILED. */
export interface FieldIssue {
  /** Dotted path of the field, e.g. `query.parent`. */
  readonly field: string;
  /** Machine-readable issue kind from zod (`invalid_type`, `too_big`, …). */
  readonly issue: string;
  /** English detail from the validator, for developers. */
  readonly detail: string;
}

/**
 * An expected, client-caused failure: becomes a 4xx with a stable code and a zh/en message.
 * Anything thrown that is not a DomainError is treated as a bug and answered with a generic 500.
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly params: Readonly<Record<string, MessageParam>>;
  readonly issues: readonly FieldIssue[] | undefined;
  /** Extra machine-readable members of the error body (e.g. an import's `rows`). */
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    status: number,
    params: Readonly<Record<string, MessageParam>> = {},
    issues?: readonly FieldIssue[],
    details?: Record<string, unknown>,
  ) {
    super(messagesFor(code, params).en);
    this.name = 'DomainError';
    this.code = code;
    this.status = status;
    this.params = params;
    this.issues = issues;
    this.details = details;
  }
}

/** 400: the input failed schema validation. */
export const validationFailed = (issues: readonly FieldIssue[]): DomainError =>
  new DomainError('VALIDATION_FAILED', 400, {}, issues);
/** 401: no verified caller where one is required. */
export const unauthenticated = (): DomainError => new DomainError('UNAUTHENTICATED', 401);
/** 403: the caller's role may not perform the action. */
export const forbidden = (): DomainError => new DomainError('FORBIDDEN', 403);
/** 403: the role may act, but not on this division. */
export const outOfScope = (): DomainError => new DomainError('OUT_OF_SCOPE', 403);
/** 404 for a division code that is well-formed but unknown. */
export const divisionNotFound = (code: string): DomainError => new DomainError('DIVISION_NOT_FOUND', 404, { code });
/** 413: the body exceeds the route's limit. */
export const payloadTooLarge = (max: number): DomainError => new DomainError('PAYLOAD_TOO_LARGE', 413, { max });
/** 404 for an entity id that does not exist (or is outside what the caller may know of). */
export const notFound = (code: 'BRANCH_NOT_FOUND' | 'COMMISSIONER_NOT_FOUND' | 'MEMBER_NOT_FOUND'): DomainError => new DomainError(code, 404);
/** 409: the caller edited an older version than the stored one. */
export const versionConflict = (current: number): DomainError => new DomainError('VERSION_CONFLICT', 409, { current });
