import { randomBytes } from 'node:crypto';
import { DecryptCommand, GenerateDataKeyCommand, GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { allCustomMatcher } from 'aws-sdk-client-mock-vitest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  clearPersonalDataCaches,
  lookupHash,
  maskName,
  maskPhone,
  normalizePhone,
  openPersonalData,
  PersonalDataConfigurationError,
  PersonalDataIntegrityError,
  sealingKeyLimits,
  sealPersonalData,
  type SealedPersonalData,
} from '../../shared/privacy/personal-data.js';

expect.extend(allCustomMatcher);

/** A test constant, not a secret. */
const localKey = Buffer.from('boai-unit-personal-data-key-0001').toString('base64');
const keyArn = 'arn:aws-cn:kms:cn-north-1:123456789012:key/11111111-2222-3333-4444-555555555555';
const hmacArn = 'arn:aws-cn:kms:cn-north-1:123456789012:key/66666666-7777-8888-9999-000000000000';
const envNames = ['PERSONAL_DATA_KEY_ARN', 'PERSONAL_DATA_HMAC_KEY_ARN', 'BOAI_LOCAL_PERSONAL_DATA_KEY'] as const;

function useEnv(values: Partial<Record<(typeof envNames)[number], string>>): void {
  for (const name of envNames) delete process.env[name];
  Object.assign(process.env, values);
  clearPersonalDataCaches();
}

/** A copy of `sealed` with one base64 byte of `field`'s ciphertext flipped. */
function flipByte(sealed: SealedPersonalData, field: string, index: number): SealedPersonalData {
  const bytes = Buffer.from(sealed.f[field]!, 'base64');
  bytes[index] = bytes[index]! ^ 0x01;
  return { ...sealed, f: { ...sealed.f, [field]: bytes.toString('base64') } };
}

afterEach(() => {
  useEnv({});
  vi.useRealTimers();
});

describe('sealing with the local key', () => {
  beforeEach(() => useEnv({ BOAI_LOCAL_PERSONAL_DATA_KEY: localKey }));

  it('round-trips fields, including Chinese text, and stores no clear value', async () => {
    const fields = { name: '欧阳娜娜', phone: '13812345678', empty: '' };
    const sealed = await sealPersonalData(fields);
    expect(sealed).toMatchObject({ v: 1, kid: expect.stringMatching(/^local:/) });
    expect(Object.keys(sealed.f).sort()).toEqual(['empty', 'name', 'phone']);
    expect(JSON.stringify(sealed)).not.toContain('13812345678');
    expect(JSON.stringify(sealed)).not.toContain('欧阳');
    await expect(openPersonalData(sealed)).resolves.toEqual(fields);
  });

  it('encrypts the same value differently each time', async () => {
    const a = await sealPersonalData({ phone: '13812345678' });
    const b = await sealPersonalData({ phone: '13812345678' });
    expect(a.f.phone).not.toBe(b.f.phone);
  });

  it.each([0, 12, 20, -1])('refuses a ciphertext with byte %i flipped', async (index) => {
    const sealed = await sealPersonalData({ phone: '13812345678' });
    const length = Buffer.from(sealed.f.phone!, 'base64').length;
    await expect(openPersonalData(flipByte(sealed, 'phone', (index + length) % length))).rejects.toBeInstanceOf(PersonalDataIntegrityError);
  });

  it('refuses ciphertexts swapped between fields', async () => {
    const sealed = await sealPersonalData({ name: '张三', phone: '13812345678' });
    const swapped = { ...sealed, f: { name: sealed.f.phone!, phone: sealed.f.name! } };
    await expect(openPersonalData(swapped)).rejects.toBeInstanceOf(PersonalDataIntegrityError);
  });

  it('refuses a field moved into another envelope, even under the same data key', async () => {
    const first = await sealPersonalData({ phone: '13812345678' });
    const second = await sealPersonalData({ phone: '13900001111' });
    expect(second.dk).toBe(first.dk);
    await expect(openPersonalData({ ...second, f: { phone: first.f.phone! } })).rejects.toBeInstanceOf(PersonalDataIntegrityError);
  });

  it('binds to a context when given one', async () => {
    const sealed = await sealPersonalData({ phone: '13812345678' }, { context: 'MEMBER#A' });
    await expect(openPersonalData(sealed, { context: 'MEMBER#A' })).resolves.toEqual({ phone: '13812345678' });
    await expect(openPersonalData(sealed, { context: 'MEMBER#B' })).rejects.toBeInstanceOf(PersonalDataIntegrityError);
    await expect(openPersonalData(sealed)).rejects.toBeInstanceOf(PersonalDataIntegrityError);
  });

  it('refuses a tampered wrapped data key and a malformed envelope', async () => {
    const sealed = await sealPersonalData({ phone: '13812345678' });
    const dk = Buffer.from(sealed.dk, 'base64');
    dk[5] = dk[5]! ^ 0xff;
    clearPersonalDataCaches();
    await expect(openPersonalData({ ...sealed, dk: dk.toString('base64') })).rejects.toBeInstanceOf(PersonalDataIntegrityError);
    await expect(openPersonalData({ ...sealed, v: 2 } as unknown as SealedPersonalData)).rejects.toBeInstanceOf(PersonalDataIntegrityError);
  });

  it('says clearly when data was sealed under another local key, without showing either key', async () => {
    const sealed = await sealPersonalData({ phone: '13812345678' });
    const otherKey = randomBytes(32).toString('base64');
    useEnv({ BOAI_LOCAL_PERSONAL_DATA_KEY: otherKey });
    const error = await openPersonalData(sealed).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(PersonalDataConfigurationError);
    expect(error.message).not.toContain(otherKey);
    expect(error.message).not.toContain(localKey);
  });

  it('keys lookups by purpose and value, deterministically, as base64url', async () => {
    const a = await lookupHash('13812345678', 'member.phone');
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await lookupHash('13812345678', 'member.phone')).toBe(a);
    expect(await lookupHash('13812345679', 'member.phone')).not.toBe(a);
    expect(await lookupHash('13812345678', 'volunteer.phone')).not.toBe(a);
    useEnv({ BOAI_LOCAL_PERSONAL_DATA_KEY: randomBytes(32).toString('base64') });
    expect(await lookupHash('13812345678', 'member.phone')).not.toBe(a);
  });
});

describe('configuration', () => {
  it('refuses to seal, open or hash with no key configured', async () => {
    useEnv({});
    await expect(sealPersonalData({ a: 'b' })).rejects.toBeInstanceOf(PersonalDataConfigurationError);
    await expect(lookupHash('x', 'member.phone')).rejects.toThrow(/not configured/);
  });

  it.each(['c2hvcnQ=', 'not base64 at all!', Buffer.alloc(33).toString('base64')])('refuses a local key that is not 32 bytes: %s', async (value) => {
    useEnv({ BOAI_LOCAL_PERSONAL_DATA_KEY: value });
    const error = (await sealPersonalData({ a: 'b' }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(PersonalDataConfigurationError);
    expect(error.message).not.toContain(value);
  });

  it('never falls back to the local key when a KMS key is configured', async () => {
    useEnv({ PERSONAL_DATA_HMAC_KEY_ARN: hmacArn, BOAI_LOCAL_PERSONAL_DATA_KEY: localKey });
    await expect(sealPersonalData({ a: 'b' })).rejects.toThrow(/PERSONAL_DATA_KEY_ARN is not set/);
  });
});

describe('sealing with KMS (mocked: KMS has no local stand-in)', () => {
  const kmsMock = mockClient(KMSClient);
  const plaintextKey = randomBytes(32);
  const wrappedKey = Buffer.concat([Buffer.from('wrapped:'), randomBytes(40)]);

  beforeEach(() => {
    useEnv({ PERSONAL_DATA_KEY_ARN: keyArn, PERSONAL_DATA_HMAC_KEY_ARN: hmacArn });
    kmsMock.reset();
    kmsMock.on(GenerateDataKeyCommand).callsFake(async () => ({
      KeyId: keyArn,
      Plaintext: new Uint8Array(plaintextKey),
      CiphertextBlob: new Uint8Array(wrappedKey),
    }));
    kmsMock.on(DecryptCommand).resolves({ KeyId: keyArn, Plaintext: new Uint8Array(plaintextKey) });
    kmsMock.on(GenerateMacCommand).callsFake(async (input: { Message: Uint8Array }) => ({
      Mac: new Uint8Array(Buffer.from(`mac:${Buffer.from(input.Message).length}`).subarray(0, 32)),
      KeyId: hmacArn,
      MacAlgorithm: 'HMAC_SHA_256',
    }));
  });

  it('asks KMS for one data key for 500 concurrent seals (a CSV import), with an encryption context', async () => {
    const sealed = await Promise.all(Array.from({ length: 500 }, (_, i) => sealPersonalData({ phone: `138${String(i).padStart(8, '0')}` })));
    expect(kmsMock).toHaveReceivedCommandTimes(GenerateDataKeyCommand, 1);
    expect(kmsMock).toHaveReceivedCommandWith(GenerateDataKeyCommand, {
      KeyId: keyArn,
      KeySpec: 'AES_256',
      EncryptionContext: { app: 'boai', use: 'personal-data' },
    });
    expect(new Set(sealed.map((s) => s.dk))).toEqual(new Set([wrappedKey.toString('base64')]));
    expect(sealed[0]!.kid).toBe(`kms:${keyArn}`);
    // The key this process made is cached: reading back needs no Decrypt.
    await expect(openPersonalData(sealed[7]!)).resolves.toEqual({ phone: '13800000007' });
    expect(kmsMock).toHaveReceivedCommandTimes(DecryptCommand, 0);
  });

  it('takes a new data key after the use limit and after the age limit', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    for (let i = 0; i < sealingKeyLimits.maxUses; i++) await sealPersonalData({ a: 'b' });
    expect(kmsMock).toHaveReceivedCommandTimes(GenerateDataKeyCommand, 1);
    await sealPersonalData({ a: 'b' });
    expect(kmsMock).toHaveReceivedCommandTimes(GenerateDataKeyCommand, 2);
    vi.advanceTimersByTime(sealingKeyLimits.maxAgeMs - 1);
    await sealPersonalData({ a: 'b' });
    expect(kmsMock).toHaveReceivedCommandTimes(GenerateDataKeyCommand, 2);
    vi.advanceTimersByTime(2);
    await sealPersonalData({ a: 'b' });
    expect(kmsMock).toHaveReceivedCommandTimes(GenerateDataKeyCommand, 3);
  });

  it('unwraps a stored data key once with Decrypt (key id and context given) and caches it', async () => {
    const sealed = await sealPersonalData({ name: '张三' });
    clearPersonalDataCaches(); // as in another Lambda instance
    const opened = await Promise.all(Array.from({ length: 20 }, () => openPersonalData(sealed)));
    expect(opened.every((o) => o.name === '张三')).toBe(true);
    expect(kmsMock).toHaveReceivedCommandTimes(DecryptCommand, 1);
    expect(kmsMock).toHaveReceivedCommandWith(DecryptCommand, {
      KeyId: keyArn,
      EncryptionContext: { app: 'boai', use: 'personal-data' },
    });
  });

  it('propagates a Decrypt failure and caches nothing for it', async () => {
    const sealed = await sealPersonalData({ name: '张三' });
    clearPersonalDataCaches();
    kmsMock.on(DecryptCommand).rejects(Object.assign(new Error('User is not authorized to perform kms:Decrypt'), { name: 'AccessDeniedException' }));
    await expect(openPersonalData(sealed)).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(openPersonalData(sealed)).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(kmsMock).toHaveReceivedCommandTimes(DecryptCommand, 2);
  });

  it('propagates a GenerateDataKey failure, then recovers on the next seal', async () => {
    kmsMock.on(GenerateDataKeyCommand).rejectsOnce(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    await expect(sealPersonalData({ a: 'b' })).rejects.toMatchObject({ name: 'ThrottlingException' });
    kmsMock.on(GenerateDataKeyCommand).resolves({ KeyId: keyArn, Plaintext: new Uint8Array(plaintextKey), CiphertextBlob: new Uint8Array(wrappedKey) });
    await expect(sealPersonalData({ a: 'b' })).resolves.toMatchObject({ kid: `kms:${keyArn}` });
  });

  it('refuses to open locally sealed data with KMS', async () => {
    useEnv({ BOAI_LOCAL_PERSONAL_DATA_KEY: localKey });
    const sealed = await sealPersonalData({ a: 'b' });
    useEnv({ PERSONAL_DATA_KEY_ARN: keyArn, PERSONAL_DATA_HMAC_KEY_ARN: hmacArn });
    await expect(openPersonalData(sealed)).rejects.toBeInstanceOf(PersonalDataConfigurationError);
  });

  it('hashes lookups with GenerateMac (HMAC_SHA_256, HMAC key) and caches each value', async () => {
    const first = await lookupHash('13812345678', 'member.phone');
    expect(await lookupHash('13812345678', 'member.phone')).toBe(first);
    await lookupHash('13900001111', 'member.phone');
    expect(kmsMock).toHaveReceivedCommandTimes(GenerateMacCommand, 2);
    expect(kmsMock).toHaveReceivedCommandWith(GenerateMacCommand, { KeyId: hmacArn, MacAlgorithm: 'HMAC_SHA_256' });
    expect(first).toMatch(/^[A-Za-z0-9_-]+$/);
    // The message carries the purpose, so one value hashes differently per purpose.
    const message = Buffer.from(kmsMock.commandCalls(GenerateMacCommand)[0]!.args[0].input.Message!).toString('utf8');
    expect(message).toContain('member.phone');
  });
});

describe('normalizePhone', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['+8613812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['0086 13812345678', '13812345678'],
    ['19912345678', '19912345678'],
    ['0713-5012345', '07135012345'],
    ['0713 50123456', '071350123456'],
    ['(0713) 5012345', '07135012345'],
    ['010-12345678', '01012345678'],
    ['027-87654321', '02787654321'],
    ['+86 713 5012345', '07135012345'],
    ['+86 27 87654321', '02787654321'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizePhone(raw)).toBe(expected);
  });

  it.each(['12812345678', '1381234567', '138123456789', '5012345', '+1 415 555 0100', 'abc', '', '0713-50123', '13812345678x'])(
    'refuses %s',
    (raw) => {
      expect(normalizePhone(raw)).toBeUndefined();
    },
  );
});

describe('masks', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['+86 138-1234-5678', '138****5678'],
    ['0713-5012345', '0713-****2345'],
    ['010-12345678', '010-****5678'],
    ['not a phone', '****'],
  ])('maskPhone(%s) → %s', (raw, expected) => {
    expect(maskPhone(raw)).toBe(expected);
  });

  it.each([
    ['张三', '张*'],
    ['王小明', '王*明'],
    ['欧阳娜娜', '欧**娜'],
    ['李', '*'],
    ['Alice Wang', 'A***'],
    ['  Bob ', 'B***'],
    ['', ''],
  ])('maskName(%s) → %s', (raw, expected) => {
    expect(maskName(raw)).toBe(expected);
  });
});
