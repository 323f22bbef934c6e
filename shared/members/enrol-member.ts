import { ulid } from 'ulid';
import { auditItem } from '../audit/audit-log.js';
import type { Principal } from '../auth/principal.js';
import { idempotent, type StoredResponse } from '../data/idempotency.js';
import { type TransactItem, TransactionConflict, transactWrite } from '../data/transaction.js';
import { DomainError, notFound, validationFailed } from '../errors.js';
import { lookupHash, maskName, maskPhone, normalizePhone, sealPersonalData } from '../privacy/personal-data.js';
import type { Enrolment, Member } from './member.js';
import {
  adjustRoll,
  claimPhone,
  findRollBranch,
  type MemberItem,
  memberKeys,
  memberPhonePurpose,
  memberSealContext,
  putNewMember,
  rollOpenStatuses,
  toMember,
} from './member-repository.js';
import { authorisedRollBranch, shanghaiToday } from './member-roll.js';

/** An enrolment as the API received it. */
export interface EnrolRequest {
  readonly branchId: string;
  readonly enrolment: Enrolment;
  /** The client's `Idempotency-Key` header, if any. */
  readonly idempotencyKey?: string | undefined;
}

/** The masked values an audit entry may hold about a member. */
export function auditedMember(member: Member): Record<string, unknown> {
  const { memberId: _id, version: _version, ...rest } = member;
  return rest;
}

/**
 * Enrol a member in a branch's roll (会员入会), with PIPL consent recorded.
 *
 * Steps: authorise `member:manage` on the branch's division; normalise the phone (not a mainland
 * mobile or landline → 400); refuse dates in the future (400); then, at most once per
 * Idempotency-Key (the replay check compares a keyed hash of the request, never the request):
 * refuse a frozen roll (409 BRANCH_STATE_INVALID); hash the phone for the uniqueness claim; seal
 * name and phone bound to the new member's id; write in ONE transaction the member, the phone
 * claim (taken → 409 MEMBER_EXISTS), `ADD +1` to the branch's roll counter for the member's kind
 * (branch gone or closed meanwhile → 404/409), the audit entry (masked values only) and the
 * idempotency record. Answers 201 with the masked member.
 */
export async function enrolMember(principal: Principal | undefined, request: EnrolRequest): Promise<StoredResponse<Member>> {
  const { branchId, enrolment, idempotencyKey } = request;
  const { actor, branch } = await authorisedRollBranch(principal, 'member:manage', branchId, { requireOpenRoll: false });
  const phone = enrolment.phone === undefined ? undefined : normalizePhone(enrolment.phone);
  if (enrolment.phone !== undefined && !phone) {
    throw validationFailed([{ field: 'body.phone', issue: 'invalid_format', detail: 'not a mainland mobile or landline number' }]);
  }
  const today = shanghaiToday();
  const future = (['joinedOn', 'consent.givenOn'] as const).filter((field) =>
    (field === 'joinedOn' ? enrolment.joinedOn : enrolment.consent.givenOn) > today,
  );
  if (future.length > 0) {
    throw validationFailed(future.map((field) => ({ field: `body.${field}`, issue: 'too_big', detail: 'must not be in the future' })));
  }
  const requestDigest = idempotencyKey ? await lookupHash(JSON.stringify({ branchId, enrolment }), 'member.enrol-request') : undefined;

  return idempotent<Member>({ callerId: actor.userId, key: idempotencyKey, payload: { requestDigest } }, async (record) => {
    if (!rollOpenStatuses.includes(branch.status)) throw new DomainError('BRANCH_STATE_INVALID', 409, { status: branch.status });
    const memberId = ulid();
    const now = new Date().toISOString();
    const phoneHash = phone ? await lookupHash(phone, memberPhonePurpose) : undefined;
    const sealed = await sealPersonalData(
      { name: enrolment.name, ...(phone ? { phone } : {}) },
      { context: memberSealContext(branchId, memberId) },
    );
    const item: MemberItem = {
      PK: memberKeys.partition(branchId),
      SK: memberKeys.member(memberId),
      entity: 'Member',
      memberId,
      branchId,
      kind: enrolment.kind,
      sealed,
      nameMasked: maskName(enrolment.name),
      ...(phone ? { phoneMasked: maskPhone(phone), phoneHash } : {}),
      ...(enrolment.organisation ? { organisation: enrolment.organisation } : {}),
      joinedOn: enrolment.joinedOn,
      duesStatus: enrolment.duesStatus ?? 'due',
      ...(enrolment.duesPaidThrough !== undefined ? { duesPaidThrough: enrolment.duesPaidThrough } : {}),
      status: 'active',
      consent: { purpose: enrolment.consent.purpose, givenOn: enrolment.consent.givenOn, recordedBy: actor.userId, recordedAt: now },
      version: 1,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    };
    const member = toMember(item as unknown as Record<string, unknown>);
    const response: StoredResponse<Member> = { status: 201, body: member };
    const items: TransactItem[] = [
      putNewMember(item),
      adjustRoll(branchId, enrolment.kind, 1),
      auditItem(
        {
          actor,
          action: 'member.enrol',
          entity: 'Member',
          entityId: memberId,
          division: branch.division,
          after: { branchId, ...auditedMember(member), consent: { purpose: item.consent.purpose, givenOn: item.consent.givenOn } },
        },
        now,
      ),
    ];
    const branchIndex = 1;
    const phoneIndex = phoneHash ? items.push(claimPhone(branchId, phoneHash, memberId)) - 1 : -1;
    const recordIndex = idempotencyKey ? items.push(record(response)) - 1 : -1;
    try {
      await transactWrite(items);
    } catch (error) {
      if (!(error instanceof TransactionConflict)) throw error;
      // A twin request with the same key committed first: `idempotent` answers with its response.
      if (error.failedIndexes.includes(recordIndex)) throw error;
      if (error.failedIndexes.includes(phoneIndex)) throw new DomainError('MEMBER_EXISTS', 409);
      if (error.failedIndexes.includes(branchIndex)) {
        const current = await findRollBranch(branchId);
        if (!current) throw notFound('BRANCH_NOT_FOUND');
        throw new DomainError('BRANCH_STATE_INVALID', 409, { status: current.status });
      }
      throw error;
    }
    return response;
  });
}
