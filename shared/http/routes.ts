/**
 * The one route table (DESIGN §4.1). CDK creates an HTTP API route per entry and the local server
 * serves exactly these entries, both by invoking `functions/<fn>/index.ts`'s `handler`, which
 * dispatches on the route key. Add a route here, then its operation in that domain's index.
 */

/** Domain Lambda functions; each has an entry file at `functions/<name>/index.ts`. */
export const functionNames = ['platform', 'divisions', 'identity', 'branches', 'members', 'coverage', 'pilots', 'cases'] as const;
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
/** Forms: a branch with leadership, sites and checklist evidence fits comfortably. */
const formBody = 64 * 1024;
/** CSV imports arrive as JSON `{ csv }`; 2,000 rows of a wide sheet stay under this. */
const importBody = 1024 * 1024;
/** A typical case's photo arrives base64-encoded in JSON; the portal downsizes photos to ~1,600 px first. */
const photoBody = 3 * 1024 * 1024;

/** Every route Boai serves, in both runtimes. */
export const routes: readonly RouteDefinition[] = [
  { method: 'GET', path: '/api/health', fn: 'platform', access: 'public', maxBodyBytes: noBody, summary: 'Liveness and table reachability' },
  { method: 'GET', path: '/api/divisions', fn: 'divisions', access: 'public', maxBodyBytes: noBody, summary: 'Children of an administrative division (?parent=CODE; omitted: the province)' },
  { method: 'GET', path: '/api/me', fn: 'identity', access: 'staff', maxBodyBytes: noBody, summary: "The signed-in user's roles, division scope and navigation" },

  { method: 'GET', path: '/api/branches', fn: 'branches', access: 'staff', maxBodyBytes: noBody, summary: "A county's branches (?county=&division=&type=&status=&q=)" },
  { method: 'POST', path: '/api/branches', fn: 'branches', access: 'staff', maxBodyBytes: formBody, summary: 'Propose a branch (county or township staff)' },
  { method: 'POST', path: '/api/branches/import', fn: 'branches', access: 'staff', maxBodyBytes: importBody, summary: 'Import active branches from CSV; all rows or none (?dryRun=true validates only)' },
  { method: 'GET', path: '/api/branches/{branchId}', fn: 'branches', access: 'staff', maxBodyBytes: noBody, summary: 'One branch, personal data masked' },
  { method: 'PATCH', path: '/api/branches/{branchId}', fn: 'branches', access: 'staff', maxBodyBytes: formBody, summary: 'Edit a branch (expectedVersion required); active branches keep a version history' },
  { method: 'POST', path: '/api/branches/{branchId}/approve', fn: 'branches', access: 'staff', maxBodyBytes: formBody, summary: 'County approves a proposed branch: it becomes active' },
  { method: 'POST', path: '/api/branches/{branchId}/reject', fn: 'branches', access: 'staff', maxBodyBytes: formBody, summary: 'County rejects a proposed branch with a reason' },
  { method: 'POST', path: '/api/branches/{branchId}/dissolve', fn: 'branches', access: 'staff', maxBodyBytes: formBody, summary: 'Dissolve an active branch with a reason' },
  { method: 'GET', path: '/api/branches/{branchId}/history', fn: 'branches', access: 'staff', maxBodyBytes: noBody, summary: "A branch's version history (who, when, what changed)" },
  { method: 'GET', path: '/api/branch-standards', fn: 'branches', access: 'staff', maxBodyBytes: noBody, summary: 'The province\'s "five haves" checklist items' },
  { method: 'PUT', path: '/api/branch-standards', fn: 'branches', access: 'staff', maxBodyBytes: formBody, summary: 'Province staff set the checklist items' },
  { method: 'GET', path: '/api/commissioners', fn: 'branches', access: 'staff', maxBodyBytes: noBody, summary: "A county's commissioners (?county=&division=&status=)" },
  { method: 'POST', path: '/api/commissioners', fn: 'branches', access: 'staff', maxBodyBytes: formBody, summary: 'Appoint a commissioner for a division with no branch' },
  { method: 'POST', path: '/api/commissioners/import', fn: 'branches', access: 'staff', maxBodyBytes: importBody, summary: 'Import commissioner appointments from CSV; all rows or none (?dryRun=true)' },
  { method: 'GET', path: '/api/commissioners/{commissionerId}', fn: 'branches', access: 'staff', maxBodyBytes: noBody, summary: 'One commissioner, personal data masked' },
  { method: 'POST', path: '/api/commissioners/{commissionerId}/replace', fn: 'branches', access: 'staff', maxBodyBytes: formBody, summary: 'Replace a commissioner: the term ends and a successor takes the seat' },
  { method: 'POST', path: '/api/commissioners/{commissionerId}/end', fn: 'branches', access: 'staff', maxBodyBytes: formBody, summary: "End a commissioner's appointment with a reason" },
  { method: 'GET', path: '/api/audit', fn: 'branches', access: 'staff', maxBodyBytes: noBody, summary: "Audit entries of a county's staff writes, newest first (?division=)" },

  { method: 'GET', path: '/api/branches/{branchId}/members', fn: 'members', access: 'staff', maxBodyBytes: noBody, summary: "A branch's members, personal data masked" },
  { method: 'POST', path: '/api/branches/{branchId}/members', fn: 'members', access: 'staff', maxBodyBytes: formBody, summary: 'Enrol an individual or group member (consent recorded)' },
  { method: 'PATCH', path: '/api/branches/{branchId}/members/{memberId}', fn: 'members', access: 'staff', maxBodyBytes: formBody, summary: "Update a member's dues status or record leaving" },

  { method: 'GET', path: '/api/coverage', fn: 'coverage', access: 'staff', maxBodyBytes: noBody, summary: 'Coverage of a division and of each child (?division=; default the caller\'s scope)' },
  { method: 'GET', path: '/api/coverage/uncovered', fn: 'coverage', access: 'staff', maxBodyBytes: noBody, summary: 'Townships and villages of a county or township with neither branch nor commissioner' },
  { method: 'PUT', path: '/api/coverage/{county}/targets', fn: 'coverage', access: 'staff', maxBodyBytes: formBody, summary: "A county's targets for school, hospital and enterprise branches" },
  { method: 'GET', path: '/api/public/branches', fn: 'coverage', access: 'public', maxBodyBytes: noBody, summary: 'Branch finder: active branches in a division, public fields only (?division=)' },

  { method: 'GET', path: '/api/pilots', fn: 'pilots', access: 'staff', maxBodyBytes: noBody, summary: 'Pilots of a city or the province, one row per county (?division=)' },
  { method: 'POST', path: '/api/pilots', fn: 'pilots', access: 'staff', maxBodyBytes: formBody, summary: "County staff draft their county's pilot: implementation plan, targets and phase deadlines" },
  { method: 'GET', path: '/api/pilots/{county}', fn: 'pilots', access: 'staff', maxBodyBytes: noBody, summary: "A county's pilot: phase, pending decision, deadlines, scorecard and timeline" },
  { method: 'PUT', path: '/api/pilots/{county}/plan', fn: 'pilots', access: 'staff', maxBodyBytes: formBody, summary: 'Edit the implementation plan while it is a draft' },
  { method: 'POST', path: '/api/pilots/{county}/submit', fn: 'pilots', access: 'staff', maxBodyBytes: formBody, summary: 'Submit the plan to the city: starts the pilot workflow' },
  { method: 'POST', path: '/api/pilots/{county}/decisions', fn: 'pilots', access: 'staff', maxBodyBytes: formBody, summary: 'Decide the pending step (city review, county declarations, evaluation); hands the task token back' },
  { method: 'GET', path: '/api/pilots/{county}/scorecard', fn: 'pilots', access: 'staff', maxBodyBytes: noBody, summary: 'The KPI scorecard against the plan, computed now from live data' },
  { method: 'PUT', path: '/api/pilots/{county}/figures', fn: 'pilots', access: 'staff', maxBodyBytes: formBody, summary: 'County-reported figures for KPIs that have no live source yet' },
  { method: 'POST', path: '/api/pilots/{county}/resume', fn: 'pilots', access: 'staff', maxBodyBytes: formBody, summary: 'Province staff restart a faulted pilot workflow at its recorded step' },

  { method: 'GET', path: '/api/cases', fn: 'cases', access: 'staff', maxBodyBytes: noBody, summary: "A county's typical cases, drafts included (?county=&status=)" },
  { method: 'POST', path: '/api/cases', fn: 'cases', access: 'staff', maxBodyBytes: formBody, summary: 'Write a typical case (draft)' },
  { method: 'GET', path: '/api/cases/{caseId}', fn: 'cases', access: 'staff', maxBodyBytes: noBody, summary: 'One typical case with its photos' },
  { method: 'PATCH', path: '/api/cases/{caseId}', fn: 'cases', access: 'staff', maxBodyBytes: formBody, summary: 'Edit a typical case (expectedVersion required)' },
  { method: 'POST', path: '/api/cases/{caseId}/photos', fn: 'cases', access: 'staff', maxBodyBytes: photoBody, summary: 'Add a photo (base64 JPEG, PNG or WebP) to a typical case' },
  { method: 'DELETE', path: '/api/cases/{caseId}/photos/{photoId}', fn: 'cases', access: 'staff', maxBodyBytes: noBody, summary: 'Remove a photo from a typical case' },
  { method: 'POST', path: '/api/cases/{caseId}/publish', fn: 'cases', access: 'staff', maxBodyBytes: formBody, summary: 'Publish a typical case on the public site' },
  { method: 'POST', path: '/api/cases/{caseId}/unpublish', fn: 'cases', access: 'staff', maxBodyBytes: formBody, summary: 'Withdraw a published typical case with a reason' },
  { method: 'GET', path: '/api/public/cases', fn: 'cases', access: 'public', maxBodyBytes: noBody, summary: 'Published typical cases, newest first (?division=&cursor=)' },
  { method: 'GET', path: '/api/public/cases/{caseId}', fn: 'cases', access: 'public', maxBodyBytes: noBody, summary: 'One published typical case with its photos' },
];

/** `METHOD /path`, the API Gateway v2 route key of a route. */
export function routeKeyOf(route: Pick<RouteDefinition, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}
