import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { allCustomMatcher } from 'aws-sdk-client-mock-vitest';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { createDomainHandler, defineOperation } from '../../shared/http/chassis.js';
import type { RouteDefinition } from '../../shared/http/routes.js';
import { bodyOf, fixture, testContext } from '../support/events.js';

expect.extend(allCustomMatcher);

const routeTable: RouteDefinition[] = [
  { method: 'POST', path: '/api/test/echo', fn: 'platform', access: 'public', maxBodyBytes: 100, summary: 'test' },
  { method: 'GET', path: '/api/test/boom', fn: 'platform', access: 'public', maxBodyBytes: 0, summary: 'test' },
];

const echo = defineOperation({
  input: z.object({ body: z.object({ name: z.string().check(z.minLength(1)), fen: z.int().check(z.nonnegative()) }) }),
  handle: async ({ body }) => ({ status: 201, body }),
});
const boom = defineOperation({
  input: z.object({}),
  handle: async () => {
    throw new Error('secret internals: connection string postgres://u:p@h');
  },
});
const handler = createDomainHandler('platform', { 'POST /api/test/echo': echo, 'GET /api/test/boom': boom }, { routeTable });

function event(routeKey: string, body?: string, headers: Record<string, string> = {}): APIGatewayProxyEventV2 {
  const base = fixture('api-gateway/get-divisions.json');
  const [method, path] = routeKey.split(' ') as [string, string];
  return {
    ...base,
    routeKey,
    rawPath: path,
    queryStringParameters: undefined,
    headers: { 'content-type': 'application/json', ...headers },
    requestContext: { ...base.requestContext, routeKey, http: { ...base.requestContext.http, method, path } },
    ...(body === undefined ? {} : { body }),
  } as APIGatewayProxyEventV2;
}

type ErrorBody = { error: { code: string; message: string; messages: { zh: string; en: string }; requestId: string; issues?: { field: string }[] } };

describe('handler chassis', () => {
  it('passes valid JSON to the operation and uses its status', async () => {
    const response = await handler(event('POST /api/test/echo', '{"name":"罗田","fen":100}'), testContext());
    expect(response.statusCode).toBe(201);
    expect(bodyOf(response)).toEqual({ name: '罗田', fen: 100 });
    expect(response.headers?.['content-type']).toContain('application/json');
  });

  it('answers malformed JSON with 400 MALFORMED_JSON, in Chinese by default', async () => {
    const response = await handler(event('POST /api/test/echo', '{"name":'), testContext());
    expect(response.statusCode).toBe(400);
    const { error } = bodyOf<ErrorBody>(response);
    expect(error.code).toBe('MALFORMED_JSON');
    expect(error.message).toBe(error.messages.zh);
    expect(error.requestId).toBe('fixture-get-divisions-0001');
  });

  it('answers wrong content types with 415 and oversize bodies with 413', async () => {
    const wrongType = await handler(event('POST /api/test/echo', 'name=x', { 'content-type': 'text/plain' }), testContext());
    expect(wrongType.statusCode).toBe(415);
    expect(bodyOf<ErrorBody>(wrongType).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const big = await handler(event('POST /api/test/echo', JSON.stringify({ name: 'x'.repeat(200), fen: 1 })), testContext());
    expect(big.statusCode).toBe(413);
    expect(bodyOf<ErrorBody>(big).error.messages.en).toContain('100 bytes');
  });

  it('refuses a body on a route that takes none', async () => {
    const response = await handler(event('GET /api/test/boom', '{}'), testContext());
    expect(response.statusCode).toBe(400);
    expect(bodyOf<ErrorBody>(response).error.code).toBe('BODY_NOT_ALLOWED');
  });

  it('lists each invalid field, in English when asked', async () => {
    const response = await handler(event('POST /api/test/echo', '{"name":"","fen":1.5}', { 'accept-language': 'en-US,en;q=0.9' }), testContext());
    expect(response.statusCode).toBe(400);
    const { error } = bodyOf<ErrorBody>(response);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe(error.messages.en);
    expect(error.issues?.map((issue) => issue.field).sort()).toEqual(['body.fen', 'body.name']);
  });

  it('reports a missing body as a validation error, not a crash', async () => {
    const response = await handler(event('POST /api/test/echo'), testContext());
    expect(response.statusCode).toBe(400);
    expect(bodyOf<ErrorBody>(response).error.issues?.[0]?.field).toBe('body');
  });

  it('hides internals of unexpected errors behind a generic 500 with the request id', async () => {
    const response = await handler(event('GET /api/test/boom'), testContext());
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('postgres');
    const { error } = bodyOf<ErrorBody>(response);
    expect(error.code).toBe('INTERNAL');
    expect(error.messages.en).toContain('fixture-get-divisions-0001');
  });

  it('answers unknown route keys with 404', async () => {
    const response = await handler(event('GET /api/test/nothing'), testContext());
    expect(response.statusCode).toBe(404);
    expect(bodyOf<ErrorBody>(response).error.code).toBe('ROUTE_NOT_FOUND');
  });
});

describe('AWS failure paths', () => {
  const dynamo = mockClient(DynamoDBDocumentClient);
  let divisions: typeof import('../../functions/divisions/index.js');
  let platform: typeof import('../../functions/platform/index.js');

  beforeAll(async () => {
    process.env.TABLE_NAME = 'unit';
    process.env.AWS_REGION = 'cn-north-1';
    divisions = await import('../../functions/divisions/index.js');
    platform = await import('../../functions/platform/index.js');
  });
  afterEach(() => dynamo.reset());

  it('turns DynamoDB throttling into 503 SERVICE_BUSY with Retry-After', async () => {
    dynamo.on(QueryCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    const response = await divisions.handler(fixture('api-gateway/get-divisions.json'), testContext());
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('1');
    expect(bodyOf<ErrorBody>(response).error.code).toBe('SERVICE_BUSY');
  });

  it('turns any other DynamoDB failure into a generic 500', async () => {
    dynamo.on(QueryCommand).rejects(new Error('socket hang up 10.0.0.12:443'));
    const response = await divisions.handler(fixture('api-gateway/get-divisions.json'), testContext());
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('10.0.0.12');
  });

  it('checks health with one cheap GetItem and no control-plane call', async () => {
    dynamo.on(GetCommand).resolves({});
    const healthEvent = { ...fixture('api-gateway/get-divisions.json'), routeKey: 'GET /api/health', queryStringParameters: undefined };
    const response = await platform.handler(healthEvent, testContext());
    expect(response.statusCode).toBe(200);
    expect(dynamo).toHaveReceivedCommandTimes(GetCommand, 1);
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, { Key: { PK: 'HEALTH', SK: '#' } });
    expect(dynamo.calls()).toHaveLength(1);
  });

  it('reports the table unreachable from the health check with 503', async () => {
    dynamo.onAnyCommand().rejects(new Error('ECONNREFUSED'));
    const healthEvent = { ...fixture('api-gateway/get-divisions.json'), routeKey: 'GET /api/health', queryStringParameters: undefined };
    const response = await platform.handler(healthEvent, testContext());
    expect(response.statusCode).toBe(503);
    expect(bodyOf(response)).toMatchObject({ status: 'unavailable', table: 'unreachable' });
  });
});
