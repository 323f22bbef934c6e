/**
 * The member roll against DynamoDB Local, through the `members` Lambda handler with staff claims as
 * the JWT authorizer passes them. Branches are put directly (the branch use cases are separate).
 */
import { PutCommand, QueryCommand, ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/members/index.js';
import { branchKeys } from '../../shared/branches/branch-keys.js';
import { documentClient, tableName } from '../../shared/data/dynamo-client.js';
import { type MemberItem, memberKeys, memberSealContext } from '../../shared/members/member-repository.js';
import { openPersonalData } from '../../shared/privacy/personal-data.js';
import { bodyOf, fixture, testContext } from '../support/events.js';

interface Caller {
  readonly username: string;
  readonly roles: string;
  readonly division: string;
}
const luotianCounty: Caller = { username: 'county.luotian', roles: '[county]', division: '421123000000' };
const yingshanCounty: Caller = { username: 'county.yingshan', roles: '[county]', division: '421124000000' };
const fengshanBranch: Caller = { username: 'branch.fengshan', roles: '[branch]', division: '421123100000' };
const huanggangCity: Caller = { username: 'city.huanggang', roles: '[city]', division: '421100000000' };
const warehouse: Caller = { username: 'warehouse.luotian', roles: '[warehouseKeeper]', division: '421123000000' };

const membersPath = '/api/branches/{branchId}/members';
const memberPath = '/api/branches/{branchId}/members/{memberId}';

/** Invokes the handler as API Gateway would for `caller`. */
async function call(
  caller: Caller,
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  params: Record<string, string>,
  options: { body?: unknown; query?: Record<string, string>; headers?: Record<string, string> } = {},
) {
  const base = fixture('api-gateway/get-me.json');
  const rawPath = path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
  const event: APIGatewayProxyEventV2 = {
    ...base,
    routeKey: `${method} ${path}`,
    rawPath,
    headers: { ...base.headers, 'content-type': 'application/json', ...options.headers },
    pathParameters: params,
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    requestContext: {
      ...base.requestContext,
      routeKey: `${method} ${path}`,
      http: { ...base.requestContext.http, method, path: rawPath },
      authorizer: {
        jwt: {
          claims: {
            sub: `sub-${caller.username}`,
            'cognito:username': caller.username,
            'cognito:groups': caller.roles,
            'custom:division': caller.division,
            name: caller.username,
            token_use: 'id',
          },
          scopes: [],
        },
      },
    } as APIGatewayProxyEventV2['requestContext'],
  };
  const response = await handler(event, testContext());
  // `any`: loose JSON access keeps assertions short; every value used is checked by expect.
  return { status: response.statusCode ?? 0, body: bodyOf<Record<string, any>>(response), raw: response.body ?? '' };
}

/** Puts a minimal branch item, as the branch use cases would have written it. */
async function givenBranch(status = 'active', division = '421123100000'): Promise<string> {
  const branchId = ulid();
  await documentClient.send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        PK: branchKeys.partition(branchId),
        SK: branchKeys.self,
        entity: 'Branch',
        branchId,
        name: '凤山镇红十字会',
        division,
        status,
        version: 1,
        memberRollIndividual: 0,
        memberRollGroup: 0,
      },
    }),
  );
  return branchId;
}

/** Every item of the branch's partition. */
async function partition(branchId: string): Promise<Record<string, unknown>[]> {
  const { Items } = await documentClient.send(
    new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': branchKeys.partition(branchId) }, ConsistentRead: true }),
  );
  return Items ?? [];
}

async function rollCounters(branchId: string): Promise<{ individual: number; group: number }> {
  const branch = (await partition(branchId)).find((item) => item.SK === branchKeys.self)!;
  return { individual: Number(branch.memberRollIndividual), group: Number(branch.memberRollGroup) };
}

let seq = 0;
/** A distinct test person: a unique Chinese name and mobile number. */
function person(): { name: string; phone: string } {
  seq += 1;
  const n = String(seq).padStart(4, '0');
  return { name: `测试会员${'甲乙丙丁戊己庚辛壬癸'[seq % 10]}${n}`, phone: `1391234${n}` };
}

const consent = { purpose: '会员管理与联络', givenOn: '2026-11-20' };
const enrolment = (who: { name: string; phone?: string }, extra: Record<string, unknown> = {}) => ({
  kind: 'individual',
  name: who.name,
  ...(who.phone ? { phone: who.phone } : {}),
  joinedOn: '2026-11-20',
  consent,
  ...extra,
});

/** Clear values used anywhere in this file, checked against stored items and responses. */
const clearValues: string[] = [];
const remember = <T extends { name: string; phone: string }>(who: T): T => {
  clearValues.push(who.name, who.phone);
  return who;
};

describe('members', () => {
  let branchId: string;

  beforeAll(async () => {
    branchId = await givenBranch();
  });

  describe('enrolment', () => {
    it('enrols an individual with consent and answers 201 with masked data only', async () => {
      const who = remember(person());
      const { status, body, raw } = await call(luotianCounty, 'POST', membersPath, { branchId }, { body: enrolment(who) });
      expect(status).toBe(201);
      expect(body).toMatchObject({
        kind: 'individual',
        nameMasked: `${who.name[0]}${'*'.repeat(who.name.length - 2)}${who.name.at(-1)}`,
        phoneMasked: `139****${who.phone.slice(-4)}`,
        joinedOn: '2026-11-20',
        duesStatus: 'due',
        status: 'active',
        version: 1,
      });
      expect(body.memberId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(raw).not.toContain(who.phone);
      expect(raw).not.toContain(who.name);

      const stored = (await partition(branchId)).find((item) => item.SK === memberKeys.member(body.memberId)) as unknown as MemberItem;
      expect(stored.consent).toMatchObject({ ...consent, recordedBy: 'sub-county.luotian' });
      // The sealed data is real: it opens, bound to this member, to the normalised values.
      await expect(openPersonalData(stored.sealed, { context: memberSealContext(branchId, body.memberId) })).resolves.toEqual({
        name: who.name,
        phone: who.phone,
      });
      await expect(openPersonalData(stored.sealed, { context: memberSealContext(branchId, ulid()) })).rejects.toThrow();
    });

    it('enrols a group member under its organisation and counts it separately', async () => {
      const roll = await givenBranch();
      const contact = remember(person());
      const { status, body } = await call(fengshanBranch, 'POST', membersPath, { branchId: roll }, {
        body: enrolment(contact, { kind: 'group', organisation: '罗田县第一中学', duesStatus: 'paid', duesPaidThrough: 2026 }),
      });
      expect(status).toBe(201);
      expect(body).toMatchObject({ kind: 'group', organisation: '罗田县第一中学', duesStatus: 'paid', duesPaidThrough: 2026 });
      expect(await rollCounters(roll)).toEqual({ individual: 0, group: 1 });
    });

    it('refuses the same phone twice in one branch, however it is written (409 MEMBER_EXISTS)', async () => {
      const who = remember(person());
      expect((await call(luotianCounty, 'POST', membersPath, { branchId }, { body: enrolment(who) })).status).toBe(201);
      const before = await rollCounters(branchId);
      const spaced = `+86 ${who.phone.slice(0, 3)}-${who.phone.slice(3, 7)}-${who.phone.slice(7)}`;
      const again = await call(luotianCounty, 'POST', membersPath, { branchId }, { body: enrolment({ name: '另一个人', phone: spaced }) });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('MEMBER_EXISTS');
      expect(await rollCounters(branchId)).toEqual(before);
      // Another branch may have the same person.
      const other = await givenBranch();
      expect((await call(luotianCounty, 'POST', membersPath, { branchId: other }, { body: enrolment(who) })).status).toBe(201);
    });

    it('replays an Idempotency-Key with the first answer and writes one member', async () => {
      const roll = await givenBranch();
      const who = remember(person());
      const headers = { 'idempotency-key': `enrol-${ulid()}` };
      const first = await call(luotianCounty, 'POST', membersPath, { branchId: roll }, { body: enrolment(who), headers });
      const second = await call(luotianCounty, 'POST', membersPath, { branchId: roll }, { body: enrolment(who), headers });
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body.memberId).toBe(first.body.memberId);
      expect((await partition(roll)).filter((item) => item.entity === 'Member')).toHaveLength(1);
      expect(await rollCounters(roll)).toEqual({ individual: 1, group: 0 });
      // The same key for a different request is refused.
      const reused = await call(luotianCounty, 'POST', membersPath, { branchId: roll }, { body: enrolment(remember(person())), headers });
      expect(reused.status).toBe(422);
      expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('answers concurrent twins with one Idempotency-Key with one member', async () => {
      const roll = await givenBranch();
      const who = remember(person());
      const headers = { 'idempotency-key': `twin-${ulid()}` };
      const answers = await Promise.all([1, 2, 3].map(() => call(luotianCounty, 'POST', membersPath, { branchId: roll }, { body: enrolment(who), headers })));
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
      expect(new Set(answers.map((a) => a.body.memberId)).size).toBe(1);
      expect(await rollCounters(roll)).toEqual({ individual: 1, group: 0 });
    });

    it('counts 10 concurrent enrolments of distinct members exactly', async () => {
      const roll = await givenBranch();
      const people = Array.from({ length: 10 }, () => remember(person()));
      const answers = await Promise.all(people.map((who) => call(luotianCounty, 'POST', membersPath, { branchId: roll }, { body: enrolment(who) })));
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
      expect(await rollCounters(roll)).toEqual({ individual: 10, group: 0 });
      const listed = await call(luotianCounty, 'GET', membersPath, { branchId: roll });
      expect(listed.body.counts).toEqual({ individual: 10, group: 0 });
      expect(listed.body.items).toHaveLength(10);
    });

    it.each([
      ['no consent', { consent: undefined }, 'body.consent'],
      ['a group without organisation', { kind: 'group' }, 'body.organisation'],
      ['an individual with an organisation', { organisation: '某公司' }, 'body.organisation'],
      ['a phone that is not a mainland number', { phone: '+1 415 555 0100' }, 'body.phone'],
      ['a joining date in the future', { joinedOn: '2099-01-01' }, 'body.joinedOn'],
    ])('refuses %s with 400 VALIDATION_FAILED', async (_case, change, field) => {
      const { status, body } = await call(luotianCounty, 'POST', membersPath, { branchId }, { body: { ...enrolment(person()), ...change } });
      expect(status).toBe(400);
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.issues.map((i: { field: string }) => i.field)).toContain(field);
    });

    it('refuses a dissolved branch (409 BRANCH_STATE_INVALID) and an unknown one (404)', async () => {
      const dissolved = await givenBranch('dissolved');
      const refused = await call(luotianCounty, 'POST', membersPath, { branchId: dissolved }, { body: enrolment(remember(person())) });
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('BRANCH_STATE_INVALID');
      expect(await rollCounters(dissolved)).toEqual({ individual: 0, group: 0 });
      const unknown = await call(luotianCounty, 'POST', membersPath, { branchId: ulid() }, { body: enrolment(person()) });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('BRANCH_NOT_FOUND');
    });
  });

  describe('changes', () => {
    it('records dues at the expected version and refuses a stale one (409 VERSION_CONFLICT)', async () => {
      const enrolled = await call(luotianCounty, 'POST', membersPath, { branchId }, { body: enrolment(remember(person())) });
      const { memberId } = enrolled.body;
      const paid = await call(fengshanBranch, 'PATCH', memberPath, { branchId, memberId }, { body: { expectedVersion: 1, duesStatus: 'paid', duesPaidThrough: 2026 } });
      expect(paid.status).toBe(200);
      expect(paid.body).toMatchObject({ duesStatus: 'paid', duesPaidThrough: 2026, version: 2, status: 'active' });
      const stale = await call(luotianCounty, 'PATCH', memberPath, { branchId, memberId }, { body: { expectedVersion: 1, duesStatus: 'exempt' } });
      expect(stale.status).toBe(409);
      expect(stale.body.error).toMatchObject({ code: 'VERSION_CONFLICT' });
    });

    it('records leaving: the counter drops, the phone is free again, and the record is final', async () => {
      const roll = await givenBranch();
      const who = remember(person());
      const enrolled = await call(luotianCounty, 'POST', membersPath, { branchId: roll }, { body: enrolment(who) });
      await call(luotianCounty, 'POST', membersPath, { branchId: roll }, { body: enrolment(remember(person())) });
      expect(await rollCounters(roll)).toEqual({ individual: 2, group: 0 });

      const left = await call(luotianCounty, 'PATCH', memberPath, { branchId: roll, memberId: enrolled.body.memberId }, {
        body: { expectedVersion: 1, status: 'left', leftOn: '2026-11-25' },
      });
      expect(left.status).toBe(200);
      expect(left.body).toMatchObject({ status: 'left', leftOn: '2026-11-25', version: 2 });
      expect(await rollCounters(roll)).toEqual({ individual: 1, group: 0 });

      const again = await call(luotianCounty, 'PATCH', memberPath, { branchId: roll, memberId: enrolled.body.memberId }, { body: { expectedVersion: 2, duesStatus: 'paid' } });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('MEMBER_STATE_INVALID');

      const rejoined = await call(luotianCounty, 'POST', membersPath, { branchId: roll }, { body: enrolment(who, { joinedOn: '2026-11-26' }) });
      expect(rejoined.status).toBe(201);
      expect(rejoined.body.memberId).not.toBe(enrolled.body.memberId);

      const active = await call(luotianCounty, 'GET', membersPath, { branchId: roll }, { query: { status: 'active' } });
      expect(active.body.items).toHaveLength(2);
      const gone = await call(luotianCounty, 'GET', membersPath, { branchId: roll }, { query: { status: 'left' } });
      expect(gone.body.items.map((m: { memberId: string }) => m.memberId)).toEqual([enrolled.body.memberId]);
    });

    it('refuses leaving before joining, and an unknown member (404)', async () => {
      const enrolled = await call(luotianCounty, 'POST', membersPath, { branchId }, { body: enrolment(remember(person())) });
      const early = await call(luotianCounty, 'PATCH', memberPath, { branchId, memberId: enrolled.body.memberId }, {
        body: { expectedVersion: 1, status: 'left', leftOn: '2026-01-01' },
      });
      expect(early.status).toBe(400);
      const unknown = await call(luotianCounty, 'PATCH', memberPath, { branchId, memberId: ulid() }, { body: { expectedVersion: 1, duesStatus: 'paid' } });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('MEMBER_NOT_FOUND');
    });
  });

  describe('authorisation', () => {
    it('lets the county, city and the township branch read; refuses another county with 403 OUT_OF_SCOPE', async () => {
      for (const caller of [luotianCounty, huanggangCity, fengshanBranch]) {
        expect((await call(caller, 'GET', membersPath, { branchId })).status).toBe(200);
      }
      const read = await call(yingshanCounty, 'GET', membersPath, { branchId });
      expect(read.status).toBe(403);
      expect(read.body.error.code).toBe('OUT_OF_SCOPE');
    });

    it('refuses writes from another county (OUT_OF_SCOPE) and from roles without member:manage (FORBIDDEN)', async () => {
      const who = remember(person());
      const before = await rollCounters(branchId);
      const enrol = await call(yingshanCounty, 'POST', membersPath, { branchId }, { body: enrolment(who) });
      expect(enrol.status).toBe(403);
      expect(enrol.body.error.code).toBe('OUT_OF_SCOPE');
      const enrolled = await call(luotianCounty, 'POST', membersPath, { branchId }, { body: enrolment(who) });
      const patch = await call(yingshanCounty, 'PATCH', memberPath, { branchId, memberId: enrolled.body.memberId }, { body: { expectedVersion: 1, status: 'left' } });
      expect(patch.status).toBe(403);
      expect(patch.body.error.code).toBe('OUT_OF_SCOPE');
      for (const caller of [huanggangCity, warehouse]) {
        const refused = await call(caller, 'POST', membersPath, { branchId }, { body: enrolment(person()) });
        expect(refused.status).toBe(403);
        expect(refused.body.error.code).toBe('FORBIDDEN');
      }
      expect((await call(warehouse, 'GET', membersPath, { branchId })).body.error.code).toBe('FORBIDDEN');
      expect(await rollCounters(branchId)).toEqual({ individual: before.individual + 1, group: 0 });
    });

    it('does not tell a caller without the role whether a branch exists', async () => {
      const unknown = await call(warehouse, 'GET', membersPath, { branchId: ulid() });
      expect(unknown.status).toBe(403);
    });
  });

  describe('personal data at rest and in responses', () => {
    it('stores no clear name or phone in any item: members, claims, audit entries, idempotency records', async () => {
      expect(clearValues.length).toBeGreaterThan(20);
      // Test-only Scan over the whole test table (application code never scans).
      const items: Record<string, unknown>[] = [];
      let startKey: ScanCommandOutput['LastEvaluatedKey'];
      do {
        const page: ScanCommandOutput = await documentClient.send(
          new ScanCommand({ TableName: tableName(), ExclusiveStartKey: startKey, FilterExpression: 'entity <> :division', ExpressionAttributeValues: { ':division': 'Division' } }),
        );
        items.push(...(page.Items ?? []));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      const entities = new Set(items.map((item) => item.entity));
      for (const entity of ['Member', 'MemberPhone', 'AuditEntry', 'IdempotencyRecord']) expect(entities).toContain(entity);
      const stored = JSON.stringify(items);
      for (const value of clearValues) {
        expect(stored).not.toContain(value);
        expect(stored).not.toContain(value.slice(-8));
      }
      // Audit entries hold masked values.
      const audit = items.find((item) => item.entity === 'AuditEntry' && item.action === 'member.enrol') as { after: Record<string, unknown> };
      expect(audit.after).toMatchObject({ nameMasked: expect.stringContaining('*'), phoneMasked: expect.stringContaining('****') });
    });

    it('lists members masked, without sealed data', async () => {
      const { status, raw, body } = await call(luotianCounty, 'GET', membersPath, { branchId });
      expect(status).toBe(200);
      expect(body.items.length).toBeGreaterThan(3);
      expect(raw).not.toContain('sealed');
      expect(raw).not.toContain('phoneHash');
      for (const value of clearValues) expect(raw).not.toContain(value);
    });
  });
});
