import { describe, expect, it } from 'vitest';
import { authorize } from '../../shared/auth/authorize.js';
import { sectionsFor } from '../../shared/auth/navigation.js';
import { parseGroupsClaim, principalOf, type Principal } from '../../shared/auth/principal.js';
import { DomainError } from '../../shared/errors.js';
import { fixture } from '../support/events.js';

const county: Principal = { userId: 'u1', username: 'county.luotian', name: '张丽', roles: ['county'], division: '421123000000' };

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? `${error.status} ${error.code}` : 'not a DomainError';
  }
}

describe('authorize (role x division scope, default deny)', () => {
  it('refuses a missing principal with 401', () => {
    expect(codeOf(() => authorize(undefined, 'profile:read'))).toBe('401 UNAUTHENTICATED');
  });

  it('refuses an account without roles or division', () => {
    expect(codeOf(() => authorize({ ...county, roles: [] }, 'profile:read'))).toBe('403 ACCOUNT_INCOMPLETE');
    expect(codeOf(() => authorize({ ...county, division: '' }, 'profile:read'))).toBe('403 ACCOUNT_INCOMPLETE');
  });

  it('lets a county officer act inside the county and refuses the neighbouring county', () => {
    expect(authorize(county, 'profile:read', { division: '421123100200' })).toBe(county);
    expect(codeOf(() => authorize(county, 'profile:read', { division: '421124000000' }))).toBe('403 OUT_OF_SCOPE');
    expect(codeOf(() => authorize(county, 'profile:read', { division: '421100000000' }))).toBe('403 OUT_OF_SCOPE');
  });

  it('lets the province reach every division in Hubei', () => {
    const province = { ...county, roles: ['province'] as const, division: '420000000000' };
    expect(authorize(province, 'profile:read', { division: '429021100200' })).toBe(province);
  });

  it('denies actions missing from the policy table', () => {
    expect(codeOf(() => authorize(county, 'branches:approve' as never))).toBe('403 FORBIDDEN');
  });
});

describe('principal from JWT authorizer claims', () => {
  it('reads the flattened groups string HTTP API produces', () => {
    expect(parseGroupsClaim('[county evaluator]')).toEqual(['county', 'evaluator']);
    expect(parseGroupsClaim(['city'])).toEqual(['city']);
    expect(parseGroupsClaim(undefined)).toEqual([]);
  });

  it('builds the principal from the fixture and ignores unknown groups', () => {
    const event = fixture('api-gateway/get-me.json');
    const principal = principalOf(event);
    expect(principal).toMatchObject({ username: 'county.luotian', roles: ['county'], division: '421123000000' });
    (event.requestContext as unknown as { authorizer: { jwt: { claims: Record<string, string> } } }).authorizer.jwt.claims['cognito:groups'] = '[admin superuser]';
    expect(principalOf(event)?.roles).toEqual([]);
  });

  it('has no principal on public routes', () => {
    expect(principalOf(fixture('api-gateway/get-divisions.json'))).toBeUndefined();
  });

  it('gives each role a navigation, and narrower roles fewer sections', () => {
    expect(sectionsFor(['county'])).toContain('branches');
    expect(sectionsFor(['warehouseKeeper'])).toEqual(['overview', 'logistics']);
    expect(sectionsFor([])).toEqual([]);
  });
});

describe('principal from a non-ID token', () => {
  it('is no principal at all, so access tokens cannot act', () => {
    const event = fixture('api-gateway/get-me.json');
    (event.requestContext as unknown as { authorizer: { jwt: { claims: Record<string, string> } } }).authorizer.jwt.claims.token_use = 'access';
    expect(principalOf(event)).toBeUndefined();
  });
});
