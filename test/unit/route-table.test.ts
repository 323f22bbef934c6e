import { describe, expect, it } from 'vitest';
import { functionNames, routeKeyOf, routes } from '../../shared/http/routes.js';

describe('the one route table', () => {
  it('has unique route keys under /api/', () => {
    const keys = routes.map(routeKeyOf);
    expect(new Set(keys).size).toBe(keys.length);
    for (const route of routes) expect(route.path).toMatch(/^\/api\//);
  });

  it.each(functionNames)('function %s serves exactly its routes', async (fn) => {
    process.env.TABLE_NAME ??= 'unit';
    process.env.AWS_REGION ??= 'cn-north-1';
    const module = (await import(`../../functions/${fn}/index.ts`)) as { handler: { fn: string; routeKeys: string[] } };
    expect(module.handler.fn).toBe(fn);
    const expected = routes.filter((route) => route.fn === fn).map(routeKeyOf).sort();
    expect([...module.handler.routeKeys].sort()).toEqual(expected);
  });

  it('gives every function at least one route, so none is deployed idle', () => {
    for (const fn of functionNames) expect(routes.some((route) => route.fn === fn), fn).toBe(true);
  });
});
