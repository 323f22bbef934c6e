/**
 * Staff sign-in for the portal, in the two modes `/config.json` announces:
 *  - `local`: the local server's stand-in for Cognito (`POST /local-cognito/sign-in`), which issues
 *    an ID token with the same claims Cognito would;
 *  - `cognito`: the hosted UI with Authorization Code + PKCE.
 * Either way the result is an ID token kept in sessionStorage (gone when the tab closes, not shared
 * across tabs, never in a cookie the API would have to defend against CSRF).
 */
import { ApiError, networkErrorCode, requestJson } from '../common/api.js';
import type { Lang } from '../common/i18n.js';
import { isRole, type Role } from '../../../shared/auth/roles.js';
import { authorizeUrl, codeChallengeS256, logoutUrl, randomToken, tokenRequestBody, tokenUrl, type CognitoConfig } from './pkce.js';

/** A demo account the local server announces, to list on its sign-in page. */
export interface DemoAccount {
  username: string;
  role: Role;
}

/**
 * Local mode. The demo accounts come from the local server's `/config.json`, so they live only in
 * `local/demo-accounts.ts` and never in the bundle deployed to AWS.
 */
export interface LocalConfig {
  mode: 'local';
  demoAccounts: DemoAccount[];
  demoPassword?: string;
}

/** `GET /config.json`. */
export type AuthConfig = LocalConfig | CognitoConfig;

/** A signed-in session. */
export interface Session {
  idToken: string;
  /** Epoch milliseconds after which the token is no longer accepted. */
  expiresAt: number;
}

const sessionKey = 'boai.session';
const pkceKey = 'boai.pkce';

/** Reads and checks `/config.json`; an unknown mode is an error rather than a guess. */
export async function loadAuthConfig(lang: Lang): Promise<AuthConfig> {
  const body = await requestJson<{
    auth?: Partial<Omit<CognitoConfig, 'mode'>> & {
      mode?: string;
      demoAccounts?: { username?: unknown; roles?: unknown }[];
      demoPassword?: unknown;
    };
  }>('/config.json', { lang });
  const auth = body.auth;
  if (auth?.mode === 'local') {
    // Shown as a hint only, so anything malformed is dropped rather than failing sign-in.
    const demoAccounts = (Array.isArray(auth.demoAccounts) ? auth.demoAccounts : []).flatMap((account): DemoAccount[] => {
      const role = Array.isArray(account.roles) ? String(account.roles[0]) : '';
      return typeof account.username === 'string' && isRole(role) ? [{ username: account.username, role }] : [];
    });
    return typeof auth.demoPassword === 'string'
      ? { mode: 'local', demoAccounts, demoPassword: auth.demoPassword }
      : { mode: 'local', demoAccounts };
  }
  if (auth?.mode === 'cognito' && auth.clientId && auth.domain) {
    return { mode: 'cognito', region: auth.region ?? '', userPoolId: auth.userPoolId ?? '', clientId: auth.clientId, domain: auth.domain };
  }
  throw new ApiError(0, 'BAD_CONFIG', `unsupported auth configuration: ${JSON.stringify(auth)}`);
}

/** The page Cognito returns to; must match the app client's callback URL exactly. */
export function portalUrl(): string {
  return `${location.origin}/portal/`;
}

function readJson<T>(storage: Storage, key: string): T | undefined {
  try {
    const raw = storage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined;
  }
}

/** The stored session if it has at least a minute left (so a request does not die mid-flight). */
export function readSession(): Session | undefined {
  const session = readJson<Session>(sessionStorage, sessionKey);
  if (!session || typeof session.idToken !== 'string' || typeof session.expiresAt !== 'number') return undefined;
  return session.expiresAt - 60_000 > Date.now() ? session : undefined;
}

function saveSession(idToken: string, expiresInSeconds: number): Session {
  const session: Session = { idToken, expiresAt: Date.now() + expiresInSeconds * 1000 };
  try {
    sessionStorage.setItem(sessionKey, JSON.stringify(session));
  } catch {
    // Storage blocked: the session lasts until the page reloads.
  }
  return session;
}

/** Forgets the session (sign-out, or the API said 401). */
export function clearSession(): void {
  try {
    sessionStorage.removeItem(sessionKey);
  } catch {
    // nothing stored
  }
}

/** Local mode: username and password to the local stand-in. Throws ApiError (401 with a localized message on bad credentials). */
export async function signInLocal(username: string, password: string, lang: Lang): Promise<Session> {
  const body = await requestJson<{ idToken: string; expiresIn: number }>('/local-cognito/sign-in', {
    lang,
    method: 'POST',
    body: { username, password },
  });
  return saveSession(body.idToken, body.expiresIn);
}

interface PendingSignIn {
  verifier: string;
  state: string;
  /** The portal route to return to after the round trip (the redirect URI itself is fixed). */
  returnHash: string;
}

/** Cognito mode: remembers a fresh PKCE verifier and state, then leaves for the hosted UI. */
export async function beginCognitoSignIn(config: CognitoConfig): Promise<void> {
  const pending: PendingSignIn = { verifier: randomToken(48), state: randomToken(16), returnHash: location.hash };
  sessionStorage.setItem(pkceKey, JSON.stringify(pending));
  const challenge = await codeChallengeS256(pending.verifier);
  location.assign(authorizeUrl(config, portalUrl(), pending.state, challenge));
}

/**
 * Cognito mode: if this page load is the hosted UI's redirect back (`?code=…&state=…`), exchanges
 * the code for tokens. Returns the new session, `undefined` when this was not a redirect, or throws
 * when the redirect carried an error or the state did not match (a forged or stale callback).
 */
export async function completeCognitoSignIn(config: CognitoConfig): Promise<Session | undefined> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const returnedState = params.get('state');
  const providerError = params.get('error');
  if (!code && !providerError) return undefined;
  const pending = readJson<PendingSignIn>(sessionStorage, pkceKey);
  sessionStorage.removeItem(pkceKey);
  // Drop code and state from the address bar and history before anything else can leak them.
  history.replaceState(null, '', `${location.pathname}${pending?.returnHash ?? ''}`);
  if (providerError || !code || !pending || returnedState !== pending.state) {
    throw new ApiError(0, 'SIGN_IN_FAILED', providerError ?? 'state mismatch');
  }
  let response: Response;
  try {
    response = await fetch(tokenUrl(config), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: tokenRequestBody(config, code, portalUrl(), pending.verifier),
    });
  } catch (error) {
    throw new ApiError(0, networkErrorCode, String(error));
  }
  const tokens = (await response.json().catch(() => undefined)) as { id_token?: string; expires_in?: number; error?: string } | undefined;
  if (!response.ok || !tokens?.id_token) {
    throw new ApiError(response.status, 'SIGN_IN_FAILED', tokens?.error ?? `HTTP ${response.status}`);
  }
  return saveSession(tokens.id_token, tokens.expires_in ?? 3600);
}

/** Ends the session; in Cognito mode also ends the hosted UI's own session so the next sign-in asks again. */
export function signOut(config: AuthConfig | undefined): void {
  clearSession();
  if (config?.mode === 'cognito') location.assign(logoutUrl(config, portalUrl()));
}
