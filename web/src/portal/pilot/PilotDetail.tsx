/**
 * One county's pilot: where it stands (step, since, deadline, overdue and escalation badges, who
 * is awaited), the five phases, the decision the user may take, the KPI scorecard with the
 * county's reported figures, the plan and the timeline. A county without a pilot offers its own
 * staff the call to start one.
 *
 * After a write the Step Functions execution moves on by itself: the page polls the pilot every
 * second (up to 15 s, with a visible "工作流处理中…") until it has left the step the write acted on
 * and nobody's decision is still being handed over.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { roleNames } from '../../../../shared/auth/roles.js';
import { isAbort } from '../../common/api.js';
import { formatDateTime } from '../../common/i18n.js';
import { useApi, useLang } from '../context.js';
import type { Me } from '../me.js';
import { FailureNote } from '../org/parts.js';
import { Badge, LoadStatus, Notice, useLoad } from '../ui.js';
import { DecisionPanel } from './DecisionPanel.js';
import { takeHandoff } from './follow.js';
import { formatDate, formatKpi, kpiLabel, stepLabel, stepTone } from './labels.js';
import { isNoPilot } from './pilot-errors.js';
import { FiguresForm, Scorecard } from './Scorecard.js';
import { Stepper, TimelineEvents } from './Timeline.js';
import { kpiKeys, kpiUnits, type KpiKey, type Pilot, type PilotStep } from './types.js';
import { displayStep, inMotion, workflowSettled, type PilotAccess } from './workflow.js';

/** How long to follow the workflow after a write, and how often to look. */
export const followLimitMs = 15_000;
const followEveryMs = 1_000;

interface Follow {
  fromStep: PilotStep | undefined;
  startedAt: number;
}

export function PilotDetail({ me, county, access }: { me: Me; county: string; access: PilotAccess }) {
  const { lang, tr } = useLang();
  const request = useApi();
  const path = `/api/pilots/${county}`;
  const { state, reload, set } = useLoad<Pilot>(path);
  // The last pilot shown stays on screen while it is fetched again (no flash of "loading").
  const last = useRef<Pilot>();
  if (state.phase === 'ready') last.current = state.data;
  else if (last.current?.county !== county) last.current = undefined;
  const pilot = state.phase === 'ready' ? state.data : last.current;

  const handoff = useRef(takeHandoff(county));
  // What the user's own action did, and (separately) where the workflow went afterwards.
  const [notice, setNotice] = useState<string | undefined>(() => handoff.current?.notice);
  const [moved, setMoved] = useState<string>();
  const [follow, setFollow] = useState<Follow | undefined>(() => (handoff.current ? { fromStep: handoff.current.fromStep, startedAt: Date.now() } : undefined));
  const [stalled, setStalled] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [unmet, setUnmet] = useState<KpiKey[]>([]);
  const [scoreRefresh, setScoreRefresh] = useState(0);

  useEffect(() => {
    if (pilot) document.title = `${pilot.countyName} · ${tr('section.pilot')} · ${tr('app.name')} ${tr('portal.title')}`;
  }, [pilot?.countyName, lang]);

  // A page opened while the workflow is between steps (a reload, another user's decision) follows it too.
  const autoFollowed = useRef(false);
  useEffect(() => {
    if (state.phase !== 'ready' || follow || autoFollowed.current) return;
    autoFollowed.current = true;
    if (inMotion(state.data)) setFollow({ fromStep: undefined, startedAt: Date.now() });
  }, [state]);

  const startFollow = useCallback(
    (next: Pilot, fromStep: PilotStep | undefined) => {
      set(next);
      setStalled(false);
      if (workflowSettled(next, fromStep)) setMoved(tr('pilot.moved', { step: stepLabel(displayStep(next), tr) }));
      else setFollow({ fromStep, startedAt: Date.now() });
    },
    [set, lang],
  );

  useEffect(() => {
    if (!follow) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = async () => {
      try {
        const next = await request<Pilot>(path, controller.signal);
        set(next);
        if (workflowSettled(next, follow.fromStep)) {
          setFollow(undefined);
          setMoved(tr('pilot.moved', { step: stepLabel(displayStep(next), tr) }));
          setScoreRefresh((n) => n + 1);
          return;
        }
      } catch (error) {
        if (isAbort(error) && controller.signal.aborted) return;
        // A failed look is retried until the time is up.
      }
      if (Date.now() - follow.startedAt >= followLimitMs) {
        setFollow(undefined);
        setStalled(true);
        return;
      }
      timer = setTimeout(() => void look(), followEveryMs);
    };
    timer = setTimeout(() => void look(), followEveryMs);
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [follow, path, request, set]);

  async function write(action: 'submit' | 'resume') {
    if (!pilot) return;
    setBusy(true);
    setFailure(undefined);
    setNotice(undefined);
    setMoved(undefined);
    try {
      const body = action === 'submit' ? { expectedVersion: pilot.version } : {};
      const next = await request<Pilot>(`${path}/${action}`, { method: 'POST', body });
      if (action === 'submit') setNotice(tr('pilot.submitted'));
      startFollow(next, action === 'submit' ? 'draft' : undefined);
    } catch (error) {
      setFailure(error);
      reload();
    } finally {
      setBusy(false);
    }
  }

  const ownCounty = access.ownCounty === county;
  if (!pilot) {
    const missing = state.phase === 'error' && isNoPilot(state.error);
    return (
      <>
        {!ownCounty && <BackLink />}
        <h1 id="page-title" tabIndex={-1}>
          {ownCounty ? tr('pilot.ownTitle', { name: me.division.name }) : tr('section.pilot')}
        </h1>
        {missing ? (
          ownCounty && access.canPlan ? (
            <section class="panel pilot-start" aria-labelledby="pilot-start-title">
              <h2 id="pilot-start-title">{tr('pilot.start.title')}</h2>
              <p>{tr('pilot.start.text')}</p>
              <a class="button" href={`#/pilot/${county}/plan`}>
                {tr('pilot.start.action')}
              </a>
            </section>
          ) : (
            <p class="panel">{tr('pilot.start.none')}</p>
          )
        ) : (
          <LoadStatus state={state} errorKey="pilot.loadError" onRetry={reload} />
        )}
      </>
    );
  }

  const step = displayStep(pilot);
  const pending = pilot.pending;
  const decidable = Boolean(pending && !pending.decided && pilot.allowedOutcomes.length > 0);
  return (
    <>
      {!ownCounty && <BackLink />}
      <h1 id="page-title" tabIndex={-1}>
        {pilot.name}
      </h1>
      <p class="detail-sub">
        <Badge tone={stepTone(step)}>{stepLabel(step, tr)}</Badge> {pilot.countyName}
        {pilot.stepSince ? ` · ${tr('pilot.list.sinceValue', { time: formatDateTime(pilot.stepSince, lang) })}` : ''}
        {pending ? ` · ${tr('pilot.deadlineValue', { date: formatDate(pending.deadline, lang) })}` : ''}{' '}
        {pending?.overdue && <Badge tone="bad">{tr('pilot.overdue')}</Badge>}{' '}
        {pending && pending.escalations > 0 && <Badge tone="warn">{tr('pilot.escalations', { count: pending.escalations })}</Badge>}
      </p>

      {follow && (
        <p class="loading-line workflow-progress" role="status">
          <span class="spinner" aria-hidden="true" />
          {tr('pilot.inMotion')}
        </p>
      )}
      {!follow && stalled && (
        <div class="read-only-note" role="status">
          <p>{tr('pilot.stalled')}</p>
          <button type="button" class="button button-small button-secondary" onClick={() => setFollow({ fromStep: undefined, startedAt: Date.now() })}>
            {tr('pilot.checkAgain')}
          </button>
        </div>
      )}
      <Notice text={notice} />
      <Notice text={follow ? undefined : moved} />
      <FailureNote failure={failure} />

      {pilot.status === 'faulted' && (
        <div class="warning-text" role="alert">
          <p>{tr('pilot.fault', { step: stepLabel(pilot.step, tr), time: pilot.fault ? formatDateTime(pilot.fault.at, lang) : '' })}</p>
          {access.canResume ? (
            <button type="button" class="button" disabled={busy} onClick={() => void write('resume')}>
              {tr('pilot.resume')}
            </button>
          ) : (
            <p>{tr('pilot.faultWho')}</p>
          )}
        </div>
      )}

      {!follow && pending && !pending.decided && !decidable && pilot.status === 'running' && (
        <p class="read-only-note">{tr('pilot.awaiting', { who: roleNames[pending.awaiting][lang], step: stepLabel(pending.step, tr) })}</p>
      )}

      {pilot.status === 'draft' && ownCounty && access.canPlan && (
        <section class="panel" aria-labelledby="pilot-draft-title">
          <h2 id="pilot-draft-title">{tr('pilot.draft.title')}</h2>
          <p>{tr('pilot.draft.text')}</p>
          <div class="button-row">
            <a class="button button-secondary" href={`#/pilot/${county}/plan`}>
              {tr('pilot.draft.edit')}
            </a>
            <button type="button" class="button" disabled={busy} onClick={() => void write('submit')}>
              {tr('pilot.draft.submit')}
            </button>
          </div>
        </section>
      )}

      {!follow && decidable && (
        <DecisionPanel
          pilot={pilot}
          onDecided={(next, fromStep) => {
            setNotice(tr('pilot.decided'));
            setMoved(undefined);
            startFollow(next, fromStep);
          }}
          onStale={() => {
            setNotice(tr('pilot.decide.stale'));
            setMoved(undefined);
            reload();
          }}
          onUnmet={(keys) => {
            setUnmet(keys);
            if (keys.length) {
              setScoreRefresh((n) => n + 1);
              // The refusal is kept on the timeline.
              reload();
            }
          }}
        />
      )}

      <section class="panel" aria-labelledby="pilot-phases-title">
        <h2 id="pilot-phases-title">{tr('pilot.phases')}</h2>
        <Stepper pilot={pilot} />
      </section>

      <Scorecard pilot={pilot} refresh={scoreRefresh} unmet={unmet} />
      {ownCounty && access.canPlan && pilot.status !== 'completed' && (
        <FiguresForm
          pilot={pilot}
          onSaved={(next) => {
            set(next);
            setScoreRefresh((n) => n + 1);
          }}
        />
      )}

      <PlanFacts pilot={pilot} />

      <section class="panel" aria-labelledby="pilot-timeline-title">
        <h2 id="pilot-timeline-title">{tr('pilot.timeline.title')}</h2>
        <TimelineEvents events={pilot.timeline} />
      </section>
    </>
  );
}

function BackLink() {
  const { tr } = useLang();
  return (
    <p class="back-link">
      <a href="#/pilot">‹ {tr('pilot.back')}</a>
    </p>
  );
}

/** The plan as submitted: summary, targets, revisions. */
function PlanFacts({ pilot }: { pilot: Pilot }) {
  const { lang, tr } = useLang();
  return (
    // Open while the plan itself is what is being decided on (review) or written (draft).
    <details class="panel pilot-plan" open={pilot.step === 'planReview' || pilot.status === 'draft'}>
      <summary>{tr('pilot.plan.title')}</summary>
      <p class="pilot-comments">{pilot.plan.summary}</p>
      <dl class="facts">
        {kpiKeys.map((key) => (
          <div key={key}>
            <dt>{tr('pilot.plan.target', { kpi: kpiLabel(key, tr) })}</dt>
            <dd>{formatKpi(pilot.plan.targets[key], kpiUnits[key], lang)}</dd>
          </div>
        ))}
        <div>
          <dt>{tr('pilot.plan.revisions')}</dt>
          <dd>{pilot.planRevision}</dd>
        </div>
        <div>
          <dt>{tr('pilot.plan.created')}</dt>
          <dd>{formatDateTime(pilot.createdAt, lang)}</dd>
        </div>
      </dl>
    </details>
  );
}
