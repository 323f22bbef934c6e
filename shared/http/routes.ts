/**
 * The one route table (DESIGN §4.1). CDK creates an HTTP API route per entry and the local server
 * serves exactly these entries, both by invoking `functions/<fn>/index.ts`'s `handler`, which
 * dispatches on the route key. Add a route here, then its operation in that domain's index.
 */

/** Domain Lambda functions; each has an entry file at `functions/<name>/index.ts`. */
export const functionNames = ['platform', 'divisions', 'identity'] as const;
/** One of {@link functionNames}. */
export type FunctionName = (typeof functionNames)[number];

/** HTTP methods used by Boai routes. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may reach a route at the gateway. `staff` routes sit behind the JWT authorizer; the use case
 * then checks role × division scope itself (DESIGN §4.8), so `staff` is necessary, never sufficient.
 */
export type RouteAccess = 'public' | 'staff';

/** One row of the route table. */
export interface RouteDefinition {
  readonly method: HttpMethod;
  /** API Gateway path syntax, e.g. `/api/branches/{branchId}`. */
  readonly path: string;
  /** The domain Lambda serving it. */
  readonly fn: FunctionName;
  readonly access: RouteAccess;
  /** Largest accepted request body in bytes (bodies above it get 413). */
  readonly maxBodyBytes: number;
  /** One line for docs and the API listing. */
  readonly summary: string;
}

const noBody = 0;

/** Every route Boai serves, in both runtimes. */
export const routes: readonly RouteDefinition[] = [
  { method: 'GET', path: '/api/health', fn: 'platform', access: 'public', maxBodyBytes: noBody, summary: 'Liveness and table reachability' },
  { method: 'GET', path: '/api/divisions', fn: 'divisions', access: 'public', maxBodyBytes: noBody, summary: 'Children of an administrative division (?parent=CODE; omitted: the province)' },
  { method: 'GET', path: '/api/me', fn: 'identity', access: 'staff', maxBodyBytes: noBody, summary: "The signed-in user's roles, division scope and navigation" },
];

/** `METHOD /path`, the API Gateway v2 route key of a route. */
export function routeKeyOf(route: Pick<RouteDefinition, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}
