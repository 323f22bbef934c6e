import { describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  base64Url,
  codeChallengeS256,
  hostedUiOrigin,
  logoutUrl,
  randomToken,
  tokenRequestBody,
  tokenUrl,
  type CognitoConfig,
} from '../../web/src/portal/pkce.js';
import { normalizeMe } from '../../web/src/portal/me.js';

const config: CognitoConfig = {
  mode: 'cognito',
  region: 'cn-north-1',
  userPoolId: 'cn-north-1_abc',
  clientId: 'client123',
  domain: 'boai-xyz.auth.cn-north-1.amazoncognito.com',
};

describe('PKCE helpers', () => {
  it('computes the S256 challenge of the RFC 7636 appendix B example', async () => {
    expect(await codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('encodes base64url without padding', () => {
    expect(base64Url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
  });

  it('makes verifiers of a length PKCE accepts, different each time', () => {
    const verifier = randomToken(48);
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(randomToken(48)).not.toBe(verifier);
  });

  it('builds the hosted UI authorize URL', () => {
    const url = new URL(authorizeUrl(config, 'https://boai.example.cn/portal/', 'state1', 'challenge1'));
    expect(url.origin).toBe('https://boai-xyz.auth.cn-north-1.amazoncognito.com');
    expect(url.pathname).toBe('/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client123',
      redirect_uri: 'https://boai.example.cn/portal/',
      scope: 'openid profile email',
      state: 'state1',
      code_challenge_method: 'S256',
      code_challenge: 'challenge1',
    });
    expect(url.search).toContain('scope=openid+profile+email');
  });

  it('builds the token request and the logout URL', () => {
    expect(tokenUrl(config)).toBe('https://boai-xyz.auth.cn-north-1.amazoncognito.com/oauth2/token');
    expect(tokenRequestBody(config, 'code1', 'https://boai.example.cn/portal/', 'verifier1').toString()).toBe(
      'grant_type=authorization_code&client_id=client123&code=code1&redirect_uri=https%3A%2F%2Fboai.example.cn%2Fportal%2F&code_verifier=verifier1',
    );
    expect(logoutUrl(config, 'https://boai.example.cn/portal/')).toBe(
      'https://boai-xyz.auth.cn-north-1.amazoncognito.com/logout?client_id=client123&logout_uri=https%3A%2F%2Fboai.example.cn%2Fportal%2F',
    );
  });

  it('tolerates a configured domain with a scheme or trailing slash', () => {
    expect(hostedUiOrigin('https://auth.example.cn/')).toBe('https://auth.example.cn');
  });
});

describe('normalizeMe', () => {
  it('keeps known roles and sections only, and falls back to the username for a missing name', () => {
    const me = normalizeMe({
      username: 'county.luotian',
      name: '',
      roles: ['county', 'astronaut'],
      division: { code: '421123000000', name: '罗田县', level: 'county' },
      navigation: ['overview', 'branches', 'spaceport'],
    });
    expect(me.roles).toEqual(['county']);
    expect(me.navigation).toEqual(['overview', 'branches']);
    expect(me.name).toBe('county.luotian');
  });
});
