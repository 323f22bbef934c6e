import { SignJWT, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { demoAccounts, demoPassword } from '../../local/demo-accounts.js';
import { LocalCognito, localClientId } from '../../local/local-cognito.js';

const issuer = 'http://127.0.0.1:3000/local-cognito';
const county = demoAccounts.find((account) => account.username === 'county.luotian')!;

describe('local Cognito stand-in', () => {
  it('authenticates demo accounts only with the right password', async () => {
    const cognito = await LocalCognito.create(issuer);
    expect(cognito.authenticate('county.luotian', demoPassword)?.division).toBe('421123000000');
    expect(cognito.authenticate('county.luotian', 'wrong')).toBeUndefined();
    expect(cognito.authenticate('nobody', demoPassword)).toBeUndefined();
  });

  it('issues ID tokens whose verified claims look like the JWT authorizer output', async () => {
    const cognito = await LocalCognito.create(issuer);
    const { idToken } = await cognito.issueIdToken(county);
    const verified = await cognito.verify(idToken);
    expect('claims' in verified && verified.claims).toMatchObject({
      'cognito:username': 'county.luotian',
      'cognito:groups': '[county]',
      'custom:division': '421123000000',
      aud: localClientId,
      iss: issuer,
      token_use: 'id',
    });
  });

  it('refuses expired, forged, foreign-key and wrong-audience tokens', async () => {
    const cognito = await LocalCognito.create(issuer);
    const longAgo = Math.floor(Date.now() / 1000) - 7200;
    const expired = await cognito.issueIdToken(county, longAgo);
    expect(await cognito.verify(expired.idToken)).toEqual({ error: 'the token has expired' });

    const { idToken } = await cognito.issueIdToken(county);
    const [header, payload, signature] = idToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const tampered = Buffer.from(JSON.stringify({ ...claims, 'custom:division': '420000000000' })).toString('base64url');
    expect(await cognito.verify(`${header}.${tampered}.${signature}`)).toHaveProperty('error');

    const other = await LocalCognito.create(issuer);
    expect(await other.verify(idToken)).toHaveProperty('error');
    const otherIssuer = await LocalCognito.create('http://evil.example/local-cognito');
    expect(await otherIssuer.verify(idToken)).toHaveProperty('error');

    const { privateKey } = await generateKeyPair('RS256');
    const now = Math.floor(Date.now() / 1000);
    const foreign = await new SignJWT({ token_use: 'id' })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(issuer)
      .setAudience(localClientId)
      .setExpirationTime(now + 60)
      .sign(privateKey);
    expect(await cognito.verify(foreign)).toHaveProperty('error');
    expect(await cognito.verify('not-a-jwt')).toHaveProperty('error');
  });

  it('lets access tokens through by client_id, as the JWT authorizer does (use cases refuse them)', async () => {
    const cognito = await LocalCognito.create(issuer);
    const { accessToken } = await cognito.issueTokens(county);
    const verified = await cognito.verify(accessToken);
    expect('claims' in verified && verified.claims).toMatchObject({ token_use: 'access', client_id: localClientId });
    expect('claims' in verified && verified.claims['custom:division']).toBeUndefined();
  });
});
