import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import { claimNames } from '../shared/auth/roles.js';
import { type DemoAccount, demoAccounts, demoPassword } from './demo-accounts.js';

/** The audience (app client id) of local ID tokens, like a Cognito user pool client id. */
export const localClientId = 'boai-local-web';
const tokenLifetimeSeconds = 3600;

type KeyLike = CryptoKey | Uint8Array;

/**
 * The local stand-in for Cognito: signs ID tokens with the claims Cognito would issue and verifies
 * them the way API Gateway's JWT authorizer does (signature, issuer, audience, expiry, token_use).
 * The RS256 key is generated on first start and kept in the git-ignored data folder, never in git.
 */
export class LocalCognito {
  private constructor(
    private readonly privateKey: KeyLike,
    private readonly publicKey: KeyLike,
    readonly publicJwk: JWK,
    private issuerUrl: string,
  ) {}

  /** The `iss` of issued tokens: the server's own URL, known only once it listens. */
  get issuer(): string {
    return this.issuerUrl;
  }

  /** Sets the issuer after the server has bound its port (before any token is issued). */
  useIssuer(issuer: string): void {
    this.issuerUrl = issuer;
  }

  /** Loads the key from `keyFile` or creates it there; without a file the key lives in memory. */
  static async create(issuer: string, keyFile?: string): Promise<LocalCognito> {
    if (keyFile && existsSync(keyFile)) {
      const stored = JSON.parse(readFileSync(keyFile, 'utf8')) as { privateJwk: JWK; publicJwk: JWK };
      return new LocalCognito(
        (await importJWK(stored.privateJwk, 'RS256')) as KeyLike,
        (await importJWK(stored.publicJwk, 'RS256')) as KeyLike,
        stored.publicJwk,
        issuer,
      );
    }
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const publicJwk = { ...(await exportJWK(publicKey)), kid: 'local-1', alg: 'RS256', use: 'sig' };
    if (keyFile) {
      writeFileSync(keyFile, JSON.stringify({ privateJwk: await exportJWK(privateKey), publicJwk }), { mode: 0o600 });
    }
    return new LocalCognito(privateKey, publicKey, publicJwk, issuer);
  }

  /** The demo account for a username and password, or undefined (constant-time password check). */
  authenticate(username: string, password: string): DemoAccount | undefined {
    const account = demoAccounts.find((candidate) => candidate.username === username);
    const given = createHash('sha256').update(password).digest();
    const expected = createHash('sha256').update(demoPassword).digest();
    return account && timingSafeEqual(given, expected) ? account : undefined;
  }

  /**
   * The tokens Cognito hands out at sign-in: an ID token (identity, groups, custom attributes; what
   * the portal sends) and an access token (no `aud`, `client_id` instead, no custom attributes).
   */
  async issueTokens(
    account: DemoAccount,
    now = Math.floor(Date.now() / 1000),
  ): Promise<{ idToken: string; accessToken: string; expiresIn: number }> {
    const { idToken } = await this.issueIdToken(account, now);
    const accessToken = await this.sign(account, now, { client_id: localClientId, token_use: 'access', scope: 'openid profile email' });
    return { idToken, accessToken, expiresIn: tokenLifetimeSeconds };
  }

  /** An ID token for the account, shaped like Cognito's. */
  async issueIdToken(account: DemoAccount, now = Math.floor(Date.now() / 1000)): Promise<{ idToken: string; expiresIn: number }> {
    const idToken = await this.sign(
      account,
      now,
      { [claimNames.division]: account.division, [claimNames.name]: account.name, token_use: 'id' },
      localClientId,
    );
    return { idToken, expiresIn: tokenLifetimeSeconds };
  }

  /** Signs the claims every Cognito token has for `account`, plus `claims`, with `aud` when given. */
  private sign(account: DemoAccount, now: number, claims: Record<string, string>, audience?: string): Promise<string> {
    const token = new SignJWT({
      [claimNames.username]: account.username,
      [claimNames.groups]: [...account.roles],
      auth_time: now,
      ...claims,
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'local-1' })
      .setSubject(subjectOf(account.username))
      .setIssuer(this.issuer)
      .setIssuedAt(now)
      .setExpirationTime(now + tokenLifetimeSeconds);
    return (audience ? token.setAudience(audience) : token).sign(this.privateKey);
  }

  /**
   * Verifies a token as the HTTP API JWT authorizer does: signature, issuer, expiry, and the
   * audience in `aud` or, when there is no `aud` (Cognito access tokens), in `client_id`. Like the
   * authorizer it does not look at `token_use`; `principalOf` in shared code accepts only ID tokens,
   * so both runtimes refuse access tokens in the same place. Returns the claims in the
   * authorizer's event format (every value a string, arrays as `[a b]`), or an error description
   * for the `www-authenticate` header.
   */
  async verify(token: string): Promise<{ claims: Record<string, string> } | { error: string }> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, { issuer: this.issuer, algorithms: ['RS256'] });
      const audiences = payload.aud === undefined ? [payload.client_id] : [payload.aud].flat();
      if (!audiences.includes(localClientId)) return { error: 'the token is for another audience' };
      const claims: Record<string, string> = {};
      for (const [name, value] of Object.entries(payload)) {
        claims[name] = Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'object' ? JSON.stringify(value) : String(value);
      }
      return { claims };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) return { error: 'the token has expired' };
      return { error: 'the token could not be verified' };
    }
  }
}

/** A stable, UUID-shaped `sub` per username, as Cognito gives each user one. */
function subjectOf(username: string): string {
  const hex = createHash('sha256').update(`boai-local:${username}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
