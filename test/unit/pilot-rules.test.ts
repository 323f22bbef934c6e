/**
 * The pure rules of the pilot workflow: deadlines (Shanghai dates to UTC instants, order, the
 * review deadline ahead at submission), how long a callback task waits before it wakes, and how a
 * scorecard scores live and reported figures against the plan's targets.
 */
import { describe, expect, it } from 'vitest';
import { deadlineInstant, type Targets } from '../../shared/pilots/pilot.js';
import { checkPlan, toPlan } from '../../shared/pilots/plan-rules.js';
import { scoreAgainst, type LiveFigures } from '../../shared/pilots/scorecard.js';
import { continueAfterSeconds, escalationRepeatSeconds, wakeIntervalSeconds } from '../../shared/pilots/vocabulary.js';
import { shouldContinueAsNew, waitSeconds } from '../../shared/pilots/workflow-tasks.js';
import { DomainError } from '../../shared/errors.js';

const deadlines = { planReview: '2027-03-31', deployment: '2027-09-30', publicity: '2027-10-31', evaluation: '2027-11-30', consolidation: '2027-12-31' };
const zeroTargets: Targets = {
  townshipCoveragePct: 0, villageCoveragePct: 0, schoolBranches: 0, hospitalBranches: 0, enterpriseBranches: 0,
  boaiHomes: 0, firstAiders: 0, aeds: 0, volunteers: 0, fundsRaisedFen: 0,
};

describe('deadlines', () => {
  it('reads a date as the end of that day in Asia/Shanghai', () => {
    expect(deadlineInstant('2027-03-31')).toBe('2027-03-31T15:59:59.999Z');
    expect(deadlineInstant('2027-01-01')).toBe('2027-01-01T15:59:59.999Z');
  });

  it('keeps an explicit time with its offset', () => {
    expect(deadlineInstant('2027-03-31T09:00:00+08:00')).toBe('2027-03-31T01:00:00.000Z');
  });

  it('accepts phases in order and refuses one that ends before the previous', () => {
    expect(() => checkPlan(toPlan({ summary: 's', targets: zeroTargets, deadlines }), { submitting: false })).not.toThrow();
    const outOfOrder = toPlan({ summary: 's', targets: zeroTargets, deadlines: { ...deadlines, publicity: '2027-09-01' } });
    const error = (() => {
      try {
        checkPlan(outOfOrder, { submitting: false });
      } catch (caught) {
        return caught as DomainError;
      }
      return undefined;
    })();
    expect(error?.code).toBe('PILOT_PLAN_INVALID');
    expect(error?.issues?.[0]?.field).toBe('body.plan.deadlines.publicity');
  });

  it('refuses to submit a plan whose review deadline has passed, but lets it be drafted', () => {
    const plan = toPlan({ summary: 's', targets: zeroTargets, deadlines });
    const later = new Date('2027-04-01T00:00:00Z');
    expect(() => checkPlan(plan, { submitting: false, now: later })).not.toThrow();
    expect(() => checkPlan(plan, { submitting: true, now: later })).toThrow(DomainError);
    expect(() => checkPlan(plan, { submitting: true, now: new Date('2027-03-01T00:00:00Z') })).not.toThrow();
  });
});

describe('how long a decision step waits', () => {
  const now = new Date('2027-01-01T00:00:00Z');
  const inSeconds = (seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();

  it('waits until the deadline when it is less than a day away', () => {
    expect(waitSeconds({ stepDeadline: inSeconds(3600) }, now)).toBe(3600);
  });

  it('wakes at least daily before a distant deadline', () => {
    expect(waitSeconds({ stepDeadline: inSeconds(90 * 86400) }, now)).toBe(wakeIntervalSeconds);
  });

  it('wakes at once when the deadline has passed and no escalation was sent', () => {
    expect(waitSeconds({ stepDeadline: inSeconds(-60), escalations: 0 }, now)).toBe(1);
  });

  it('waits for the next escalation once one was sent', () => {
    const sentAgo = 2 * 86400;
    const wait = waitSeconds({ stepDeadline: inSeconds(-5 * 86400), escalations: 1, lastEscalatedAt: inSeconds(-sentAgo) }, now);
    expect(wait).toBe(Math.min(wakeIntervalSeconds, escalationRepeatSeconds - sentAgo));
    const due = waitSeconds({ stepDeadline: inSeconds(-30 * 86400), escalations: 2, lastEscalatedAt: inSeconds(-escalationRepeatSeconds - 10) }, now);
    expect(due).toBe(1);
  });
});

describe('continuing an execution before the one-year limit', () => {
  const now = new Date('2027-06-01T00:00:00.000Z');
  const ago = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

  it('hands over after 330 days, leaving a month of daily wake-ups before the year is out', () => {
    expect(continueAfterSeconds).toBe(330 * 86_400);
    expect(continueAfterSeconds + 30 * wakeIntervalSeconds).toBeLessThan(365 * 86_400);
    expect(shouldContinueAsNew(ago(329), now)).toBe(false);
    expect(shouldContinueAsNew(ago(330), now)).toBe(true);
    expect(shouldContinueAsNew(ago(364), now)).toBe(true);
  });

  it('does not hand over when the start is unknown', () => {
    expect(shouldContinueAsNew(undefined, now)).toBe(false);
  });
});

describe('the scorecard', () => {
  const live: LiveFigures = { townshipCoveragePct: 58.8, villageCoveragePct: 80, schoolBranches: 3, hospitalBranches: 5, enterpriseBranches: 0, boaiHomes: 8, volunteers: 520 };

  it('scores live and reported figures against the targets', () => {
    const card = scoreAgainst({ ...zeroTargets, townshipCoveragePct: 100, villageCoveragePct: 80, hospitalBranches: 5, firstAiders: 2000, aeds: 20 }, live, { firstAiders: 2100 });
    const byKey = Object.fromEntries(card.kpis.map((kpi) => [kpi.key, kpi]));
    expect(byKey.townshipCoveragePct).toMatchObject({ actual: 58.8, target: 100, met: false, source: 'live', unit: 'percent' });
    expect(byKey.villageCoveragePct).toMatchObject({ met: true });
    expect(byKey.hospitalBranches).toMatchObject({ met: true, unit: 'count' });
    expect(byKey.firstAiders).toMatchObject({ actual: 2100, met: true, source: 'reported' });
    // Not reported: counts as 0, never as met by default.
    expect(byKey.aeds).toMatchObject({ actual: 0, met: false, source: 'none' });
    expect(byKey.fundsRaisedFen).toMatchObject({ target: 0, met: true, unit: 'fen' });
    expect(card.met).toBe(false);
    expect(card.kpis.map((kpi) => kpi.key)).toHaveLength(10);
  });

  it('is met when every target is reached', () => {
    expect(scoreAgainst({ ...zeroTargets, villageCoveragePct: 80, volunteers: 500 }, live, {}).met).toBe(true);
  });
});
