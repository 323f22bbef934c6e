/**
 * Typical cases (典型案例) against DynamoDB Local through the real `cases` handler, with staff
 * claims as the JWT authorizer passes them and the local folder media store. County: 孝昌县
 * (420921000000, 孝感市), which no other test file uses, so counts and listings are exact.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoCases } from '../../local/demo-cases.js';
import { demoIllustration } from '../../local/demo-images.js';
import { countPublishedCases } from '../../shared/cases/case-repository.js';
import { localMediaDirEnv, mediaBucketEnv } from '../../shared/media/media-store.js';
import { handler as casesHandler } from '../../functions/cases/index.js';
import { fixture, testContext } from '../support/events.js';
import { type Answer, type Caller, call, callers, countyStaff, loadCounty, loadUpperDivisions, referenceChildren } from '../support/staff-api.js';

const xiaochang = '420921000000';
const xiaogan = '420900000000';
const dawu = '420922000000';
const officer = countyStaff(xiaochang, '孝昌县红会 周敏');
const neighbour = countyStaff(dawu, '大悟县红会 何军');
const xiaoganCity: Caller = { username: 'city.xiaogan', name: '孝感市红会 黄涛', roles: '[city]', division: xiaogan };
let township: { code: string; name: string };
let townshipBranch: Caller;

const png = demoIllustration(64, 40, [150, 190, 230], [230, 220, 200]).toString('base64');
const upload = (caption?: string) => ({ contentType: 'image/png', data: png, ...(caption ? { caption } : {}) });

let mediaDir: string;

beforeAll(async () => {
  mediaDir = mkdtempSync(join(tmpdir(), 'boai-cases-media-'));
  process.env[localMediaDirEnv] = mediaDir;
  delete process.env[mediaBucketEnv];
  await loadUpperDivisions();
  await loadCounty(xiaochang);
  township = referenceChildren(xiaochang)[0]!;
  townshipBranch = { username: 'branch.xiaochang', name: '乡镇红会 李芳', roles: '[branch]', division: township.code };
});

afterAll(() => {
  rmSync(mediaDir, { recursive: true, force: true });
});

const expectStatus = (answer: Answer, status: number) => expect(answer.status, answer.raw).toBe(status);

/** A new draft in 孝昌县 (or `division`), returned as served. */
async function draft(title: string, division = xiaochang, extra: Record<string, unknown> = {}): Promise<Answer['body']> {
  const created = await call(officer, 'POST /api/cases', { body: { division, title, summary: `${title}的摘要`, body: `${title}\n\n第二段。`, ...extra } });
  expectStatus(created, 201);
  return created.body;
}

/** A published case with one photo. */
async function published(title: string, division = xiaochang): Promise<Answer['body']> {
  const created = await draft(title, division);
  const photo = await call(officer, 'POST /api/cases/{caseId}/photos', { params: { caseId: created.caseId }, body: upload() });
  expectStatus(photo, 201);
  const done = await call(officer, 'POST /api/cases/{caseId}/publish', { params: { caseId: created.caseId }, body: { expectedVersion: photo.body.version } });
  expectStatus(done, 200);
  return done.body;
}

describe('writing a case', () => {
  it('creates a draft in the county, with its place names, and lists it for staff', async () => {
    const created = await call(officer, 'POST /api/cases', { body: { division: township.code, title: '  乡镇救护培训进村  ', body: '第一段\r\n\r\n第二段' } });
    expectStatus(created, 201);
    expect(created.body).toMatchObject({
      county: xiaochang,
      countyName: '孝昌县',
      division: township.code,
      divisionName: township.name,
      title: '乡镇救护培训进村',
      summary: '',
      body: '第一段\n\n第二段',
      photos: [],
      status: 'draft',
      version: 1,
      createdBy: '孝昌县红会 周敏',
    });
    expect(created.body.caseId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);

    const list = await call(officer, 'GET /api/cases', { query: { status: 'draft', q: '培训进村' } });
    expectStatus(list, 200);
    expect(list.body.county).toBe(xiaochang);
    expect(list.body.items.map((item: { caseId: string }) => item.caseId)).toContain(created.body.caseId);
    expect(list.body.items[0]).not.toHaveProperty('body');

    const detail = await call(officer, 'GET /api/cases/{caseId}', { params: { caseId: created.body.caseId } });
    expectStatus(detail, 200);
    expect(detail.body.body).toBe('第一段\n\n第二段');
  });

  it('answers a retried create with the same Idempotency-Key with the first case, and refuses the key for another body', async () => {
    const headers = { 'idempotency-key': `case-create-${Date.now()}` };
    const body = { division: xiaochang, title: '重试不重复' };
    const [first, second] = await Promise.all([call(officer, 'POST /api/cases', { body, headers }), call(officer, 'POST /api/cases', { body, headers })]);
    expectStatus(first, 201);
    expectStatus(second, 201);
    expect(second.body.caseId).toBe(first.body.caseId);
    const list = await call(officer, 'GET /api/cases', { query: { q: '重试不重复' } });
    expect(list.body.items).toHaveLength(1);
    const reused = await call(officer, 'POST /api/cases', { body: { ...body, title: '另一个标题' }, headers });
    expectStatus(reused, 422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('validates every input: fields, levels, ids', async () => {
    const missing = await call(officer, 'POST /api/cases', { body: { division: xiaochang, title: '', summary: 'x'.repeat(301) } });
    expectStatus(missing, 400);
    expect(missing.body.error.code).toBe('VALIDATION_FAILED');
    expect(missing.body.error.issues.map((issue: { field: string }) => issue.field).sort()).toEqual(['body.summary', 'body.title']);

    const city = await call(officer, 'POST /api/cases', { body: { division: xiaogan, title: '市级' } });
    expectStatus(city, 403);
    const province = await call(callers.province, 'POST /api/cases', { body: { division: xiaogan, title: '市级' } });
    expectStatus(province, 400);
    expect(province.body.error.code).toBe('DIVISION_LEVEL_INVALID');
    const unknown = await call(officer, 'POST /api/cases', { body: { division: '420921999000', title: '不存在的乡镇' } });
    expectStatus(unknown, 404);
    expect(unknown.body.error.code).toBe('DIVISION_NOT_FOUND');

    const badId = await call(officer, 'GET /api/cases/{caseId}', { params: { caseId: 'not-an-id' } });
    expectStatus(badId, 400);
    const noCase = await call(officer, 'GET /api/cases/{caseId}', { params: { caseId: '01J0000000000000000000000Z' } });
    expectStatus(noCase, 404);
    expect(noCase.body.error.code).toBe('CASE_NOT_FOUND');
    expect(noCase.body.error.messages.zh).toMatch(/典型案例/);
  });

  it('keeps staff inside their division: 403 across counties, for branch staff writing, and for the wrong city', async () => {
    const mine = await draft('越权测试');
    const elsewhere = await call(neighbour, 'POST /api/cases', { body: { division: xiaochang, title: '写到别的县' } });
    expectStatus(elsewhere, 403);
    expect(elsewhere.body.error.code).toBe('OUT_OF_SCOPE');
    for (const [route, body] of [
      ['GET /api/cases/{caseId}', undefined],
      ['PATCH /api/cases/{caseId}', { expectedVersion: 1, title: '改标题' }],
      ['POST /api/cases/{caseId}/photos', upload()],
      ['POST /api/cases/{caseId}/publish', { expectedVersion: 1 }],
    ] as const) {
      const answer = await call(neighbour, route, { params: { caseId: mine.caseId }, ...(body ? { body } : {}) });
      expectStatus(answer, 403);
    }
    const listOther = await call(neighbour, 'GET /api/cases', { query: { county: xiaochang } });
    expectStatus(listOther, 403);
    const wrongCity = await call(callers.huanggang, 'GET /api/cases', { query: { county: xiaochang } });
    expectStatus(wrongCity, 403);
    const cityList = await call(xiaoganCity, 'GET /api/cases', { query: { county: xiaochang } });
    expectStatus(cityList, 200);
    const cityNeedsCounty = await call(xiaoganCity, 'GET /api/cases', {});
    expectStatus(cityNeedsCounty, 400);

    // Branch staff read the cases of their township, and write none.
    const branchWrite = await call(townshipBranch, 'POST /api/cases', { body: { division: township.code, title: '基层写' } });
    expectStatus(branchWrite, 403);
    expect(branchWrite.body.error.code).toBe('FORBIDDEN');
    const branchList = await call(townshipBranch, 'GET /api/cases', {});
    expectStatus(branchList, 200);
    expect(branchList.body.items.every((item: { division: string }) => item.division.startsWith(township.code.slice(0, 9)))).toBe(true);
    const countyLevel = await call(townshipBranch, 'GET /api/cases/{caseId}', { params: { caseId: mine.caseId } });
    expectStatus(countyLevel, 403);

    // Evaluators judge a pilot's publicity by its cases: they read any county's, and write none.
    const evaluator: Caller = { username: 'evaluator.hubei', name: '评估专家', roles: '[evaluator]', division: '420000000000' };
    expectStatus(await call(evaluator, 'GET /api/cases', { query: { county: xiaochang } }), 200);
    expectStatus(await call(evaluator, 'GET /api/cases/{caseId}', { params: { caseId: mine.caseId } }), 200);
    const evaluatorWrite = await call(evaluator, 'PATCH /api/cases/{caseId}', { params: { caseId: mine.caseId }, body: { expectedVersion: 1, title: '评估改' } });
    expectStatus(evaluatorWrite, 403);
  });

  it('edits with expectedVersion: the second of two concurrent edits gets 409, a stale one too', async () => {
    const created = await draft('并发修改');
    const [a, b] = await Promise.all([
      call(officer, 'PATCH /api/cases/{caseId}', { params: { caseId: created.caseId }, body: { expectedVersion: 1, title: '甲的标题' } }),
      call(officer, 'PATCH /api/cases/{caseId}', { params: { caseId: created.caseId }, body: { expectedVersion: 1, title: '乙的标题' } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.error.code).toBe('VERSION_CONFLICT');
    const winner = a.status === 200 ? a : b;
    expect(winner.body.version).toBe(2);
    const stored = await call(officer, 'GET /api/cases/{caseId}', { params: { caseId: created.caseId } });
    expect(stored.body.title).toBe(winner.body.title);

    const moved = await call(officer, 'PATCH /api/cases/{caseId}', { params: { caseId: created.caseId }, body: { expectedVersion: 2, division: township.code } });
    expectStatus(moved, 200);
    expect(moved.body).toMatchObject({ division: township.code, divisionName: township.name, version: 3 });
    const otherCounty = await call(callers.province, 'PATCH /api/cases/{caseId}', { params: { caseId: created.caseId }, body: { expectedVersion: 3, division: '420922000000' } });
    expectStatus(otherCounty, 422);
    expect(otherCounty.body.error.code).toBe('CASE_COUNTY_FIXED');
    const unchanged = await call(officer, 'PATCH /api/cases/{caseId}', { params: { caseId: created.caseId }, body: { expectedVersion: 3, division: township.code } });
    expect(unchanged.body.version).toBe(3);
  });
});

describe('photos', () => {
  it('stores a photo with its real size, serves its URL, reorders and captions, and removes it with its file', async () => {
    const created = await draft('照片测试');
    const first = await call(officer, 'POST /api/cases/{caseId}/photos', { params: { caseId: created.caseId }, body: upload('第一张') });
    expectStatus(first, 201);
    const photo = first.body.photos[0];
    expect(photo).toMatchObject({ caption: '第一张', width: 64, height: 40, contentType: 'image/png', bytes: Buffer.from(png, 'base64').length });
    expect(photo.key).toBe(`cases/${created.caseId}/${photo.photoId}.png`);
    expect(photo.url).toBe(`/media/${photo.key}`);
    expect(existsSync(join(mediaDir, photo.key))).toBe(true);

    // Two uploads at once both land (the append re-reads instead of failing on the version).
    const [second, third] = await Promise.all([
      call(officer, 'POST /api/cases/{caseId}/photos', { params: { caseId: created.caseId }, body: upload('第二张') }),
      call(officer, 'POST /api/cases/{caseId}/photos', { params: { caseId: created.caseId }, body: upload('第三张') }),
    ]);
    expectStatus(second, 201);
    expectStatus(third, 201);
    const now = await call(officer, 'GET /api/cases/{caseId}', { params: { caseId: created.caseId } });
    expect(now.body.photos).toHaveLength(3);
    expect(now.body.version).toBe(4);

    const order = [...now.body.photos].reverse().map((p: { photoId: string }, i: number) => ({ photoId: p.photoId, ...(i === 0 ? { caption: '封面' } : {}) }));
    const reordered = await call(officer, 'PATCH /api/cases/{caseId}', { params: { caseId: created.caseId }, body: { expectedVersion: 4, photos: order } });
    expectStatus(reordered, 200);
    expect(reordered.body.photos.map((p: { photoId: string }) => p.photoId)).toEqual(order.map((p) => p.photoId));
    expect(reordered.body.photos[0].caption).toBe('封面');
    expect(reordered.body.photos[1].caption).toBeUndefined();
    const partial = await call(officer, 'PATCH /api/cases/{caseId}', { params: { caseId: created.caseId }, body: { expectedVersion: 5, photos: order.slice(1) } });
    expectStatus(partial, 422);
    expect(partial.body.error.code).toBe('CASE_PHOTOS_MISMATCH');

    const removed = await call(officer, 'DELETE /api/cases/{caseId}/photos/{photoId}', { params: { caseId: created.caseId, photoId: photo.photoId } });
    expectStatus(removed, 200);
    expect(removed.body.photos.map((p: { photoId: string }) => p.photoId)).not.toContain(photo.photoId);
    expect(existsSync(join(mediaDir, photo.key))).toBe(false);
    const again = await call(officer, 'DELETE /api/cases/{caseId}/photos/{photoId}', { params: { caseId: created.caseId, photoId: photo.photoId } });
    expectStatus(again, 404);
    expect(again.body.error.code).toBe('CASE_PHOTO_NOT_FOUND');
  });

  it('refuses what is not a photo of the declared type, too large, or not base64, storing nothing', async () => {
    const created = await draft('坏照片');
    const send = (body: unknown) => call(officer, 'POST /api/cases/{caseId}/photos', { params: { caseId: created.caseId }, body });
    const gif = await send({ contentType: 'image/gif', data: Buffer.from('GIF89a....').toString('base64') });
    expectStatus(gif, 415);
    expect(gif.body.error.code).toBe('PHOTO_TYPE_UNSUPPORTED');
    const renamed = await send({ contentType: 'image/jpeg', data: png });
    expectStatus(renamed, 422);
    expect(renamed.body.error.code).toBe('PHOTO_CONTENT_MISMATCH');
    const text = await send({ contentType: 'image/png', data: Buffer.from('<script>alert(1)</script>').toString('base64') });
    expectStatus(text, 422);
    const big = Buffer.alloc(2 * 1024 * 1024 + 1);
    Buffer.from(png, 'base64').copy(big);
    const tooLarge = await send({ contentType: 'image/png', data: big.toString('base64') });
    expectStatus(tooLarge, 413);
    expect(tooLarge.body.error.code).toBe('PHOTO_TOO_LARGE');
    const notBase64 = await send({ contentType: 'image/png', data: 'data:image/png;base64,AAAA' });
    expectStatus(notBase64, 400);
    expect(notBase64.body.error.issues[0].field).toBe('body.data');
    const stored = await call(officer, 'GET /api/cases/{caseId}', { params: { caseId: created.caseId } });
    expect(stored.body).toMatchObject({ photos: [], version: 1 });
  });
});

describe('publishing', () => {
  it('publishes only a complete case, shows it publicly with public fields only, and counts it', async () => {
    const before = await countPublishedCases(xiaochang);
    const created = await draft('发布测试', xiaochang, { summary: '' });
    const incomplete = await call(officer, 'POST /api/cases/{caseId}/publish', { params: { caseId: created.caseId }, body: { expectedVersion: 1 } });
    expectStatus(incomplete, 422);
    expect(incomplete.body.error).toMatchObject({ code: 'CASE_INCOMPLETE', missing: ['summary', 'photos'] });

    const edited = await call(officer, 'PATCH /api/cases/{caseId}', { params: { caseId: created.caseId }, body: { expectedVersion: 1, summary: '一句话摘要' } });
    const withPhoto = await call(officer, 'POST /api/cases/{caseId}/photos', { params: { caseId: created.caseId }, body: upload('现场') });
    const stale = await call(officer, 'POST /api/cases/{caseId}/publish', { params: { caseId: created.caseId }, body: { expectedVersion: edited.body.version } });
    expectStatus(stale, 409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    const done = await call(officer, 'POST /api/cases/{caseId}/publish', { params: { caseId: created.caseId }, body: { expectedVersion: withPhoto.body.version } });
    expectStatus(done, 200);
    expect(done.body.status).toBe('published');
    expect(done.body.publishedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await countPublishedCases(xiaochang)).toBe(before + 1);

    const twice = await call(officer, 'POST /api/cases/{caseId}/publish', { params: { caseId: created.caseId }, body: { expectedVersion: done.body.version } });
    expectStatus(twice, 409);
    expect(twice.body.error.code).toBe('CASE_STATE_INVALID');

    const publicDetail = await call(undefined, 'GET /api/public/cases/{caseId}', { params: { caseId: created.caseId } });
    expectStatus(publicDetail, 200);
    expect(Object.keys(publicDetail.body).sort()).toEqual(['body', 'caseId', 'county', 'countyName', 'division', 'divisionName', 'photos', 'publishedAt', 'summary', 'title']);
    expect(Object.keys(publicDetail.body.photos[0]).sort()).toEqual(['caption', 'height', 'photoId', 'url', 'width']);
    expect(publicDetail.raw).not.toContain('孝昌县红会 周敏');

    // A published case keeps one photo, and an edit may not empty its body.
    const lastPhoto = await call(officer, 'DELETE /api/cases/{caseId}/photos/{photoId}', { params: { caseId: created.caseId, photoId: done.body.photos[0].photoId } });
    expectStatus(lastPhoto, 422);
    expect(lastPhoto.body.error.code).toBe('CASE_PHOTO_REQUIRED');
    const emptied = await call(officer, 'PATCH /api/cases/{caseId}', { params: { caseId: created.caseId }, body: { expectedVersion: done.body.version, body: '' } });
    expectStatus(emptied, 422);
    expect(emptied.body.error.missing).toEqual(['body']);
  });

  it('withdraws with a reason: gone from the public list and detail, no longer counted, publishable again', async () => {
    const live = await published('撤回测试');
    const before = await countPublishedCases(xiaochang);
    const noReason = await call(officer, 'POST /api/cases/{caseId}/unpublish', { params: { caseId: live.caseId }, body: { expectedVersion: live.version } });
    expectStatus(noReason, 400);
    const withdrawn = await call(officer, 'POST /api/cases/{caseId}/unpublish', { params: { caseId: live.caseId }, body: { expectedVersion: live.version, reason: '当事人要求撤下照片' } });
    expectStatus(withdrawn, 200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawnReason: '当事人要求撤下照片' });
    expect(await countPublishedCases(xiaochang)).toBe(before - 1);
    const detail = await call(undefined, 'GET /api/public/cases/{caseId}', { params: { caseId: live.caseId } });
    expectStatus(detail, 404);
    const list = await call(undefined, 'GET /api/public/cases', { query: { division: xiaochang } });
    expect(list.body.items.map((item: { caseId: string }) => item.caseId)).not.toContain(live.caseId);
    const again = await call(officer, 'POST /api/cases/{caseId}/unpublish', { params: { caseId: live.caseId }, body: { expectedVersion: withdrawn.body.version, reason: '再次撤回' } });
    expectStatus(again, 409);
    const republished = await call(officer, 'POST /api/cases/{caseId}/publish', { params: { caseId: live.caseId }, body: { expectedVersion: withdrawn.body.version } });
    expectStatus(republished, 200);
    expect(republished.body.withdrawnReason).toBeUndefined();
    expect(await countPublishedCases(xiaochang)).toBe(before);

    // Every write left an audit entry in the county's log.
    const audit = await call(officer, 'GET /api/audit', { query: { division: xiaochang, limit: '200' } });
    const actions = audit.body.items.filter((entry: { entityId: string }) => entry.entityId === live.caseId).map((entry: { action: string }) => entry.action);
    expect(actions.sort()).toEqual(['case.addPhoto', 'case.create', 'case.publish', 'case.publish', 'case.unpublish']);
  });
});

describe('the public list', () => {
  it('never shows drafts or withdrawn cases, pages newest first with an opaque cursor, and filters by province, city and county', async () => {
    await draft('公开列表里不应出现的草稿');
    const titles = Array.from({ length: 14 }, (_v, i) => `分页测试 ${String(i).padStart(2, '0')}`);
    for (const title of titles) await published(title, township.code);

    const first = await call(undefined, 'GET /api/public/cases', { query: { division: xiaochang } });
    expectStatus(first, 200);
    expect(first.body.division).toEqual({ code: xiaochang, name: '孝昌县' });
    expect(first.body.items).toHaveLength(12);
    expect(first.body.cursor).toEqual(expect.any(String));
    const second = await call(undefined, 'GET /api/public/cases', { query: { division: xiaochang, cursor: first.body.cursor } });
    expectStatus(second, 200);
    const all = [...first.body.items, ...second.body.items];
    const total = await countPublishedCases(xiaochang);
    expect(all).toHaveLength(total);
    expect(second.body.cursor).toBeUndefined();
    expect(new Set(all.map((item: { caseId: string }) => item.caseId)).size).toBe(all.length);
    const times = all.map((item: { publishedAt: string }) => item.publishedAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(all.slice(0, 14).map((item: { title: string }) => item.title)).toEqual([...titles].reverse());
    expect(all.every((item: { title: string }) => !item.title.includes('草稿'))).toBe(true);

    const card = first.body.items[0];
    expect(Object.keys(card).sort()).toEqual(['caseId', 'county', 'countyName', 'cover', 'division', 'divisionName', 'photoCount', 'publishedAt', 'summary', 'title']);
    expect(card.cover.url).toMatch(/^\/media\/cases\//);
    expect(first.raw).not.toMatch(/createdBy|version|周敏/);

    const city = await call(undefined, 'GET /api/public/cases', { query: { division: xiaogan } });
    expect(city.body.items[0].caseId).toBe(first.body.items[0].caseId);
    const province = await call(undefined, 'GET /api/public/cases', {});
    expect(province.body.division.code).toBe('420000000000');
    expect(province.body.items.map((item: { caseId: string }) => item.caseId)).toContain(first.body.items[0].caseId);
    const neighbourCounty = await call(undefined, 'GET /api/public/cases', { query: { division: dawu } });
    expect(neighbourCounty.body.items).toEqual([]);
  });

  it('is cacheable for five minutes, and refuses bad cursors and township filters', async () => {
    const page = await call(undefined, 'GET /api/public/cases', { query: { division: xiaochang } });
    expect(page.status).toBe(200);
    for (const [routeKey, rawPath, extra] of [
      ['GET /api/public/cases', '/api/public/cases', { queryStringParameters: { division: xiaochang } }],
      ['GET /api/public/cases/{caseId}', `/api/public/cases/${page.body.items[0].caseId}`, { pathParameters: { caseId: page.body.items[0].caseId } }],
    ] as const) {
      const base = fixture('api-gateway/get-me.json');
      const response = await casesHandler(
        { ...base, routeKey, rawPath, ...extra, requestContext: { ...base.requestContext, routeKey, authorizer: undefined } as typeof base.requestContext },
        testContext(),
      );
      expect(response.statusCode, rawPath).toBe(200);
      expect(response.headers?.['cache-control']).toBe('public, max-age=300');
    }
    const tampered = Buffer.from(JSON.stringify({ PK: 'CASE#x', SK: '#CASE' })).toString('base64url');
    const bad = await call(undefined, 'GET /api/public/cases', { query: { division: xiaochang, cursor: tampered } });
    expectStatus(bad, 400);
    expect(bad.body.error.code).toBe('INVALID_CURSOR');
    const otherPartition = await call(undefined, 'GET /api/public/cases', { query: { division: xiaogan, cursor: page.body.cursor ?? tampered } });
    expectStatus(otherPartition, 400);
    const townshipLevel = await call(undefined, 'GET /api/public/cases', { query: { division: township.code } });
    expectStatus(townshipLevel, 400);
    expect(townshipLevel.body.error.code).toBe('DIVISION_LEVEL_INVALID');
    const unknown = await call(undefined, 'GET /api/public/cases', { query: { division: '420999000000' } });
    expectStatus(unknown, 404);
  });
});

describe('demo data', () => {
  it('loads three published cases with photos for 罗田县, and a second load adds none', async () => {
    await loadCounty(callers.luotian.division);
    await loadDemoCases();
    const first = await call(callers.luotian, 'GET /api/cases', { query: { status: 'published' } });
    expectStatus(first, 200);
    const demo = first.body.items.filter((item: { title: string }) => /博爱家园|山洪|防溺水/.test(item.title));
    expect(demo).toHaveLength(3);
    for (const item of demo) {
      expect(item.photos.length).toBeGreaterThan(0);
      for (const photo of item.photos) expect(existsSync(join(mediaDir, photo.key)), photo.key).toBe(true);
    }
    const pub = await call(undefined, 'GET /api/public/cases', { query: { division: callers.luotian.division } });
    expect(pub.body.items.length).toBeGreaterThanOrEqual(3);

    await loadDemoCases();
    const second = await call(callers.luotian, 'GET /api/cases', { query: { status: 'published' } });
    expect(second.body.items).toHaveLength(first.body.items.length);
  });
});
