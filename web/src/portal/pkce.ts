/**
 * Pure helpers for the OAuth 2.0 Authorization Code flow with PKCE (RFC 7636) against the Cognito
 * hosted UI. A public single-page app cannot keep a client secret, so PKCE is what stops a stolen
 * authorization code from being exchanged by anyone else. No DOM access here: unit-tested in Node.
 */

/** The Cognito settings `/config.json` returns in AWS. */
export interface CognitoConfig {
  mode: 'cognito';
  region: string;
  userPoolId: string;
  clientId: string;
  /** Hosted UI domain, e.g. `boai-xyz.auth.cn-north-1.amazoncognito.com` (a scheme, if present, is tolerated). */
  domain: string;
}

/** Scopes requested: `openid` for the ID token, `profile`/`email` for name and email claims. */
export const oauthScopes = ['openid', 'profile', 'email'] as const;

/** Base64url without padding (RFC 4648 §5), as PKCE and JWTs use it. */
export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A random URL-safe string from `byteLength` random bytes (32 bytes → 43 characters, within PKCE's 43–128). */
export function randomToken(byteLength = 32): string {
  const bytes = new Uint8Array(byteLength);
  crypto.getRandomValues(bytes);
  return base64Url(bytes);
}

/** The S256 code challenge of a verifier: base64url(SHA-256(verifier)). */
export async function codeChallengeS256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/** `https://{domain}` with any scheme or trailing slash in the configured value normalised away. */
export function hostedUiOrigin(domain: string): string {
  const host = domain.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  return `https://${host}`;
}

/** The hosted UI's authorize URL that starts sign-in. */
export function authorizeUrl(config: CognitoConfig, redirectUri: string, state: string, codeChallenge: string): string {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri,
    scope: oauthScopes.join(' '),
    state,
    code_challenge_method: 'S256',
    code_challenge: codeChallenge,
  });
  return `${hostedUiOrigin(config.domain)}/oauth2/authorize?${params.toString()}`;
}

/** The token endpoint URL. */
export function tokenUrl(config: CognitoConfig): string {
  return `${hostedUiOrigin(config.domain)}/oauth2/token`;
}

/** The form body that exchanges an authorization code (and the PKCE verifier) for tokens. */
export function tokenRequestBody(config: CognitoConfig, code: string, redirectUri: string, codeVerifier: string): URLSearchParams {
  return new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: config.clientId,
    code,
    redirect_uri: redirectUri,
    code_verifier: codeVerifier,
  });
}

/** The hosted UI's logout URL, which ends the Cognito session and comes back to `logoutUri`. */
export function logoutUrl(config: CognitoConfig, logoutUri: string): string {
  const params = new URLSearchParams({ client_id: config.clientId, logout_uri: logoutUri });
  return `${hostedUiOrigin(config.domain)}/logout?${params.toString()}`;
}
