/**
 * The pieces of typical cases that need no table: what an upload really is (magic bytes, size from
 * the header), the input schemas, media keys and the local folder store, and the local server's
 * `/media/*` (what CloudFront serves in AWS).
 */
import { existsSync, mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { demoIllustration } from '../../local/demo-images.js';
import type { LocalCognito } from '../../local/local-cognito.js';
import { createLocalServer } from '../../local/server.js';
import { missingForPublication } from '../../shared/cases/case.js';
import { checkPhoto } from '../../shared/cases/case-photos.js';
import { caseCreateSchema, caseEditSchema, photoUploadSchema, withdrawSchema } from '../../shared/cases/case-schemas.js';
import { listingPrefixes } from '../../shared/cases/case-keys.js';
import { DomainError } from '../../shared/errors.js';
import { folderMediaStore, mediaFilePath } from '../../shared/media/folder-media-store.js';
import { photoSize, sniffPhotoType } from '../../shared/media/image-type.js';
import { mediaCacheControl, mediaKeyPattern } from '../../shared/media/media-store.js';

/** The header of a baseline JPEG `width`×`height` (APP0, then SOF0): enough for type and size. */
function jpegHeader(width: number, height: number): Buffer {
  const app0 = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
  const sof0 = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return Buffer.from([0xff, 0xd8, ...app0, 0xff, 0xdb, 0x00, 0x04, 0x00, 0x00, ...sof0, 0xff, 0xd9]);
}

/** A WebP RIFF header with one chunk of `kind`. */
function webp(kind: 'VP8 ' | 'VP8L' | 'VP8X', payload: number[]): Buffer {
  const body = Buffer.from(payload);
  const chunk = Buffer.concat([Buffer.from(kind, 'ascii'), Buffer.from([body.length, 0, 0, 0]), body]);
  return Buffer.concat([Buffer.from('RIFF', 'ascii'), Buffer.from([chunk.length + 4, 0, 0, 0]), Buffer.from('WEBP', 'ascii'), chunk]);
}

describe('what an upload really is', () => {
  it('recognises JPEG, PNG and WebP by their magic bytes, and nothing else', () => {
    expect(sniffPhotoType(jpegHeader(10, 10))).toBe('image/jpeg');
    expect(sniffPhotoType(demoIllustration(4, 4, [0, 0, 0], [9, 9, 9]))).toBe('image/png');
    expect(sniffPhotoType(webp('VP8X', new Array(10).fill(0)))).toBe('image/webp');
    for (const other of ['GIF89a', '<svg xmlns="http://www.w3.org/2000/svg"/>', '%PDF-1.7', 'RIFF0000WAVE', '']) {
      expect(sniffPhotoType(Buffer.from(other)), other).toBeUndefined();
    }
  });

  it('reads the pixel size from each header layout', () => {
    expect(photoSize(jpegHeader(1600, 1200), 'image/jpeg')).toEqual({ width: 1600, height: 1200 });
    expect(photoSize(demoIllustration(64, 40, [0, 0, 0], [9, 9, 9]), 'image/png')).toEqual({ width: 64, height: 40 });
    // VP8X: 24-bit width-1 and height-1 after four flag bytes.
    expect(photoSize(webp('VP8X', [0, 0, 0, 0, 0x3f, 0x06, 0x00, 0xaf, 0x04, 0x00]), 'image/webp')).toEqual({ width: 1600, height: 1200 });
    // VP8 (lossy): frame tag, start code, then 14-bit width and height.
    expect(photoSize(webp('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, 0x40, 0x06, 0xb0, 0x04]), 'image/webp')).toEqual({ width: 1600, height: 1200 });
    // VP8L (lossless): signature 0x2f, then 14-bit width-1 and height-1 packed.
    const w = 1599;
    const h = 1199;
    const bits = w | (h << 14);
    expect(photoSize(webp('VP8L', [0x2f, bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, (bits >> 24) & 0xff]), 'image/webp')).toEqual({ width: 1600, height: 1200 });
  });

  it('gives no size for truncated or absurd headers instead of guessing', () => {
    expect(photoSize(Buffer.from([0xff, 0xd8, 0xff]), 'image/jpeg')).toBeUndefined();
    expect(photoSize(jpegHeader(0, 10), 'image/jpeg')).toBeUndefined();
    expect(photoSize(jpegHeader(60_000, 10), 'image/jpeg')).toBeUndefined();
  });

  it('checks an upload: declared type, decoded size and magic bytes must agree', () => {
    const png = demoIllustration(8, 6, [0, 0, 0], [9, 9, 9]);
    expect(checkPhoto({ contentType: 'IMAGE/PNG', data: png.toString('base64') })).toMatchObject({ contentType: 'image/png', width: 8, height: 6 });
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error instanceof DomainError ? `${error.status} ${error.code}` : String(error);
      }
      return 'ok';
    };
    expect(code(() => checkPhoto({ contentType: 'image/svg+xml', data: 'PHN2Zz4=' }))).toBe('415 PHOTO_TYPE_UNSUPPORTED');
    expect(code(() => checkPhoto({ contentType: 'image/jpeg', data: png.toString('base64') }))).toBe('422 PHOTO_CONTENT_MISMATCH');
    expect(code(() => checkPhoto({ contentType: 'image/jpeg', data: Buffer.alloc(2 * 1024 * 1024 + 1, 0xff).toString('base64') }))).toBe('413 PHOTO_TOO_LARGE');
    // Exactly 2 MB is allowed (the size check counts base64 padding).
    const limit = Buffer.alloc(2 * 1024 * 1024, 0);
    jpegHeader(10, 10).copy(limit);
    expect(code(() => checkPhoto({ contentType: 'image/jpeg', data: limit.toString('base64') }))).toBe('ok');
  });
});

describe('input schemas', () => {
  const issues = (schema: z.ZodMiniType, value: unknown) => {
    const result = z.safeParse(schema, value);
    return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
  };

  it('trims texts and requires a title and a 12-digit division', () => {
    expect(z.parse(caseCreateSchema, { division: '420921000000', title: '  标题 ' })).toEqual({ division: '420921000000', title: '标题' });
    expect(issues(caseCreateSchema, { division: '4209', title: '   ' }).sort()).toEqual(['division', 'title']);
    expect(issues(caseCreateSchema, { division: '420921000000', title: 'x', body: 'x'.repeat(10_001) })).toEqual(['body']);
  });

  it('takes an edit with expectedVersion and at most twelve photos in order', () => {
    expect(issues(caseEditSchema, { title: 'x' })).toEqual(['expectedVersion']);
    const photos = Array.from({ length: 13 }, () => ({ photoId: '01J0000000000000000000000Z' }));
    expect(issues(caseEditSchema, { expectedVersion: 1, photos })).toEqual(['photos']);
    expect(issues(caseEditSchema, { expectedVersion: 1, photos: [{ photoId: '../x' }] })).toEqual(['photos.0.photoId']);
  });

  it('takes photos as plain base64 only, and a withdrawal only with a reason', () => {
    expect(issues(photoUploadSchema, { contentType: 'image/png', data: 'iVBORw0KGgo=' })).toEqual([]);
    expect(issues(photoUploadSchema, { contentType: 'image/png', data: 'data:image/png;base64,iVBORw0KGgo=' })).toEqual(['data']);
    expect(issues(photoUploadSchema, { contentType: '', data: 'iVBORw0KGgo=' })).toEqual(['contentType']);
    expect(issues(withdrawSchema, { expectedVersion: 2, reason: ' ' })).toEqual(['reason']);
  });

  it('lists what a case still needs before it can be published', () => {
    expect(missingForPublication({ title: 't', summary: ' ', body: '', photos: [] })).toEqual(['summary', 'body', 'photos']);
    expect(missingForPublication({ title: 't', summary: 's', body: 'b', photos: [{}] })).toEqual([]);
  });

  it('files a published case under its province, city and county listings', () => {
    expect(listingPrefixes('421123000000')).toEqual(['42', '4211', '421123']);
    expect(listingPrefixes('429004000000')).toEqual(['42', '4290', '429004']);
  });
});

describe('media keys and the local folder store', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'boai-media-unit-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('accepts only keys that cannot leave their folder', () => {
    for (const ok of ['cases/01J0000000000000000000000Z/01J0000000000000000000000Z.jpg', 'a.png', 'x/y_z-1.webp']) expect(mediaKeyPattern.test(ok), ok).toBe(true);
    for (const bad of ['../x.jpg', 'cases/../../etc/passwd.jpg', '/abs.jpg', 'a/.hidden.jpg', 'a.jpg.exe', 'a\\b.jpg', 'a.svg', 'a%2e%2e/b.jpg', 'a//b.jpg']) {
      expect(mediaKeyPattern.test(bad), bad).toBe(false);
      expect(() => mediaFilePath(root, bad), bad).toThrow();
    }
  });

  it('writes whole files (no partial file left) and removes them, a missing file included', async () => {
    const store = folderMediaStore(root);
    const key = 'cases/01J0000000000000000000000Z/01J0000000000000000000001Z.png';
    await store.put({ key, body: Buffer.from('png bytes'), contentType: 'image/png' });
    expect(existsSync(join(root, key))).toBe(true);
    expect(readdirSync(join(root, 'cases/01J0000000000000000000000Z'))).toEqual(['01J0000000000000000000001Z.png']);
    await store.remove(key);
    await store.remove(key);
    expect(existsSync(join(root, key))).toBe(false);
  });
});

describe('the local server’s /media/*', () => {
  let root: string;
  let outside: string;
  let base: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'boai-media-serve-'));
    outside = mkdtempSync(join(tmpdir(), 'boai-media-outside-'));
    mkdirSync(join(root, 'cases', 'A'), { recursive: true });
    writeFileSync(join(root, 'cases', 'A', 'B.png'), demoIllustration(4, 4, [0, 0, 0], [9, 9, 9]));
    writeFileSync(join(root, 'cases', 'A', 'C.webp'), 'webp');
    writeFileSync(join(outside, 'secret.png'), 'secret');
    // The media route never reaches Cognito; a stand-in keeps this test off the signing keys.
    const server = createLocalServer({ webRoot: join(root, 'no-site'), mediaRoot: root, cognito: {} as LocalCognito });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });
  afterAll(async () => {
    await close();
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('serves stored photos with their type, a one-day cache and nosniff', async () => {
    const png = await fetch(`${base}/media/cases/A/B.png`);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('cache-control')).toBe(mediaCacheControl);
    expect(png.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`${base}/media/cases/A/C.webp`)).headers.get('content-type')).toBe('image/webp');
    const head = await fetch(`${base}/media/cases/A/B.png`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
  });

  it('answers 404 for anything outside the folder or not shaped like a media key, 405 for writes', async () => {
    for (const path of ['/media/cases/A/missing.png', '/media/..%2F..%2Fsecret.png', '/media/%2e%2e/secret.png', '/media/cases/A/../../secret.png', '/media/', '/media/cases/A']) {
      expect((await fetch(`${base}${path}`)).status, path).toBe(404);
    }
    expect((await fetch(`${base}/media/cases/A/B.png`, { method: 'POST', body: 'x' })).status).toBe(405);
  });
});
