/**
 * One county's pilot: where it stands (step, since, deadline, overdue and escalation badges, who
 * is awaited), the five phases, the decision the user may take, the KPI scorecard with the
 * county's reported figures, the plan and the timeline. A county without a pilot offers its own
 * staff the call to start one.
 *
 * After a write the Step Functions execution moves on by itself: the page polls the pilot every
 * second (up to 15 s, with a visible "工作流处理中…") until it has left the step the write acted on
 * and nobody's decision is still being handed over; then one notice says what the user did and
 * where the pilot is now ("已批准实施方案。试点现处于“部署实施”阶段，等待县级红十字会决定。").
 * A pilot that stays at `submitted` (the workflow did not start) offers its county a retry.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { roleNames } from '../../../../shared/auth/roles.js';
import { isAbort } from '../../common/api.js';
import { formatDateTime } from '../../common/i18n.js';
import { useApi, useLang } from '../context.js';
import type { Me } from '../me.js';
import { FailureNote } from '../org/parts.js';
import type { AnyKey } from '../messages.js';
import { Badge, LoadStatus, Notice, useLoad } from '../ui.js';
import { DecisionPanel, stillUnmet } from './DecisionPanel.js';
import { takeHandoff } from './follow.js';
import { formatDate, formatKpi, kpiInputLabel, stepLabel, stepTone } from './labels.js';
import { isNoPilot } from './pilot-errors.js';
import { FiguresForm, Scorecard } from './Scorecard.js';
import { Stepper, TimelineEvents } from './Timeline.js';
import { kpiKeys, kpiUnits, type DecisionStep, type KpiKey, type Outcome, type Pilot, type PilotStep, type Scorecard as ScorecardData } from './types.js';
import { displayStep, inMotion, isRectifying, startRetryAfterMs, startStuck, workflowSettled, type PilotAccess } from './workflow.js';

/** How long to follow the workflow after a write, and how often to look. */
export const followLimitMs = 15_000;
const followEveryMs = 1_000;

interface Follow {
  fromStep: PilotStep | undefined;
  startedAt: number;
}

type Translate = (key: AnyKey, params?: Record<string, string | number>) => string;

/** What the user's own decision did, in words that fit it ("已申报“部署实施”完成。"). */
export function doneText(outcome: Outcome, fromStep: DecisionStep, tr: Translate): string {
  return outcome === 'declareComplete' ? tr('pilot.done.declareComplete', { step: stepLabel(fromStep, tr) }) : tr(`pilot.done.${outcome}`);
}

/** Where the pilot stands once the workflow has settled, and who it waits for. */
export function whereNow(pilot: Pick<Pilot, 'status' | 'step' | 'pending' | 'allowedOutcomes'>, tr: Translate, lang: 'zh' | 'en'): string {
  if (pilot.status === 'completed') return tr('pilot.next.completed');
  const step = stepLabel(displayStep(pilot), tr);
  const pending = pilot.pending;
  if (pilot.status === 'running' && pending && !pending.decided) {
    return pilot.allowedOutcomes.length > 0 ? tr('pilot.next.awaitingYou', { step }) : tr('pilot.next.awaiting', { step, who: roleNames[pending.awaiting][lang] });
  }
  return tr('pilot.next.at', { step });
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
  // What the user's own action did; once the workflow has settled (`arrived`), the same notice
  // also says where the pilot is now: one message, not three.
  const [notice, setNotice] = useState<string | undefined>(() => handoff.current?.notice);
  const [arrived, setArrived] = useState(false);
  const [follow, setFollow] = useState<Follow | undefined>(() => (handoff.current ? { fromStep: handoff.current.fromStep, startedAt: Date.now() } : undefined));
  const [stalled, setStalled] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // KPIs the last refused declaration named, read against the latest live scorecard: a KPI the
  // county has fixed since (figures reported, branches added) drops out of the warning.
  const [refused, setRefused] = useState<KpiKey[]>([]);
  const [liveCard, setLiveCard] = useState<ScorecardData>();
  const [scoreRefresh, setScoreRefresh] = useState(0);
  const [now, setNow] = useState(() => Date.now());

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
      if (workflowSettled(next, fromStep)) setArrived(true);
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
          setArrived(true);
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

  // A pilot at `submitted` is re-rendered when it has waited long enough to offer a retry.
  useEffect(() => {
    if (!pilot || pilot.step !== 'submitted' || pilot.status !== 'running') return;
    const since = Date.parse(pilot.stepSince ?? pilot.updatedAt);
    const wait = Number.isFinite(since) ? since + startRetryAfterMs - Date.now() : 0;
    const timer = setTimeout(() => setNow(Date.now()), Math.max(0, wait) + 100);
    return () => clearTimeout(timer);
  }, [pilot?.step, pilot?.status, pilot?.stepSince, pilot?.version]);

  /** Submits the draft, retries a workflow that did not start (submit again), or resumes a fault. */
  async function write(action: 'submit' | 'retryStart' | 'resume') {
    if (!pilot || busy) return;
    setBusy(true);
    setFailure(undefined);
    setNotice(undefined);
    setArrived(false);
    try {
      const route = action === 'resume' ? 'resume' : 'submit';
      const body = action === 'resume' ? {} : { expectedVersion: pilot.version };
      const next = await request<Pilot>(`${path}/${route}`, { method: 'POST', body });
      setNotice(tr(action === 'resume' ? 'pilot.done.resume' : 'pilot.done.submit'));
      startFollow(next, action === 'submit' ? 'draft' : action === 'retryStart' ? 'submitted' : undefined);
    } catch (error) {
      setFailure(error);
      reload();
    } finally {
      setBusy(false);
    }
  }

  const ownCounty = access.ownCounty === county;
  // County staff have no list to go back to: another county's page leads back to their own.
  const backLink = access.ownCounty ? !ownCounty && <BackLink own /> : <BackLink />;
  if (!pilot) {
    const missing = state.phase === 'error' && isNoPilot(state.error);
    return (
      <>
        {backLink}
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
  const unmet = stillUnmet(refused, liveCard);
  const stuck = !follow && ownCounty && access.canPlan && startStuck(pilot, now);
  const message = [notice, !follow && arrived ? whereNow(pilot, tr, lang) : undefined].filter(Boolean).join(lang === 'zh' ? '' : ' ');
  return (
    <>
      {backLink}
      <h1 id="page-title" tabIndex={-1}>
        {pilot.name}
      </h1>
      <p class="detail-sub">
        <Badge tone={stepTone(step)}>{stepLabel(step, tr)}</Badge> {isRectifying(pilot) && <Badge tone="warn">{tr('pilot.rectifying')}</Badge>} {pilot.countyName}
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
      {!follow && stalled && !stuck && (
        <div class="read-only-note" role="status">
          <p>{tr('pilot.stalled')}</p>
          <button type="button" class="button button-small button-secondary" onClick={() => setFollow({ fromStep: undefined, startedAt: Date.now() })}>
            {tr('pilot.checkAgain')}
          </button>
        </div>
      )}
      <Notice text={message || undefined} />
      <FailureNote failure={failure} />

      {stuck && (
        <div class="warning-text" role="status">
          <p>{tr('pilot.retryStart.text')}</p>
          <button type="button" class="button" aria-disabled={busy || undefined} onClick={() => void write('retryStart')}>
            {tr('pilot.retryStart.action')}
          </button>
        </div>
      )}

      {pilot.status === 'faulted' && (
        <div class="warning-text" role="alert">
          <p>{tr('pilot.fault', { step: stepLabel(pilot.step, tr), time: pilot.fault ? formatDateTime(pilot.fault.at, lang) : '' })}</p>
          {access.canResume ? (
            <button type="button" class="button" aria-disabled={busy || undefined} onClick={() => void write('resume')}>
              {tr('pilot.resume')}
            </button>
          ) : (
            <p>{tr('pilot.faultWho')}</p>
          )}
        </div>
      )}

      {!follow && !arrived && pending && !pending.decided && !decidable && pilot.status === 'running' && (
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
            <button type="button" class="button" aria-disabled={busy || undefined} onClick={() => void write('submit')}>
              {tr('pilot.draft.submit')}
            </button>
          </div>
        </section>
      )}

      {!follow && decidable && (
        <DecisionPanel
          pilot={pilot}
          liveCard={liveCard}
          refused={refused}
          canReport={ownCounty && access.canPlan && pilot.status !== 'completed'}
          casesHref={ownCounty ? '#/pilot/cases' : `#/pilot/cases/${county}`}
          onDecided={(next, fromStep, outcome) => {
            setNotice(doneText(outcome, fromStep, tr));
            setArrived(false);
            startFollow(next, fromStep);
          }}
          onStale={() => {
            setNotice(tr('pilot.decide.stale'));
            setArrived(false);
            reload();
          }}
          onRefused={(keys) => {
            setRefused(keys);
            if (keys.length) {
              // The refusal explains itself; an older "what happened" notice would only compete.
              setNotice(undefined);
              setArrived(false);
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

      <Scorecard pilot={pilot} refresh={scoreRefresh} unmet={unmet} onLive={setLiveCard} />
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

function BackLink({ own = false }: { own?: boolean }) {
  const { tr } = useLang();
  return (
    <p class="back-link">
      <a href="#/pilot">‹ {tr(own ? 'pilot.ownPilot' : 'pilot.back')}</a>
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
            <dt>{tr('pilot.plan.target', { kpi: kpiInputLabel(key, tr) })}</dt>
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
