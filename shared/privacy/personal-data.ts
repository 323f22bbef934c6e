/**
 * Personal data at rest (DESIGN §4.9): envelope encryption of personal fields and keyed hashes for
 * exact-match lookups.
 *
 * - **Sealing**: each field is encrypted with AES-256-GCM under a 256-bit data key; the data key
 *   itself is stored beside the ciphertext, wrapped by a master key. In AWS the master key is the
 *   KMS personal-data key (`PERSONAL_DATA_KEY_ARN`): `GenerateDataKey` gives the data key,
 *   `Decrypt` unwraps it. Locally (`BOAI_LOCAL_PERSONAL_DATA_KEY`, base64 of 32 bytes) the data key
 *   is wrapped with AES-256-GCM under a key derived from the local key. Same sealed format both
 *   ways; `kid` says which master key wrapped it.
 * - **Lookups**: {@link lookupHash} is an HMAC-SHA256 of the value under a purpose label: KMS
 *   `GenerateMac` with the HMAC key in `PERSONAL_DATA_HMAC_KEY_ARN` in AWS, a local HMAC key
 *   derived (HKDF) from the local key otherwise.
 *
 * Nothing here logs, and no error message carries a value, a key or a ciphertext.
 *
 * Caches (per process, i.e. per warm Lambda): one data key for sealing is reused for at most
 * {@link sealingKeyLimits}`.maxAgeMs` or `.maxUses` seals, so importing 500 rows costs one KMS call,
 * not 500; unwrapped data keys are kept in a bounded LRU keyed by their wrapped form; lookup
 * hashes in another, keyed by a SHA-256 of the input rather than the input itself.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { KMSClient } from '@aws-sdk/client-kms';
import { BoundedCache } from './bounded-cache.js';

export { maskName, maskPhone, normalizePhone } from './masking.js';

/** Environment variable with the KMS personal-data key ARN (set by `BoaiFunction` in AWS). */
export const personalDataKeyArnEnv = 'PERSONAL_DATA_KEY_ARN';
/** Environment variable with the KMS HMAC key ARN for {@link lookupHash} (set by `BoaiFunction`). */
export const personalDataHmacKeyArnEnv = 'PERSONAL_DATA_HMAC_KEY_ARN';
/** Environment variable with the local master key (base64 of 32 bytes); local runtime and tests only. */
export const localPersonalDataKeyEnv = 'BOAI_LOCAL_PERSONAL_DATA_KEY';

/**
 * Personal fields sealed together, as stored in an item. Opaque to everything but this module.
 *
 * - `v`: format version (1)
 * - `kid`: the master key that wrapped `dk`: `kms:<key ARN>` or `local:<key fingerprint>`
 * - `dk`: the wrapped data key, base64 (KMS ciphertext blob, or iv ‖ ciphertext ‖ tag locally)
 * - `n`: a random id of this envelope (base64url, 12 bytes)
 * - `f`: field name → base64(iv(12) ‖ ciphertext ‖ tag(16))
 *
 * Each field's GCM additional authenticated data is the version, `n`, the optional binding
 * context and the field name, so a ciphertext moved to another field, another envelope or another
 * record fails to open even when the data key is shared.
 */
export interface SealedPersonalData {
  readonly v: 1;
  readonly kid: string;
  readonly dk: string;
  readonly n: string;
  readonly f: Readonly<Record<string, string>>;
}

/** Options of {@link sealPersonalData} and {@link openPersonalData}. */
export interface SealOptions {
  /**
   * Binds the ciphertext to its owner (e.g. `MEMBER#<id>`): opening needs the same context, so a
   * sealed blob copied onto another record does not open there.
   */
  readonly context?: string;
}

/** A deployment or local-setup mistake (no key configured, wrong key): a bug, never user input. */
export class PersonalDataConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PersonalDataConfigurationError';
  }
}

/** Sealed data that does not open: tampered, truncated, moved, or sealed with another context. */
export class PersonalDataIntegrityError extends Error {
  constructor() {
    super('Sealed personal data failed its integrity check');
    this.name = 'PersonalDataIntegrityError';
  }
}

/** How long and how often one KMS data key is reused for sealing before a new one is asked for. */
export const sealingKeyLimits = { maxAgeMs: 5 * 60_000, maxUses: 1_000 } as const;
/** Bounds of the unwrapped-data-key cache (open) and of the lookup-hash cache. */
export const cacheLimits = {
  unwrappedKeys: { maxEntries: 256, ttlMs: 15 * 60_000 },
  lookupHashes: { maxEntries: 1_000, ttlMs: 15 * 60_000 },
} as const;

/** KMS encryption context of every personal-data data key; Decrypt must present it again. */
const kmsEncryptionContext = { app: 'boai', use: 'personal-data' } as const;
const formatVersion = 1;
const ivBytes = 12;
const tagBytes = 16;
const keyBytes = 32;
/** KMS GenerateMac accepts messages up to 4,096 bytes. */
const maxMacMessageBytes = 4096;

// ---- configuration ----------------------------------------------------------------------------

interface LocalKeys {
  readonly fingerprint: string;
  readonly wrapKey: Buffer;
  readonly hmacKey: Buffer;
}

let localKeysFor: { encoded: string; keys: LocalKeys } | undefined;

/** The local master key's derived keys (HKDF-SHA256, one label per use), cached per env value. */
function localKeys(encoded: string): LocalKeys {
  if (localKeysFor?.encoded === encoded) return localKeysFor.keys;
  const master = Buffer.from(encoded, 'base64');
  if (master.length !== keyBytes || master.toString('base64') !== encoded.trim()) {
    throw new PersonalDataConfigurationError(`${localPersonalDataKeyEnv} must be the base64 of exactly 32 bytes`);
  }
  const derive = (label: string, length: number) =>
    Buffer.from(hkdfSync('sha256', master, Buffer.from('boai'), Buffer.from(label), length));
  const keys = {
    fingerprint: derive('boai/pd/key-id/v1', 9).toString('base64url'),
    wrapKey: derive('boai/pd/wrap/v1', keyBytes),
    hmacKey: derive('boai/lookup/hmac/v1', keyBytes),
  };
  localKeysFor = { encoded, keys };
  return keys;
}

type Config = { readonly mode: 'kms' } | { readonly mode: 'local'; readonly keys: LocalKeys };

/**
 * Where keys come from, read from the environment at each call (cheap) so tests can switch.
 * Either KMS ARN set → AWS mode (never silently local); else the local key; else a configuration
 * error.
 */
function config(): Config {
  if (process.env[personalDataKeyArnEnv] || process.env[personalDataHmacKeyArnEnv]) return { mode: 'kms' };
  const local = process.env[localPersonalDataKeyEnv];
  if (local) return { mode: 'local', keys: localKeys(local) };
  throw new PersonalDataConfigurationError(
    `Personal data keys are not configured: set ${personalDataKeyArnEnv} and ${personalDataHmacKeyArnEnv} (AWS) or ${localPersonalDataKeyEnv} (local runtime)`,
  );
}

function requiredArn(name: string): string {
  const arn = process.env[name];
  if (!arn) throw new PersonalDataConfigurationError(`${name} is not set; this function was deployed without that key`);
  return arn;
}

type KmsSdk = typeof import('@aws-sdk/client-kms');
let kmsSdk: Promise<KmsSdk> | undefined;
let kmsClient: KMSClient | undefined;
/**
 * One KMS client per process, created on first use. The SDK module itself is loaded then too:
 * importing it at start-up cost the functions that hold personal data ~15 ms of every cold start
 * (see `npm run bench`), and most requests (lists, dashboards) never seal or open anything.
 */
async function kms(): Promise<{ client: KMSClient; sdk: KmsSdk }> {
  const sdk = await (kmsSdk ??= import('@aws-sdk/client-kms'));
  kmsClient ??= new sdk.KMSClient({ maxAttempts: 3 });
  return { client: kmsClient, sdk };
}

// ---- data keys --------------------------------------------------------------------------------

interface SealingKey {
  readonly kid: string;
  readonly wrapped: string;
  readonly key: Buffer;
  readonly source: string;
  readonly createdAt: number;
  uses: number;
}

let activeSealingKey: SealingKey | undefined;
let pendingSealingKey: Promise<SealingKey> | undefined;
const unwrappedKeys = new BoundedCache<Buffer>(cacheLimits.unwrappedKeys.maxEntries, cacheLimits.unwrappedKeys.ttlMs);
const pendingUnwraps = new Map<string, Promise<Buffer>>();
const lookupHashes = new BoundedCache<string>(cacheLimits.lookupHashes.maxEntries, cacheLimits.lookupHashes.ttlMs);

/** Identifies the master key a configuration seals with, so a cached key never crosses configurations. */
function sourceOf(cfg: Config): string {
  return cfg.mode === 'kms' ? `kms:${requiredArn(personalDataKeyArnEnv)}` : `local:${cfg.keys.fingerprint}`;
}

function gcmEncrypt(key: Buffer, plaintext: Buffer, aad: Buffer): string {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString('base64');
}

function gcmDecrypt(key: Buffer, encoded: string, aad: Buffer): Buffer {
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length < ivBytes + tagBytes) throw new PersonalDataIntegrityError();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, ivBytes));
    decipher.setAAD(aad);
    decipher.setAuthTag(bytes.subarray(bytes.length - tagBytes));
    return Buffer.concat([decipher.update(bytes.subarray(ivBytes, bytes.length - tagBytes)), decipher.final()]);
  } catch {
    throw new PersonalDataIntegrityError();
  }
}

const localWrapAad = Buffer.from('boai/pd/wrap/v1');

async function newSealingKey(cfg: Config, source: string): Promise<SealingKey> {
  if (cfg.mode === 'local') {
    const key = randomBytes(keyBytes);
    return { kid: source, wrapped: gcmEncrypt(cfg.keys.wrapKey, key, localWrapAad), key, source, createdAt: Date.now(), uses: 0 };
  }
  const { client, sdk } = await kms();
  const result = await client.send(
    new sdk.GenerateDataKeyCommand({
      KeyId: requiredArn(personalDataKeyArnEnv),
      KeySpec: 'AES_256',
      EncryptionContext: { ...kmsEncryptionContext },
    }),
  );
  if (!result.Plaintext || result.Plaintext.length !== keyBytes || !result.CiphertextBlob) {
    throw new Error('KMS GenerateDataKey returned no usable data key');
  }
  return {
    // The response names the key by its ARN even when the configuration uses an alias.
    kid: `kms:${result.KeyId ?? requiredArn(personalDataKeyArnEnv)}`,
    wrapped: Buffer.from(result.CiphertextBlob).toString('base64'),
    key: Buffer.from(result.Plaintext),
    source,
    createdAt: Date.now(),
    uses: 0,
  };
}

/**
 * A data key for one seal. Reuses the active key within its limits; otherwise one new key is
 * fetched however many seals wait for it (they share the in-flight request), then each reserves
 * a use. A freshly made key also goes into the unwrap cache, so reading back costs no Decrypt.
 */
async function sealingKey(cfg: Config): Promise<SealingKey> {
  const source = sourceOf(cfg);
  for (;;) {
    const active = activeSealingKey;
    if (
      active &&
      active.source === source &&
      active.uses < sealingKeyLimits.maxUses &&
      Date.now() - active.createdAt < sealingKeyLimits.maxAgeMs
    ) {
      active.uses += 1;
      return active;
    }
    pendingSealingKey ??= newSealingKey(cfg, source)
      .then((fresh) => {
        activeSealingKey = fresh;
        unwrappedKeys.set(unwrapCacheKey(fresh.kid, fresh.wrapped), fresh.key);
        return fresh;
      })
      .finally(() => {
        pendingSealingKey = undefined;
      });
    await pendingSealingKey;
  }
}

const unwrapCacheKey = (kid: string, wrapped: string) => `${kid}|${wrapped}`;

async function unwrapDataKey(cfg: Config, kid: string, wrapped: string): Promise<Buffer> {
  if (kid.startsWith('local:')) {
    if (cfg.mode !== 'local') {
      throw new PersonalDataConfigurationError('This data was sealed with a local key; it cannot be opened with KMS');
    }
    if (kid !== `local:${cfg.keys.fingerprint}`) {
      throw new PersonalDataConfigurationError(
        `This data was sealed with another local key than ${localPersonalDataKeyEnv} holds (was .local/personal-data.key replaced without wiping the data?)`,
      );
    }
    const key = gcmDecrypt(cfg.keys.wrapKey, wrapped, localWrapAad);
    if (key.length !== keyBytes) throw new PersonalDataIntegrityError();
    return key;
  }
  if (kid.startsWith('kms:')) {
    if (cfg.mode !== 'kms') {
      throw new PersonalDataConfigurationError('This data was sealed with KMS; this runtime has no KMS key configured');
    }
    const { client, sdk } = await kms();
    const result = await client.send(
      new sdk.DecryptCommand({
        CiphertextBlob: Buffer.from(wrapped, 'base64'),
        KeyId: kid.slice('kms:'.length),
        EncryptionContext: { ...kmsEncryptionContext },
      }),
    );
    if (!result.Plaintext || result.Plaintext.length !== keyBytes) throw new Error('KMS Decrypt returned no usable data key');
    return Buffer.from(result.Plaintext);
  }
  throw new PersonalDataIntegrityError();
}

/** The plaintext data key of a sealed envelope: from the LRU, or unwrapped once (concurrent opens share the call). */
async function dataKeyOf(cfg: Config, kid: string, wrapped: string): Promise<Buffer> {
  const cacheKey = unwrapCacheKey(kid, wrapped);
  const cached = unwrappedKeys.get(cacheKey);
  if (cached) return cached;
  let pending = pendingUnwraps.get(cacheKey);
  if (!pending) {
    pending = unwrapDataKey(cfg, kid, wrapped)
      .then((key) => {
        unwrappedKeys.set(cacheKey, key);
        return key;
      })
      .finally(() => pendingUnwraps.delete(cacheKey));
    pendingUnwraps.set(cacheKey, pending);
  }
  return pending;
}

const fieldAad = (nonce: string, context: string | undefined, field: string) =>
  Buffer.from(`boai/pd/v${formatVersion}\0${nonce}\0${context ?? ''}\0${field}`);

// ---- public API -------------------------------------------------------------------------------

/**
 * Seals personal fields (name, phone, ID number, …) for storage. Empty input gives an envelope
 * with no fields. Throws {@link PersonalDataConfigurationError} when no key is configured; KMS
 * errors propagate unchanged (the chassis answers 500 without details).
 */
export async function sealPersonalData(fields: Record<string, string>, options: SealOptions = {}): Promise<SealedPersonalData> {
  const cfg = config();
  const dataKey = await sealingKey(cfg);
  const nonce = randomBytes(12).toString('base64url');
  const sealed: Record<string, string> = {};
  for (const [field, value] of Object.entries(fields)) {
    sealed[field] = gcmEncrypt(dataKey.key, Buffer.from(value, 'utf8'), fieldAad(nonce, options.context, field));
  }
  return { v: formatVersion, kid: dataKey.kid, dk: dataKey.wrapped, n: nonce, f: sealed };
}

/**
 * Opens what {@link sealPersonalData} sealed (with the same `context`). Throws
 * {@link PersonalDataIntegrityError} when anything was altered or moved, and
 * {@link PersonalDataConfigurationError} when the key it names is not available here.
 */
export async function openPersonalData(sealed: SealedPersonalData, options: SealOptions = {}): Promise<Record<string, string>> {
  if (
    !sealed ||
    sealed.v !== formatVersion ||
    typeof sealed.kid !== 'string' ||
    typeof sealed.dk !== 'string' ||
    typeof sealed.n !== 'string' ||
    !sealed.f ||
    typeof sealed.f !== 'object'
  ) {
    throw new PersonalDataIntegrityError();
  }
  const cfg = config();
  const dataKey = await dataKeyOf(cfg, sealed.kid, sealed.dk);
  const fields: Record<string, string> = {};
  for (const [field, encoded] of Object.entries(sealed.f)) {
    if (typeof encoded !== 'string') throw new PersonalDataIntegrityError();
    fields[field] = gcmDecrypt(dataKey, encoded, fieldAad(sealed.n, options.context, field)).toString('utf8');
  }
  return fields;
}

/**
 * A keyed hash of `value` for exact-match lookups (DESIGN §4.9), e.g. "is this phone already a
 * member here?" without storing the phone in clear. HMAC-SHA256 (KMS `GenerateMac` in AWS) over
 * `purpose` and `value`, so hashes made for one purpose do not match another's. Output base64url
 * (43 characters). Normalise the value first (e.g. {@link normalizePhone}): the hash is exact.
 *
 * @param purpose a short label such as `member.phone` (lower case, digits, `.` and `-`)
 */
export async function lookupHash(value: string, purpose: string): Promise<string> {
  if (!/^[a-z][a-z0-9.-]{0,62}$/.test(purpose)) throw new Error('lookupHash: purpose must be a short lower-case label');
  const message = Buffer.from(`boai/lookup/v1\0${purpose}\0${value}`, 'utf8');
  if (message.length > maxMacMessageBytes) throw new Error('lookupHash: value too long');
  const cfg = config();
  const source = cfg.mode === 'kms' ? `kms:${requiredArn(personalDataHmacKeyArnEnv)}` : `local:${cfg.keys.fingerprint}`;
  // The cache is keyed by a digest, not the value: a heap snapshot shows no phone numbers here.
  const cacheKey = createHash('sha256').update(source).update('\0').update(message).digest('base64url');
  const cached = lookupHashes.get(cacheKey);
  if (cached) return cached;
  let hash: string;
  if (cfg.mode === 'local') {
    hash = createHmac('sha256', cfg.keys.hmacKey).update(message).digest('base64url');
  } else {
    const { client, sdk } = await kms();
    const result = await client.send(
      new sdk.GenerateMacCommand({ KeyId: requiredArn(personalDataHmacKeyArnEnv), MacAlgorithm: 'HMAC_SHA_256', Message: message }),
    );
    if (!result.Mac) throw new Error('KMS GenerateMac returned no MAC');
    hash = Buffer.from(result.Mac).toString('base64url');
  }
  lookupHashes.set(cacheKey, hash);
  return hash;
}

/**
 * Forgets every cached key and hash (tests; or to make a warm process pick up a new key at once).
 * Keys are not zeroed: a seal already holding the active key may still be using it.
 */
export function clearPersonalDataCaches(): void {
  activeSealingKey = undefined;
  pendingSealingKey = undefined;
  unwrappedKeys.clear();
  pendingUnwraps.clear();
  lookupHashes.clear();
  localKeysFor = undefined;
}
