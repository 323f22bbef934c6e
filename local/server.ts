import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { FunctionName } from '../shared/http/routes.js';
import { mediaCacheControl, mediaKeyPattern, mediaPathPrefix } from '../shared/media/media-store.js';
import { fromLambdaResult, lambdaContext, matchRoute, toApiGatewayEvent } from './api-gateway.js';
import { demoAccounts, demoPassword } from './demo-accounts.js';
import type { LocalCognito } from './local-cognito.js';

type LambdaHandler = (event: unknown, context: Context) => Promise<APIGatewayProxyResultV2>;

/** API Gateway's own payload limit; larger requests never reach a Lambda. */
const gatewayMaxBodyBytes = 10 * 1024 * 1024;
/** Matches the house construct's Lambda timeout. */
const functionTimeoutMs = 10_000;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Options of the local server. */
export interface LocalServerOptions {
  /** Folder of the built web site (web/dist). */
  readonly webRoot: string;
  /** Folder of the local media store (`BOAI_LOCAL_MEDIA_DIR`), served under `/media/`; none: 404. */
  readonly mediaRoot?: string;
  readonly cognito: LocalCognito;
  /** Print one access-log line per request. */
  readonly accessLog?: boolean;
}

const handlers = new Map<FunctionName, Promise<LambdaHandler>>();

/** Loads a domain function's entry module once, as a Lambda container would. */
function loadHandler(fn: FunctionName): Promise<LambdaHandler> {
  let loading = handlers.get(fn);
  if (!loading) {
    loading = import(new URL(`../functions/${fn}/index.ts`, import.meta.url).href).then(
      (module: { handler: LambdaHandler }) => module.handler,
    );
    handlers.set(fn, loading);
  }
  return loading;
}

function send(response: ServerResponse, status: number, headers: Record<string, string | string[]>, body: Buffer | string): void {
  response.writeHead(status, { 'content-length': Buffer.byteLength(body), ...headers });
  response.end(body);
}

const json = (value: unknown): string => JSON.stringify(value);

function readBody(request: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolveBody(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * The local stand-in for API Gateway + CloudFront: serves every route of the route table by
 * invoking the same handler modules with HTTP API v2 events, verifies JWTs on staff routes like
 * the JWT authorizer (401 `{"message":"Unauthorized"}` otherwise), serves the local Cognito
 * sign-in and `config.json`, and the built web site for everything else.
 */
export function createLocalServer(options: LocalServerOptions): Server {
  const webRoot = resolve(options.webRoot);

  async function handleApi(request: IncomingMessage, response: ServerResponse, url: URL): Promise<number> {
    let matched: ReturnType<typeof matchRoute>;
    try {
      matched = matchRoute(request.method ?? 'GET', url.pathname);
    } catch {
      send(response, 400, { 'content-type': 'application/json' }, json({ message: 'Bad Request' }));
      return 400;
    }
    if (!matched) {
      send(response, 404, { 'content-type': 'application/json' }, json({ message: 'Not Found' }));
      return 404;
    }
    const body = await readBody(request, gatewayMaxBodyBytes);
    if (body === 'too-large') {
      send(response, 413, { 'content-type': 'application/json' }, json({ message: 'Request Entity Too Large' }));
      return 413;
    }
    let claims: Record<string, string> | undefined;
    if (matched.route.access === 'staff') {
      // Like the JWT authorizer: the Authorization header holds the token, with or without `Bearer `.
      const token = /^(?:Bearer\s+)?(\S+)$/i.exec(request.headers.authorization?.trim() ?? '')?.[1];
      const verified = token ? await options.cognito.verify(token) : { error: 'no bearer token' };
      if ('error' in verified) {
        send(
          response,
          401,
          {
            'content-type': 'application/json',
            'www-authenticate': `Bearer error="invalid_token" error_description="${verified.error}"`,
          },
          json({ message: 'Unauthorized' }),
        );
        return 401;
      }
      claims = verified.claims;
    }
    const event = toApiGatewayEvent({ request, url, body, matched, ...(claims ? { claims } : {}) });
    const handler = await loadHandler(matched.route.fn);
    const context = lambdaContext(`boai-${matched.route.fn}`, event.requestContext.requestId, functionTimeoutMs);
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        handler(event, context),
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error('Task timed out')), functionTimeoutMs);
        }),
      ]);
      const out = fromLambdaResult(result);
      out.headers['apigw-requestid'] = event.requestContext.requestId;
      send(response, out.status, out.headers, out.body);
      return out.status;
    } catch (error) {
      // What API Gateway answers when the integration fails or times out.
      console.error(`[local] ${matched.route.fn} failed:`, (error as Error).message);
      send(response, 500, { 'content-type': 'application/json' }, json({ message: 'Internal Server Error' }));
      return 500;
    } finally {
      clearTimeout(timer);
    }
  }

  async function handleLocalCognito(request: IncomingMessage, response: ServerResponse, url: URL): Promise<number> {
    if (url.pathname === '/local-cognito/.well-known/jwks.json' && request.method === 'GET') {
      send(response, 200, { 'content-type': 'application/json' }, json({ keys: [options.cognito.publicJwk] }));
      return 200;
    }
    if (url.pathname === '/local-cognito/sign-in' && request.method === 'POST') {
      const body = await readBody(request, 4096);
      let credentials: { username?: unknown; password?: unknown } = {};
      try {
        credentials = body === 'too-large' ? {} : (JSON.parse(body.toString('utf8')) as typeof credentials);
      } catch {
        credentials = {};
      }
      const account =
        typeof credentials.username === 'string' && typeof credentials.password === 'string'
          ? options.cognito.authenticate(credentials.username, credentials.password)
          : undefined;
      if (!account) {
        const messages = { zh: '用户名或密码错误。', en: 'Wrong username or password.' };
        const english = /^en/i.test(request.headers['accept-language'] ?? '');
        send(
          response,
          401,
          { 'content-type': 'application/json; charset=utf-8' },
          json({ error: { code: 'SIGN_IN_FAILED', message: english ? messages.en : messages.zh, messages, requestId: 'local' } }),
        );
        return 401;
      }
      send(response, 200, { 'content-type': 'application/json', 'cache-control': 'no-store' }, json(await options.cognito.issueTokens(account)));
      return 200;
    }
    send(response, 404, { 'content-type': 'application/json' }, json({ message: 'Not Found' }));
    return 404;
  }

  /**
   * `GET /media/<key>`: what CloudFront serves from the media bucket. Only keys of the media-key
   * shape are looked up (no `..`, no other dots, no encoded slashes), the path is checked to stay
   * inside the folder, and the type comes from the extension, with `nosniff` as CloudFront's
   * security headers add it.
   */
  function handleMedia(request: IncomingMessage, response: ServerResponse, url: URL): number {
    const key = url.pathname.slice(mediaPathPrefix.length);
    const root = options.mediaRoot ? resolve(options.mediaRoot) : undefined;
    const file = root && mediaKeyPattern.test(key) ? normalize(join(root, key)) : undefined;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, { 'content-type': 'text/plain', allow: 'GET, HEAD' }, 'Method Not Allowed');
      return 405;
    }
    if (!root || !file || !file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      send(response, 404, { 'content-type': 'text/plain' }, 'Not Found');
      return 404;
    }
    const headers = { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream', 'cache-control': mediaCacheControl, 'x-content-type-options': 'nosniff' };
    if (request.method === 'HEAD') {
      response.writeHead(200, { ...headers, 'content-length': statSync(file).size });
      response.end();
      return 200;
    }
    send(response, 200, headers, readFileSync(file));
    return 200;
  }

  function handleStatic(request: IncomingMessage, response: ServerResponse, url: URL): number {
    if (url.pathname === '/config.json') {
      // The demo accounts travel here so the portal can list them without carrying a copy.
      const accounts = demoAccounts.map(({ username, roles }) => ({ username, roles }));
      send(
        response,
        200,
        { 'content-type': 'application/json', 'cache-control': 'no-store' },
        json({ auth: { mode: 'local', demoAccounts: accounts, demoPassword } }),
      );
      return 200;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      send(response, 400, { 'content-type': 'text/plain' }, 'Bad Request');
      return 400;
    }
    let file = normalize(join(webRoot, pathname));
    if (file !== webRoot && !file.startsWith(webRoot + sep)) {
      send(response, 403, { 'content-type': 'text/plain' }, 'Forbidden');
      return 403;
    }
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!pathname.endsWith('/')) {
        response.writeHead(301, { location: `${pathname}/${url.search}` });
        response.end();
        return 301;
      }
      file = join(file, 'index.html');
    }
    if (!existsSync(file) || !statSync(file).isFile()) {
      const notFound = join(webRoot, '404.html');
      send(response, 404, { 'content-type': 'text/html; charset=utf-8' }, existsSync(notFound) ? readFileSync(notFound) : 'Not Found');
      return 404;
    }
    const type = contentTypes[extname(file)] ?? 'application/octet-stream';
    const cache = extname(file) === '.html' ? 'no-cache' : 'public, max-age=300';
    if (request.method === 'HEAD') {
      response.writeHead(200, { 'content-type': type, 'cache-control': cache });
      response.end();
      return 200;
    }
    send(response, 200, { 'content-type': type, 'cache-control': cache }, readFileSync(file));
    return 200;
  }

  return createServer((request, response) => {
    const started = performance.now();
    const url = new URL(request.url ?? '/', 'http://localhost');
    const route = url.pathname.startsWith('/api/')
      ? handleApi(request, response, url)
      : url.pathname.startsWith('/local-cognito/')
        ? handleLocalCognito(request, response, url)
        : url.pathname.startsWith(mediaPathPrefix)
          ? Promise.resolve(handleMedia(request, response, url))
          : Promise.resolve(handleStatic(request, response, url));
    route
      .catch((error: unknown) => {
        console.error('[local] request failed:', (error as Error).message);
        if (!response.headersSent) send(response, 500, { 'content-type': 'application/json' }, json({ message: 'Internal Server Error' }));
        return 500;
      })
      .then((status) => {
        if (options.accessLog) {
          console.log(`${request.method} ${url.pathname} ${status} ${(performance.now() - started).toFixed(1)}ms`);
        }
      });
  });
}
