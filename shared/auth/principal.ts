import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { claimNames, isRole, type Role } from './roles.js';

/** The verified caller of a staff route, built from the JWT authorizer's claims. */
export interface Principal {
  /** Stable user id (Cognito `sub`). */
  readonly userId: string;
  readonly username: string;
  readonly name: string;
  readonly roles: readonly Role[];
  /** 12-digit division code the caller acts within. */
  readonly division: string;
}

type Claims = Record<string, string | number | boolean | string[]>;

/**
 * HTTP API's JWT authorizer flattens array claims into one string, `[a b c]`; tests and other
 * runtimes may pass a real array. Both become a list of names.
 */
export function parseGroupsClaim(value: Claims[string] | undefined): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.map(String);
  return String(value)
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter((part) => part.length > 0);
}

/** The claims an API Gateway v2 event carries from the JWT authorizer, if any. */
export function claimsOf(event: APIGatewayProxyEventV2): Claims | undefined {
  const context = event.requestContext as APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: { jwt?: { claims?: Claims } };
  };
  return context.authorizer?.jwt?.claims;
}

/**
 * The principal behind an event, or undefined on public routes. Only Cognito ID tokens count: the
 * JWT authorizer also lets access tokens of the same client through (it checks `client_id` when
 * there is no `aud`), but they carry neither the division nor the name. Unknown group names are
 * ignored: a group Boai does not know grants nothing (default deny).
 */
export function principalOf(event: APIGatewayProxyEventV2): Principal | undefined {
  const claims = claimsOf(event);
  if (!claims || claims[claimNames.subject] === undefined || claims.token_use !== 'id') return undefined;
  const division = claims[claimNames.division];
  return {
    userId: String(claims[claimNames.subject]),
    username: String(claims[claimNames.username] ?? claims[claimNames.subject]),
    name: String(claims[claimNames.name] ?? claims[claimNames.username] ?? ''),
    roles: parseGroupsClaim(claims[claimNames.groups]).filter(isRole),
    division: typeof division === 'string' && /^\d{12}$/.test(division) ? division : '',
  };
}
