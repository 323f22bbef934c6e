/**
 * The photo write path of typical cases against mocked S3 and DynamoDB (aws-sdk-client-mock): S3
 * has no local peer here. Through the real `cases` handler: the object is stored before the item
 * update, a store failure is 503 with nothing written, and an item update that fails after the
 * object landed deletes the object again (best effort).
 */
import { ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { allCustomMatcher } from 'aws-sdk-client-mock-vitest';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoIllustration } from '../../local/demo-images.js';
import type { CaseItem } from '../../shared/cases/case-repository.js';
import { mediaCacheControl } from '../../shared/media/media-store.js';
import { bodyOf, fixture, testContext } from '../support/events.js';

expect.extend(allCustomMatcher);

const s3 = mockClient(S3Client);
const dynamo = mockClient(DynamoDBDocumentClient);
let handler: typeof import('../../functions/cases/index.js').handler;

const caseId = '01JCASE0000000000000000001';
const photoId = '01JPH0T0000000000000000001';
const png = demoIllustration(32, 20, [150, 190, 230], [230, 220, 200]);

function stored(overrides: Partial<CaseItem> = {}): CaseItem {
  const by = { userId: 'sub-county.luotian', name: '罗田县红会 张丽' };
  return {
    PK: `CASE#${caseId}`, SK: '#CASE', GSI1PK: 'CASES#421123000000', GSI1SK: caseId, entity: 'TypicalCase',
    caseId, county: '421123000000', countyName: '罗田县', division: '421123100000', divisionName: '凤山镇',
    title: '标题', summary: '摘要', body: '正文', photos: [], status: 'draft', version: 3,
    createdBy: by, createdAt: '2026-11-01T00:00:00.000Z', updatedBy: by, updatedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

/** An event of `routeKey` from the county officer of 罗田县 (the fixture's claims). */
function event(routeKey: string, path: Record<string, string>, body?: unknown): APIGatewayProxyEventV2 {
  const base = fixture('api-gateway/get-me.json');
  return {
    ...base,
    routeKey,
    pathParameters: path,
    headers: { ...base.headers, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    requestContext: { ...base.requestContext, routeKey },
  };
}

const addPhoto = (body: unknown = { contentType: 'image/png', data: png.toString('base64'), caption: '现场' }) =>
  handler(event('POST /api/cases/{caseId}/photos', { caseId }, body), testContext());
const removePhoto = () => handler(event('DELETE /api/cases/{caseId}/photos/{photoId}', { caseId, photoId }), testContext());

type ErrorBody = { error: { code: string } };

beforeAll(async () => {
  process.env.TABLE_NAME = 'unit';
  process.env.AWS_REGION = 'cn-north-1';
  process.env.MEDIA_BUCKET = 'boai-media-test';
  delete process.env.BOAI_LOCAL_MEDIA_DIR;
  ({ handler } = await import('../../functions/cases/index.js'));
});

beforeEach(() => {
  dynamo.on(GetCommand).resolves({ Item: stored() });
});

afterEach(() => {
  s3.reset();
  dynamo.reset();
});

describe('adding a photo (S3 media store)', () => {
  it('stores the object first, with its type and cache policy, then appends it to the case in one transaction', async () => {
    const order: string[] = [];
    s3.on(PutObjectCommand).callsFake(() => {
      order.push('s3:put');
      return {};
    });
    dynamo.on(TransactWriteCommand).callsFake(() => {
      order.push('dynamodb:transact');
      return {};
    });
    const response = await addPhoto();
    expect(response.statusCode, response.body).toBe(201);
    expect(order).toEqual(['s3:put', 'dynamodb:transact']);

    const put = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(put).toMatchObject({ Bucket: 'boai-media-test', ContentType: 'image/png', CacheControl: mediaCacheControl, ContentLength: png.length });
    expect(put.Key).toMatch(new RegExp(`^cases/${caseId}/[0-9A-HJKMNP-TV-Z]{26}\\.png$`));

    const items = dynamo.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems ?? [];
    const caseItem = items[0]?.Put?.Item as CaseItem;
    expect(items[0]?.Put?.ConditionExpression).toBe('version = :expected');
    expect(caseItem.version).toBe(4);
    expect(caseItem.photos).toEqual([{ photoId: expect.any(String), key: put.Key, caption: '现场', width: 32, height: 20, contentType: 'image/png', bytes: png.length }]);
    expect(items[1]?.Put?.Item).toMatchObject({ entity: 'AuditEntry', action: 'case.addPhoto' });
    expect(bodyOf<{ photos: { url: string }[] }>(response).photos[0]?.url).toBe(`/media/${put.Key}`);
  });

  it('answers 503 MEDIA_UNAVAILABLE when S3 fails, and writes nothing to the table', async () => {
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('Please reduce your request rate.'), { name: 'SlowDown' }));
    const response = await addPhoto();
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('1');
    expect(bodyOf<ErrorBody>(response).error.code).toBe('MEDIA_UNAVAILABLE');
    expect(response.body).not.toContain('reduce your request rate');
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 0);
    expect(s3).toHaveReceivedCommandTimes(DeleteObjectCommand, 0);
  });

  it('deletes the stored object again when the item update fails, and answers that failure', async () => {
    s3.on(PutObjectCommand).resolves({});
    s3.on(DeleteObjectCommand).resolves({});
    dynamo.on(TransactWriteCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    const response = await addPhoto();
    expect(response.statusCode).toBe(503);
    expect(bodyOf<ErrorBody>(response).error.code).toBe('SERVICE_BUSY');
    const key = s3.commandCalls(PutObjectCommand)[0]!.args[0].input.Key;
    expect(s3).toHaveReceivedCommandWith(DeleteObjectCommand, { Bucket: 'boai-media-test', Key: key });
  });

  it('still answers the item failure when the clean-up delete fails too (the orphan is logged)', async () => {
    s3.on(PutObjectCommand).resolves({});
    s3.on(DeleteObjectCommand).rejects(new Error('network down'));
    dynamo.on(TransactWriteCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    const response = await addPhoto();
    expect(response.statusCode).toBe(503);
    expect(bodyOf<ErrorBody>(response).error.code).toBe('SERVICE_BUSY');
    expect(s3).toHaveReceivedCommandTimes(DeleteObjectCommand, 1);
  });

  it('retries the append on concurrent edits, then gives up with 409 and removes the object', async () => {
    s3.on(PutObjectCommand).resolves({});
    s3.on(DeleteObjectCommand).resolves({});
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }),
    );
    const response = await addPhoto();
    expect(response.statusCode).toBe(409);
    expect(bodyOf<ErrorBody>(response).error.code).toBe('CONCURRENT_UPDATE');
    expect(dynamo).toHaveReceivedCommandTimes(TransactWriteCommand, 4);
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 1);
    expect(s3).toHaveReceivedCommandTimes(DeleteObjectCommand, 1);
  });

  it('refuses wrong types, mismatched bytes and oversize photos before touching S3 or the table', async () => {
    const cases: [unknown, number, string][] = [
      [{ contentType: 'image/gif', data: Buffer.from('GIF89a').toString('base64') }, 415, 'PHOTO_TYPE_UNSUPPORTED'],
      [{ contentType: 'image/webp', data: png.toString('base64') }, 422, 'PHOTO_CONTENT_MISMATCH'],
      [{ contentType: 'image/png', data: Buffer.alloc(2 * 1024 * 1024 + 3).toString('base64') }, 413, 'PHOTO_TOO_LARGE'],
      [{ contentType: 'image/png' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const response = await addPhoto(body);
      expect(response.statusCode, code).toBe(status);
      expect(bodyOf<ErrorBody>(response).error.code).toBe(code);
    }
    expect(s3.calls()).toHaveLength(0);
    expect(dynamo.calls()).toHaveLength(0);
  });
});

describe('removing a photo (S3 media store)', () => {
  const photo = { photoId, key: `cases/${caseId}/${photoId}.jpg`, contentType: 'image/jpeg' as const, bytes: 1000 };

  it('updates the case first and deletes the object after; a failed delete still answers 200', async () => {
    dynamo.on(GetCommand).resolves({ Item: stored({ photos: [photo] }) });
    dynamo.on(TransactWriteCommand).resolves({});
    s3.on(DeleteObjectCommand).rejects(new Error('network down'));
    const response = await removePhoto();
    expect(response.statusCode, response.body).toBe(200);
    expect(bodyOf<{ photos: unknown[]; version: number }>(response)).toMatchObject({ photos: [], version: 4 });
    expect(s3).toHaveReceivedCommandWith(DeleteObjectCommand, { Bucket: 'boai-media-test', Key: photo.key });
  });

  it('keeps the object when the item update fails (the case still shows it)', async () => {
    dynamo.on(GetCommand).resolves({ Item: stored({ photos: [photo] }) });
    dynamo.on(TransactWriteCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    const response = await removePhoto();
    expect(response.statusCode).toBe(503);
    expect(s3.calls()).toHaveLength(0);
  });
});
