/**
 * The decision the signed-in user may take now: only the outcomes the API lists in
 * `allowedOutcomes` (city: approve / send back; county: resubmit the plan, declare deployment,
 * publicity or consolidation complete; evaluator: accept / order rectification). Comments are
 * asked for where the API requires them.
 *
 * What the decider needs to decide stands in the panel: why the city sent the plan back or the
 * evaluator ordered rectification (their comments and the new deadline), and how many typical
 * cases are published (publicity, evaluation) with a link to them. A refusal is explained once,
 * where it arises, and leads to the fix: unmet KPIs (read against the live scorecard, so a KPI
 * fixed since drops out) with "report it" for the figures the county reports, a missing typical
 * case with a link to write one, and "someone decided first" (the pilot is reloaded).
 *
 * While a decision is being sent the buttons are aria-disabled, not disabled: keyboard focus stays
 * on the button pressed instead of falling back to <body>.
 */
import { useRef, useState } from 'preact/hooks';
import { formatDateTime } from '../../common/i18n.js';
import { useApi, useLang } from '../context.js';
import { todayInShanghai } from '../org/Members.js';
import { ErrorNote, Field, inputProps, useLoad, focusFirstError } from '../ui.js';
import { formatDate, kpiLabel, outcomeLabel, stepLabel } from './labels.js';
import { fieldMessages, isNoCases, isNotPending, unmetTargets } from './pilot-errors.js';
import { openFigures } from './Scorecard.js';
import { actorText } from './Timeline.js';
import { commentsRequired, reportedKpis, type DecisionStep, type KpiKey, type Outcome, type Pilot, type ReportedKpi, type Scorecard } from './types.js';
import { sentBackBy } from './workflow.js';

interface DecisionPanelProps {
  pilot: Pilot;
  /** The latest live scorecard: a refusal is read against it. */
  liveCard: Scorecard | undefined;
  /** KPIs the last refused declaration named (kept by the page until the next decision). */
  refused: readonly KpiKey[];
  /** The user reports the county's figures (the refusal offers "report it"). */
  canReport: boolean;
  /** Where the county's typical cases are listed. */
  casesHref: string;
  /** A decision was recorded: follow the workflow from the step it decided. */
  onDecided: (next: Pilot, fromStep: DecisionStep, outcome: Outcome) => void;
  /** Someone else decided first (409 DECISION_NOT_PENDING): say so and load the pilot again. */
  onStale: () => void;
  /** A completion was refused for unmet KPIs (an empty list clears the marks). */
  onRefused: (keys: KpiKey[]) => void;
}

/** Outcomes that move the pilot forward get the primary button; sending back is secondary. */
const secondary: ReadonlySet<Outcome> = new Set(['reject', 'rectify']);

const isReported = (key: KpiKey): key is ReportedKpi => (reportedKpis as readonly string[]).includes(key);

/** The KPIs of a refusal that are still unmet by the live scorecard (all of them until it arrives). */
export function stillUnmet(refused: readonly KpiKey[], card: Pick<Scorecard, 'kpis'> | undefined): KpiKey[] {
  if (!card) return [...refused];
  return refused.filter((key) => card.kpis.some((kpi) => kpi.key === key && !kpi.met));
}

export function DecisionPanel({ pilot, liveCard, refused, canReport, casesHref, onDecided, onStale, onRefused }: DecisionPanelProps) {
  const { lang, tr } = useLang();
  const request = useApi();
  const [comments, setComments] = useState('');
  const [deadline, setDeadline] = useState('');
  const [errors, setErrors] = useState<{ comments?: string; deadline?: string }>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const pending = pilot.pending;
  const step = pending?.step;
  // Publicity is judged by the published typical cases: the count and the way to them.
  const cases = useLoad<{ items: Array<{ status: string }> }>(step === 'publicity' || step === 'evaluation' ? `/api/cases?county=${pilot.county}` : undefined);
  if (!pending || !step || pending.decided || pilot.allowedOutcomes.length === 0) return null;
  const choices = pilot.allowedOutcomes.filter((outcome) => outcome !== 'resubmit');
  const canResubmit = pilot.allowedOutcomes.includes('resubmit');
  const required = choices.filter((outcome) => commentsRequired(step, outcome));
  const unmet = stillUnmet(refused, liveCard);
  const sentBack = sentBackBy(pilot);

  async function decide(outcome: Outcome) {
    if (busy || !step) return;
    setFailure(undefined);
    const text = comments.trim();
    const local: { comments?: string; deadline?: string } = {};
    if (commentsRequired(step, outcome) && !text) local.comments = tr('pilot.decide.commentsRequired', { outcome: outcomeLabel(outcome, tr) });
    if (outcome === 'rectify' && !deadline) local.deadline = tr('pilot.decide.deadlineRequired');
    setErrors(local);
    if (local.comments || local.deadline) {
      focusFirstError(formRef, '.has-error textarea, .has-error input');
      return;
    }
    setBusy(true);
    try {
      // `deadline` goes with a rectification only (the API refuses it with anything else).
      const body = { step, outcome, ...(text ? { comments: text } : {}), ...(outcome === 'rectify' ? { deadline } : {}) };
      const next = await request<Pilot>(`/api/pilots/${pilot.county}/decisions`, { method: 'POST', body });
      onRefused([]);
      setComments('');
      setDeadline('');
      onDecided(next, step, outcome);
      // The buttons go with the pending step: keep keyboard focus on the page, not on <body>.
      requestAnimationFrame(() => {
        const active = document.activeElement;
        if (!active || active === document.body || !active.isConnected) document.getElementById('page-title')?.focus();
      });
    } catch (error) {
      setFailure(error);
      const byField = fieldMessages(error, tr);
      setErrors({ ...(byField.comments ? { comments: byField.comments } : {}), ...(byField.deadline ? { deadline: byField.deadline } : {}) });
      if (byField.comments || byField.deadline) focusFirstError(formRef, '.has-error textarea, .has-error input');
      const refusal = unmetTargets(error);
      if (refusal) onRefused(refusal.keys);
      if (isNotPending(error)) onStale();
    } finally {
      setBusy(false);
    }
  }

  // One message per failure: the refusals below explain themselves, field problems sit at their
  // fields, "someone decided first" is said by the page.
  const explained = failure === undefined || isNotPending(failure) || unmetTargets(failure) !== undefined || isNoCases(failure) || Boolean(errors.comments || errors.deadline);
  const commentsLabel = tr(step === 'consolidation' ? 'pilot.decide.summary' : 'pilot.decide.comments');
  const published = cases.state.phase === 'ready' ? cases.state.data.items.filter((item) => item.status === 'published').length : undefined;
  const liveUnmet = unmet.filter((key) => !isReported(key) || !canReport);
  return (
    <section class="panel decision-panel" aria-labelledby="pilot-decide-title">
      <h2 id="pilot-decide-title">{tr('pilot.decide.title', { step: stepLabel(step, tr) })}</h2>
      {sentBack && (
        <div class="warning-text pilot-sent-back" data-sent-back={sentBack.outcome}>
          <p>
            <strong>{tr(sentBack.outcome === 'rectify' ? 'pilot.decide.rectifyTitle' : 'pilot.decide.sentBackTitle', { time: formatDateTime(sentBack.at, lang) })}</strong>
          </p>
          {sentBack.actor && <p>{tr('pilot.timeline.by', { actor: actorText(sentBack.actor, lang) ?? '' })}</p>}
          {sentBack.comments && <p class="pilot-comments">{sentBack.comments}</p>}
          {sentBack.outcome === 'rectify' && (sentBack.deadline ?? pending.deadline) && <p>{tr('pilot.decide.rectifyDue', { date: formatDate(sentBack.deadline ?? pending.deadline, lang) })}</p>}
        </div>
      )}
      <p>{tr(`pilot.decide.help.${step}`)}</p>
      {published !== undefined && (
        <p class="pilot-cases-line">
          {tr('pilot.decide.casesPublished', { count: published })} ·{' '}
          <a href={casesHref}>{pilot.allowedOutcomes.includes('accept') ? tr('pilot.decide.casesOf', { county: pilot.countyName }) : tr('pilot.decide.casesView')}</a>
        </p>
      )}
      {canResubmit && (
        <p>
          <a class="button" href={`#/pilot/${pilot.county}/plan`}>
            {tr('pilot.decide.revise')}
          </a>
        </p>
      )}
      {choices.length > 0 && (
        <form ref={formRef} class="record-form" noValidate onSubmit={(event) => event.preventDefault()}>
          <Field
            label={commentsLabel}
            name="comments"
            error={errors.comments}
            required={required.length > 0 && required.length === choices.length}
            help={required.length > 0 && required.length < choices.length ? tr('pilot.decide.commentsFor', { outcomes: required.map((o) => outcomeLabel(o, tr)).join(tr('pilot.listSeparator')) }) : undefined}
          >
            {({ id, describedBy, invalid }) => (
              <textarea id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined} rows={3} maxLength={2000} value={comments} onInput={(event) => setComments(event.currentTarget.value)} />
            )}
          </Field>
          {choices.includes('rectify') && (
            <Field label={tr('pilot.decide.rectifyDeadline')} name="deadline" error={errors.deadline} help={tr('pilot.decide.rectifyDeadlineHelp')}>
              {(ids) => <input {...inputProps(ids)} type="date" min={todayInShanghai()} value={deadline} onInput={(event) => setDeadline(event.currentTarget.value)} />}
            </Field>
          )}
          <div class="button-row">
            {choices.map((outcome) => (
              <button key={outcome} type="button" class={secondary.has(outcome) ? 'button button-secondary' : 'button'} aria-disabled={busy || undefined} onClick={() => void decide(outcome)}>
                {outcomeLabel(outcome, tr)}
              </button>
            ))}
          </div>
        </form>
      )}
      {busy && (
        <p class="loading-line" role="status">
          <span class="spinner" aria-hidden="true" />
          {tr('common.saving')}
        </p>
      )}
      {!explained && <ErrorNote error={failure} />}
      {unmet.length > 0 && (
        <div class="warning-text refusal-box" role="alert">
          <p>{tr('pilot.decide.unmet')}</p>
          <ul class="plain-list">
            {unmet.map((key) => (
              <li key={key} data-kpi={key}>
                <span>{kpiLabel(key, tr)}</span>
                {isReported(key) && canReport && (
                  <button type="button" class="button button-small button-secondary" onClick={() => openFigures(key)}>
                    {tr('pilot.decide.fixReported', { kpi: kpiLabel(key, tr) })}
                  </button>
                )}
              </li>
            ))}
          </ul>
          {liveUnmet.some((key) => !isReported(key)) && (
            <p>
              {tr('pilot.decide.liveNote')} <a href={`#/branches/coverage/${pilot.county}`}>{tr('pilot.decide.fixLive')}</a>
            </p>
          )}
        </div>
      )}
      {refused.length > 0 && unmet.length === 0 && (
        <p class="success-note" role="status">
          {tr('pilot.decide.refusedFixed')}
        </p>
      )}
      {isNoCases(failure) && (
        <p class="warning-text" role="alert">
          {tr('pilot.decide.noCases')} <a href={casesHref}>{tr('pilot.decide.casesLink')}</a>
        </p>
      )}
    </section>
  );
}
