import middy, { type MiddlewareObj, type Request } from '@middy/core';
import httpEventNormalizer from '@middy/http-event-normalizer';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod/mini';
import type { $ZodType, output } from 'zod/v4/core';
import { principalOf, type Principal } from '../auth/principal.js';
import { DomainError, payloadTooLarge, unauthenticated, validationFailed } from '../errors.js';
import { type Language, messagesFor, negotiateLanguage } from '../i18n/messages.js';
import { logger } from '../observability/logger.js';
import { type FunctionName, type RouteDefinition, routeKeyOf, routes } from './routes.js';

/** What an operation sees besides its validated input. */
export interface OperationContext {
  /** The verified caller on staff routes; undefined on public routes. */
  readonly principal: Principal | undefined;
  readonly language: Language;
  /** API Gateway's request id, shown to users in error messages and found in access logs. */
  readonly requestId: string;
}

/** An operation's answer: a JSON body plus optional status (default 200) and extra headers. */
export interface OperationResult {
  readonly status?: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

/** The raw material a route's zod schema validates. */
export interface RawInput {
  /** Lower-cased request headers (e.g. `idempotency-key`). */
  readonly headers: Record<string, string | undefined>;
  readonly query: Record<string, string | undefined>;
  readonly path: Record<string, string | undefined>;
  readonly body: unknown;
}

/** A route's implementation: a schema for `{ query, path, body }` and the use case call. */
export interface Operation {
  run(raw: RawInput, context: OperationContext): Promise<OperationResult>;
}

/**
 * Declares an operation. The schema parses `{ query, path, body }`; a failure becomes 400
 * VALIDATION_FAILED listing each field, so `handle` only ever sees valid, typed input.
 *
 * Lambda-side schemas use `zod/mini`: the classic `zod` entry adds ~430 KB to every bundle and
 * measurably slows cold starts (see `npm run bench`); both share the core this accepts.
 */
export function defineOperation<Schema extends $ZodType>(spec: {
  input: Schema;
  handle: (input: output<Schema>, context: OperationContext) => Promise<OperationResult>;
}): Operation {
  return {
    async run(raw, context) {
      const parsed = z.safeParse(spec.input, raw);
      if (!parsed.success) {
        throw validationFailed(
          parsed.error.issues.map((issue) => ({
            field: issue.path.map(String).join('.'),
            issue: issue.code,
            detail: issue.message,
          })),
        );
      }
      return spec.handle(parsed.data, context);
    },
  };
}

type HttpRequest = Request<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>;

const jsonHeaders = { 'content-type': 'application/json; charset=utf-8' };

/** Serialises an operation result as an API Gateway v2 response. */
export function jsonResponse(result: OperationResult): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: result.status ?? 200,
    headers: { ...jsonHeaders, 'cache-control': 'no-store', ...result.headers },
    body: JSON.stringify(result.body),
  };
}

const throttlingErrors = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded']);

/** Maps anything thrown to a DomainError when it is a client's or capacity's fault, else undefined. */
function toDomainError(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  if (!(error instanceof Error)) return undefined;
  if (throttlingErrors.has(error.name)) return new DomainError('SERVICE_BUSY', 503);
  // Optimistic writes that kept losing races after their retries (shared/data/transaction.ts).
  if (error.name === 'TransactionConflict') return new DomainError('CONCURRENT_UPDATE', 409);
  // Middy's body parser answers 415 for malformed JSON (DESIGN §6): that is a 400 here.
  const status = (error as Error & { statusCode?: number }).statusCode;
  if (status === 415) {
    return /malformed JSON/i.test(error.message)
      ? new DomainError('MALFORMED_JSON', 400)
      : new DomainError('UNSUPPORTED_MEDIA_TYPE', 415);
  }
  return undefined;
}

/**
 * Turns errors into the Boai error envelope. It is registered first so that its onError runs
 * last (middy runs onError in reverse), after every other middleware has seen the error. Only
 * DomainErrors reveal anything; the rest become INTERNAL with a request id and are logged.
 */
function errorResponder(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context> {
  return {
    onError: (request: HttpRequest) => {
      const language = negotiateLanguage(request.event.headers?.['accept-language']);
      const requestId = request.event.requestContext?.requestId ?? request.context.awsRequestId;
      const known = toDomainError(request.error);
      if (!known) {
        // Name, message and stack only: never the event, which can carry personal data.
        logger.error('Unhandled error', { error: request.error ?? undefined, requestId });
      } else if (known.status >= 500) {
        logger.warn('Service busy', { code: known.code, requestId });
      }
      const error = known ?? new DomainError('INTERNAL', 500, { requestId });
      const messages = messagesFor(error.code, error.params);
      request.response = jsonResponse({
        status: error.status,
        headers: error.status === 503 ? { 'retry-after': '1' } : {},
        body: {
          error: {
            code: error.code,
            message: messages[language],
            messages,
            requestId,
            ...(error.issues ? { issues: error.issues } : {}),
            ...error.details,
          },
        },
      });
    },
  };
}

const parseJson = httpJsonBodyParser().before!;

/**
 * Applies the route table's body rules before parsing: bodyless routes refuse any body (400),
 * others refuse bodies over their limit (413); JSON is parsed only for routes that take a body.
 */
function bodyGuard(
  routeTable: readonly RouteDefinition[],
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context> {
  const routesByKey = new Map<string, RouteDefinition>(routeTable.map((route) => [routeKeyOf(route), route]));
  return {
    before: async (request: HttpRequest) => {
      const route = routesByKey.get(request.event.routeKey);
      const body = request.event.body;
      if (!route || body === undefined || body === null || body === '') return;
      const bytes = request.event.isBase64Encoded ? Buffer.from(body, 'base64').byteLength : Buffer.byteLength(body);
      if (route.maxBodyBytes === 0) throw new DomainError('BODY_NOT_ALLOWED', 400);
      if (bytes > route.maxBodyBytes) throw payloadTooLarge(route.maxBodyBytes);
      await parseJson(request);
    },
  };
}

/** A domain function's Lambda handler, labelled with the route keys it serves. */
export interface DomainHandler {
  (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2>;
  readonly fn: FunctionName;
  readonly routeKeys: readonly string[];
}

/**
 * The Lambda handler of one domain function: the shared middy chain (errors, logging context,
 * normalisers, body guard) in front of a dispatch on the route key to that domain's operations.
 * Unknown route keys get 404 ROUTE_NOT_FOUND. A test checks the operations match the route table;
 * `options.routeTable` exists so tests can exercise body rules on routes of their own.
 */
export function createDomainHandler(
  fn: FunctionName,
  operations: Record<string, Operation>,
  options: { routeTable?: readonly RouteDefinition[] } = {},
): DomainHandler {
  const accessByKey = new Map((options.routeTable ?? routes).map((route) => [routeKeyOf(route), route.access]));
  const dispatch = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    // Users quote API Gateway's request id (it is in every error body); log it to find them.
    logger.appendKeys({ apiRequestId: event.requestContext.requestId, routeKey: event.routeKey });
    const operation = operations[event.routeKey];
    if (!operation) throw new DomainError('ROUTE_NOT_FOUND', 404);
    const principal = principalOf(event);
    // Default deny before anything else: a staff route without a verified principal (no token, or
    // an access token the gateway let through) learns nothing about its input's validity.
    if (accessByKey.get(event.routeKey) === 'staff' && !principal) throw unauthenticated();
    const result = await operation.run(
      {
        headers: event.headers ?? {},
        query: event.queryStringParameters ?? {},
        path: event.pathParameters ?? {},
        body: event.body,
      },
      {
        principal,
        language: negotiateLanguage(event.headers?.['accept-language']),
        requestId: event.requestContext.requestId,
      },
    );
    return jsonResponse(result);
  };
  const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(errorResponder())
    // logEvent stays off whatever the environment says: events carry tokens and personal data.
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .use(httpHeaderNormalizer())
    .use(httpEventNormalizer())
    .use(bodyGuard(options.routeTable ?? routes))
    .handler(dispatch);
  // The normaliser middlewares widen middy's event type to v1|v2; this handler only ever receives
  // HTTP API v2 events, so it is exposed with that narrower, accurate signature.
  const entry = (event: APIGatewayProxyEventV2, context: Context) =>
    handler(event as Parameters<typeof handler>[0], context) as Promise<APIGatewayProxyStructuredResultV2>;
  return Object.assign(entry, { fn, routeKeys: Object.keys(operations) });
}
