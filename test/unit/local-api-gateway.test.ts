import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { fromLambdaResult, matchRoute, toApiGatewayEvent } from '../../local/api-gateway.js';

/** Sends one real HTTP request to a throwaway server and returns the event built from it. */
async function captureEvent(path: string, init: { method?: string; headers?: Record<string, string>; body?: Buffer | string }) {
  return new Promise<APIGatewayProxyEventV2WithJWTAuthorizer>((resolve, reject) => {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const url = new URL(request.url ?? '/', 'http://localhost');
        const matched = matchRoute(request.method ?? 'GET', url.pathname);
        response.end();
        server.close();
        if (!matched) return reject(new Error('no route'));
        resolve(toApiGatewayEvent({ request, url, body: Buffer.concat(chunks), matched, claims: { sub: 'u1', 'cognito:groups': '[county]' } }));
      });
    });
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      // GET bodies need an explicit length: Node does not chunk-encode them.
      const length = init.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(init.body)) };
      const req = httpRequest({ host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: { ...length, ...init.headers } });
      req.on('error', reject);
      req.end(init.body);
    });
  });
}

describe('local API Gateway adapter', () => {
  it('matches route table paths by method', () => {
    expect(matchRoute('GET', '/api/divisions')?.route.fn).toBe('divisions');
    expect(matchRoute('POST', '/api/divisions')).toBeUndefined();
    expect(matchRoute('GET', '/api/divisions/extra')).toBeUndefined();
  });

  it('builds a v2 event that passes the AWS schema, joining repeated query keys and headers', async () => {
    const event = await captureEvent('/api/divisions?parent=421123000000&x=1&x=2', {
      headers: { 'Accept-Language': 'en', Cookie: 'a=1; b=2' },
    });
    expect(APIGatewayProxyEventV2Schema.safeParse(event).success).toBe(true);
    expect(event.routeKey).toBe('GET /api/divisions');
    expect(event.queryStringParameters).toEqual({ parent: '421123000000', x: '1,2' });
    expect(event.headers['accept-language']).toBe('en');
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.requestContext.authorizer.jwt.claims['cognito:groups']).toBe('[county]');
  });

  it('base64-encodes binary bodies and keeps JSON as text', async () => {
    const binary = await captureEvent('/api/divisions', { headers: { 'content-type': 'image/png' }, body: Buffer.from([0, 255, 1]) });
    expect(binary.isBase64Encoded).toBe(true);
    expect(Buffer.from(binary.body ?? '', 'base64')).toEqual(Buffer.from([0, 255, 1]));
    const text = await captureEvent('/api/divisions', { headers: { 'content-type': 'application/json' }, body: '{"a":"中"}' });
    expect(text.isBase64Encoded).toBe(false);
    expect(text.body).toBe('{"a":"中"}');
  });

  it('turns Lambda results into responses as API Gateway does', () => {
    expect(fromLambdaResult({ statusCode: 201, body: 'x', cookies: ['s=1'] })).toMatchObject({ status: 201, headers: { 'set-cookie': ['s=1'] } });
    expect(fromLambdaResult({ statusCode: 200, body: Buffer.from('hi').toString('base64'), isBase64Encoded: true }).body.toString()).toBe('hi');
    expect(fromLambdaResult({ ok: true } as never)).toMatchObject({ status: 200 });
  });
});
