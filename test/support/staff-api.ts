import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { readDivisionRows } from '../../local/seed.js';
import { handler as branchesHandler } from '../../functions/branches/index.js';
import { handler as casesHandler } from '../../functions/cases/index.js';
import { handler as coverageHandler } from '../../functions/coverage/index.js';
import { handler as pilotsHandler } from '../../functions/pilots/index.js';
import { divisionItems, loadDivisions, writeDivisionItems } from '../../shared/divisions/division-repository.js';
import { bodyOf, fixture, testContext } from './events.js';

/** A signed-in staff caller, as the JWT authorizer passes its claims. */
export interface Caller {
  readonly username: string;
  readonly name: string;
  readonly roles: string;
  readonly division: string;
}

/** The demo accounts of local/demo-accounts.ts that these tests act as. */
export const callers = {
  luotian: { username: 'county.luotian', name: '罗田县红会 张丽', roles: '[county]', division: '421123000000' },
  yingshan: { username: 'county.yingshan', name: '英山县红会 陈刚', roles: '[county]', division: '421124000000' },
  huanggang: { username: 'city.huanggang', name: '黄冈市红会 李强', roles: '[city]', division: '421100000000' },
  province: { username: 'province.admin', name: '省红会 王敏', roles: '[province]', division: '420000000000' },
  fengshan: { username: 'branch.fengshan', name: '凤山镇红会 刘洋', roles: '[branch]', division: '421123100000' },
} as const satisfies Record<string, Caller>;

/** County staff of any county (for test files that use a county of their own). */
export const countyStaff = (county: string, name = `县红会 ${county}`): Caller => ({ username: `county.${county}`, name, roles: '[county]', division: county });

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** What a handler answered: status, parsed body and the raw text (for "no clear phone" checks). */
export interface Answer {
  readonly status: number;
  // `any`: loose JSON access keeps assertions short; every value used is checked by expect.
  readonly body: Record<string, any>;
  readonly raw: string;
}

/**
 * Invokes the domain handler that serves `route` (e.g. `POST /api/branches/{branchId}/approve`)
 * as API Gateway would, with `caller`'s claims (undefined = anonymous, for public routes).
 */
export async function call(
  caller: Caller | undefined,
  route: `${Method} /api/${string}`,
  options: { params?: Record<string, string>; body?: unknown; rawBody?: string; query?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const [method, path] = route.split(' ') as [Method, string];
  const params = options.params ?? {};
  const base = fixture('api-gateway/get-me.json');
  const rawPath = path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
  const body = options.rawBody ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined);
  const event: APIGatewayProxyEventV2 = {
    ...base,
    routeKey: route,
    rawPath,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: { ...base.headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
    ...(Object.keys(params).length ? { pathParameters: params } : {}),
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(body !== undefined ? { body } : {}),
    requestContext: {
      ...base.requestContext,
      routeKey: route,
      http: { ...base.requestContext.http, method, path: rawPath },
      ...(caller
        ? {
            authorizer: {
              jwt: {
                claims: {
                  sub: `sub-${caller.username}`,
                  'cognito:username': caller.username,
                  'cognito:groups': caller.roles,
                  'custom:division': caller.division,
                  name: caller.name,
                  token_use: 'id',
                },
                scopes: [],
              },
            },
          }
        : { authorizer: undefined }),
    } as APIGatewayProxyEventV2['requestContext'],
  };
  const handler = /^\/api\/(public\/)?cases(\/|$)/.test(path)
    ? casesHandler
    : path.startsWith('/api/pilots')
      ? pilotsHandler
      : path.startsWith('/api/coverage') || path.startsWith('/api/public/')
      ? coverageHandler
      : branchesHandler;
  const response = await handler(event, testContext());
  const raw = response.body ?? '';
  return { status: response.statusCode ?? 0, body: raw ? bodyOf<Record<string, any>>(response) : {}, raw };
}

/**
 * Loads one county's whole subtree of reference divisions (idempotent: the same items the seed
 * writes), so a test file can use a county nobody else touches.
 */
export async function loadCounty(county: string): Promise<void> {
  const prefix = county.slice(0, 6);
  await loadDivisions(readDivisionRows().filter(([code]) => code.startsWith(prefix)));
}

/**
 * Loads the province, its cities and counties (not townships or villages) with their counts from
 * the full reference data, as the full seed writes them, so roll-ups can be read.
 */
export async function loadUpperDivisions(): Promise<void> {
  const items = divisionItems(readDivisionRows()).filter((item) => item.code.endsWith('000000'));
  await writeDivisionItems(items);
}

/** Reference rows of a division's direct children (townships of a county, villages of a township). */
export function referenceChildren(code: string): { code: string; name: string }[] {
  const rows = readDivisionRows();
  const level = code.endsWith('000000') ? 'county' : 'township';
  return rows
    .filter(([c]) => c !== code && (level === 'county' ? c.startsWith(code.slice(0, 6)) && c.endsWith('000') : c.startsWith(code.slice(0, 9))))
    .map(([c, name]) => ({ code: c, name }));
}

/** Reference totals of a county: its townships and villages. */
export function referenceTotals(county: string): { townships: number; villages: number } {
  const rows = readDivisionRows().filter(([code]) => code.startsWith(county.slice(0, 6)) && code !== county);
  const townships = rows.filter(([code]) => code.endsWith('000')).length;
  return { townships, villages: rows.length - townships };
}

/** Clear phone numbers must never appear; this finds any 11-digit mainland mobile in a text. */
export const clearMobile = /1[3-9]\d{9}/;
