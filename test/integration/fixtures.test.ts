/**
 * The sample events in events/api-gateway/ are real requests: invoking the handlers with them
 * (as `npm run invoke` does) gives the documented answers. Uses 罗田县's 白庙河镇, which no
 * other integration test registers a branch in.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as branches } from '../../functions/branches/index.js';
import { handler as coverage } from '../../functions/coverage/index.js';
import { bodyOf, fixture, testContext } from '../support/events.js';
import { loadCounty } from '../support/staff-api.js';

beforeAll(async () => {
  await loadCounty('421123000000');
});

describe('API Gateway fixtures', () => {
  it('get-coverage.json answers 罗田县 with its reference totals', async () => {
    const response = await coverage(fixture('api-gateway/get-coverage.json'), testContext());
    expect(response.statusCode).toBe(200);
    const body = bodyOf<{ division: { name: string }; summary: { townships: { total: number }; villages: { total: number } } }>(response);
    expect(body.division.name).toBe('罗田县');
    expect(body.summary.townships.total).toBe(17);
    expect(body.summary.villages.total).toBe(441);
  });

  it('propose-branch.json registers a proposal once: its Idempotency-Key replays the first answer', async () => {
    const first = await branches(fixture('api-gateway/propose-branch.json'), testContext());
    const replay = await branches(fixture('api-gateway/propose-branch.json'), testContext());
    expect(first.statusCode, first.body).toBe(201);
    expect(replay.statusCode).toBe(201);
    const created = bodyOf<{ branchId: string; status: string; leadership: { phoneMasked: string }[] }>(first);
    expect(created).toMatchObject({ status: 'proposed', leadership: [{ phoneMasked: '138****1234' }] });
    expect(bodyOf<{ branchId: string }>(replay).branchId).toBe(created.branchId);
  });
});
