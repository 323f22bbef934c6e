import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { type RouteDefinition, routeKeyOf, routes } from '../shared/http/routes.js';

/** A route matched against a request path, with its `{name}` parameters. */
export interface MatchedRoute {
  readonly route: RouteDefinition;
  readonly pathParameters: Record<string, string>;
}

// API Gateway prefers the most specific route: a literal segment beats `{param}`. Trying routes
// with fewer parameters first gives that order for Boai's paths (e.g. `/api/branches/import`).
const bySpecificity = [...routes].sort((a, b) => paramCount(a.path) - paramCount(b.path));
function paramCount(path: string): number {
  return path.split('{').length - 1;
}

const compiled = bySpecificity.map((route) => {
  const names: string[] = [];
  // Escape regex metacharacters except braces, then turn each `{name}` into one path segment.
  const pattern = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_whole, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, names, regex: new RegExp(`^${pattern}$`) };
});

/**
 * Finds the route for a method and path as API Gateway would (exact method, `{param}` segments).
 * Throws URIError for a parameter with a malformed `%` escape; the server answers that with 400.
 */
export function matchRoute(method: string, pathname: string): MatchedRoute | undefined {
  for (const { route, names, regex } of compiled) {
    if (route.method !== method) continue;
    const match = regex.exec(pathname);
    if (!match) continue;
    const pathParameters: Record<string, string> = {};
    names.forEach((name, index) => {
      pathParameters[name] = decodeURIComponent(match[index + 1]!);
    });
    return { route, pathParameters };
  }
  return undefined;
}

const textual = /^(application\/(.+\+)?json|text\/|application\/x-www-form-urlencoded|application\/xml)/;

/**
 * Builds the API Gateway HTTP API (payload v2.0) event for a request, as the real gateway does:
 * lower-case headers with repeats joined by commas, cookies split out, repeated query keys joined,
 * binary bodies base64-encoded, and the authorizer's claims under `requestContext.authorizer.jwt`.
 */
export function toApiGatewayEvent(input: {
  request: IncomingMessage;
  url: URL;
  body: Buffer;
  matched: MatchedRoute;
  claims?: Record<string, string>;
}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const { request, url, body, matched, claims } = input;
  const headers: Record<string, string> = {};
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i]!.toLowerCase();
    const value = request.rawHeaders[i + 1]!;
    if (name === 'cookie') continue;
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  const cookies = request.headers.cookie?.split(';').map((cookie) => cookie.trim()).filter(Boolean);
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = query[key] === undefined ? value : `${query[key]},${value}`;
  const contentType = request.headers['content-type'] ?? '';
  const isText = body.length === 0 || textual.test(contentType);
  const now = new Date();
  const requestId = randomUUID();
  const routeKey = routeKeyOf(matched.route);
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    ...(cookies && cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(matched.pathParameters).length > 0 ? { pathParameters: matched.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claims ?? {}, scopes: [] } },
    },
    ...(body.length > 0 ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !isText,
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

/** A Lambda context for one local invocation. */
export function lambdaContext(functionName: string, requestId: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:local:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/local/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** The HTTP response API Gateway would send for a Lambda result (v2 payload rules). */
export function fromLambdaResult(result: APIGatewayProxyResultV2): {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
} {
  if (typeof result === 'string' || result === null || typeof result !== 'object' || !('statusCode' in result)) {
    // v2 payload: a result without statusCode is a 200 JSON body.
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(typeof result === 'string' ? result : JSON.stringify(result)),
    };
  }
  const headers: Record<string, string | string[]> = { ...(result.headers as Record<string, string> | undefined) };
  if (result.cookies && result.cookies.length > 0) headers['set-cookie'] = result.cookies;
  const raw = result.body ?? '';
  return {
    status: result.statusCode ?? 200,
    headers,
    body: result.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8'),
  };
}
