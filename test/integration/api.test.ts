import { request as httpRequest } from 'node:http';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../../local/demo-accounts.js';
import { seed } from '../../local/seed.js';
import { documentClient, tableName } from '../../shared/data/dynamo-client.js';
import { divisionKeys } from '../../shared/divisions/division-repository.js';
import { routes } from '../../shared/http/routes.js';
import { startTestServer } from '../support/local-server.js';

let server: Awaited<ReturnType<typeof startTestServer>>;
let countyToken: string;

beforeAll(async () => {
  await seed('pilot');
  server = await startTestServer();
  countyToken = (await server.cognito.issueIdToken(demoAccounts.find((a) => a.username === 'county.luotian')!)).idToken;
});
afterAll(() => server.stop());

async function call(path: string, init: RequestInit & { token?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  const response = await fetch(`${server.url}${path}`, { ...init, headers });
  const text = await response.text();
  // `any`: loose JSON access keeps assertions short; every value used is checked by expect.
  let body: Record<string, any> = {};
  try {
    body = JSON.parse(text) as Record<string, any>;
  } catch {
    body = { text };
  }
  return { status: response.status, headers: response.headers, body };
}

/** A request with a body on any method (fetch refuses GET bodies; API Gateway accepts them). */
function send(method: string, path: string, headers: Record<string, string>, body: string) {
  return new Promise<{ status: number; code: string | undefined }>((resolve, reject) => {
    const url = new URL(`${server.url}${path}`);
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          let code: string | undefined;
          try {
            code = (JSON.parse(Buffer.concat(chunks).toString()) as { error?: { code?: string } }).error?.code;
          } catch {
            code = undefined;
          }
          resolve({ status: response.statusCode ?? 0, code });
        });
      },
    );
    // The server may answer 413 before reading a huge body; the reset that follows is expected.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    req.end(body);
  });
}

describe('GET /api/divisions (public)', () => {
  it('starts at Hubei and lists its 14 prefecture-level divisions', async () => {
    const { status, body, headers } = await call('/api/divisions');
    expect(status).toBe(200);
    expect(body.parent).toMatchObject({ code: '420000000000', name: '湖北省', level: 'province' });
    expect(body.children).toHaveLength(14);
    expect(body.children.map((c: { name: string }) => c.name)).toContain('黄冈市');
    expect(headers.get('cache-control')).toContain('max-age');
  });

  it("lists a county's townships in code order", async () => {
    const { body } = await call('/api/divisions?parent=421123000000');
    expect(body.parent.name).toBe('罗田县');
    const codes = body.children.map((c: { code: string }) => c.code);
    expect(codes.length).toBeGreaterThanOrEqual(10);
    expect([...codes].sort()).toEqual(codes);
    expect(body.children.every((c: { level: string; hasChildren: boolean }) => c.level === 'township' && c.hasChildren)).toBe(true);
  });

  it('answers a village with no children', async () => {
    const { status, body } = await call('/api/divisions?parent=421123100200');
    expect(status).toBe(200);
    expect(body.parent).toMatchObject({ level: 'village', hasChildren: false });
    expect(body.children).toEqual([]);
  });

  it('answers an unknown but well-formed code with 404 DIVISION_NOT_FOUND', async () => {
    const { status, body } = await call('/api/divisions?parent=421199000000', { headers: { 'accept-language': 'en' } });
    expect(status).toBe(404);
    expect(body.error).toMatchObject({ code: 'DIVISION_NOT_FOUND', message: 'Division code 421199000000 does not exist.' });
  });

  it.each(['abc', '4211', '4211230000001', '000000000000', '421123000000,421124000000'])('refuses parent=%s with 400', async (parent) => {
    const { status, body } = await call(`/api/divisions?parent=${encodeURIComponent(parent)}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.issues[0].field).toBe('query.parent');
  });

  it('serves 40 concurrent requests without an error', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => call('/api/divisions?parent=421100000000')));
    expect(results.every((r) => r.status === 200 && r.body.children.length > 0)).toBe(true);
  });
});

describe('GET /api/health', () => {
  it('reports the table reachable', async () => {
    const { status, body } = await call('/api/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', table: 'reachable' });
  });
});

describe('GET /api/me (staff, JWT)', () => {
  it("returns the county officer's roles, named division and navigation", async () => {
    const { status, body } = await call('/api/me', { token: countyToken });
    expect(status).toBe(200);
    expect(body).toMatchObject({ username: 'county.luotian', roles: ['county'], division: { code: '421123000000', name: '罗田县', level: 'county' } });
    expect(body.navigation).toContain('branches');
  });

  it('narrows navigation for a warehouse keeper', async () => {
    const token = (await server.cognito.issueIdToken(demoAccounts.find((a) => a.username === 'warehouse.luotian')!)).idToken;
    const { body } = await call('/api/me', { token });
    expect(body.navigation).toEqual(['overview', 'logistics']);
  });

  it('answers missing, forged and expired tokens with 401 as the JWT authorizer does', async () => {
    expect((await call('/api/me')).status).toBe(401);
    expect((await call('/api/me', { token: `${countyToken.slice(0, -4)}AAAA` })).status).toBe(401);
    const expired = await server.cognito.issueIdToken(demoAccounts[0]!, Math.floor(Date.now() / 1000) - 7200);
    const response = await call('/api/me', { token: expired.idToken });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('expired');
  });

  it('refuses a valid token whose account lacks a division with 403 ACCOUNT_INCOMPLETE', async () => {
    const token = (await server.cognito.issueIdToken({ username: 'x', name: 'x', roles: ['county'], division: '' })).idToken;
    const { status, body } = await call('/api/me', { token });
    expect(status).toBe(403);
    expect(body.error.code).toBe('ACCOUNT_INCOMPLETE');
  });
});

describe('bad input to every route never yields a 500', () => {
  for (const route of routes) {
    const path = route.path.replace(/\{\w+\}/g, 'x');
    it(`${route.method} ${route.path}: malformed JSON, oversize and huge bodies`, async () => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (route.access === 'staff') headers.authorization = `Bearer ${countyToken}`;
      const takesBody = route.maxBodyBytes > 0;
      const malformed = await send(route.method, path, headers, '{"broken":');
      expect(malformed).toEqual({ status: 400, code: takesBody ? 'MALFORMED_JSON' : 'BODY_NOT_ALLOWED' });
      const oversize = await send(route.method, path, headers, JSON.stringify({ x: 'y'.repeat(route.maxBodyBytes + 10) }));
      expect(oversize).toEqual(takesBody ? { status: 413, code: 'PAYLOAD_TOO_LARGE' } : { status: 400, code: 'BODY_NOT_ALLOWED' });
      const huge = await send(route.method, path, headers, 'z'.repeat(11 * 1024 * 1024));
      expect(huge.status).toBe(413);
    });

    if (route.access === 'staff') {
      it(`${route.method} ${route.path}: no, forged, expired and access tokens get 401`, async () => {
        const account = demoAccounts.find((a) => a.username === 'county.luotian')!;
        const expired = (await server.cognito.issueIdToken(account, Math.floor(Date.now() / 1000) - 7200)).idToken;
        const { accessToken } = await server.cognito.issueTokens(account);
        const forged = `${countyToken.slice(0, -6)}AAAAAA`;
        for (const authorization of [undefined, `Bearer ${forged}`, `Bearer ${expired}`, 'Bearer', 'Basic dXNlcjpwYXNz']) {
          const response = await send(route.method, path, authorization ? { authorization } : {}, '');
          expect(response.status, authorization ?? 'no header').toBe(401);
        }
        // An access token passes the gateway (as in AWS) but is not a principal: 401 from the use case.
        expect(await send(route.method, path, { authorization: `Bearer ${accessToken}` }, '')).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
        // The authorizer also accepts the token without the `Bearer ` prefix (the dummy path may
        // then fail validation or lookup, but not authentication).
        expect((await send(route.method, path, { authorization: countyToken }, '')).status).not.toBe(401);
      });
    }
  }

  it('answers unknown API paths and wrong methods with 404 like API Gateway', async () => {
    expect((await call('/api/nothing')).status).toBe(404);
    expect((await call('/api/divisions', { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses path traversal outside the web root', async () => {
    // Raw requests: fetch would normalise the dots away before the server saw them.
    expect((await send('GET', '/..%2f..%2f..%2fetc%2fpasswd', {}, '')).status).toBe(403);
    // Encoded dots are resolved by the URL parser first, so this one stays inside the root: 404.
    expect((await send('GET', '/%2e%2e/%2e%2e/etc/passwd', {}, '')).status).toBe(404);
    expect((await send('GET', '/%E0%A4%A', {}, '')).status).toBe(400);
  });
});

describe('reference data loading', () => {
  it('is idempotent: a second seed leaves one copy of each child', async () => {
    await seed('pilot');
    const page = await documentClient.send(
      new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': divisionKeys.partition('421123000000') } }),
    );
    const codes = (page.Items ?? []).map((item) => item.SK as string);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes[0]).toBe(divisionKeys.self);
  });
});
