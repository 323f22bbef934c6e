/**
 * The decision the signed-in user may take now: only the outcomes the API lists in
 * `allowedOutcomes` (city: approve / send back; county: resubmit the plan, declare deployment,
 * publicity or consolidation complete; evaluator: accept / order rectification). Comments are
 * asked for where the API requires them. Refusals are explained where they arise: unmet KPIs
 * against the scorecard, a missing typical case with a link to write one, and "someone decided
 * first" (the pilot is reloaded).
 */
import { useRef, useState } from 'preact/hooks';
import { useApi, useLang } from '../context.js';
import { todayInShanghai } from '../org/Members.js';
import { ErrorNote, Field, inputProps } from '../ui.js';
import { kpiLabel, outcomeLabel, stepLabel } from './labels.js';
import { fieldMessages, isNoCases, isNotPending, unmetTargets } from './pilot-errors.js';
import { commentsRequired, type DecisionStep, type KpiKey, type Outcome, type Pilot, type Scorecard } from './types.js';

interface DecisionPanelProps {
  pilot: Pilot;
  /** A decision was recorded: follow the workflow from the step it decided. */
  onDecided: (next: Pilot, fromStep: DecisionStep) => void;
  /** Someone else decided first (409 DECISION_NOT_PENDING): say so and load the pilot again. */
  onStale: () => void;
  /** A completion was refused for unmet KPIs (empty list clears the marks). */
  onUnmet: (keys: KpiKey[], scorecard?: Scorecard) => void;
}

/** Outcomes that move the pilot forward get the primary button; sending back is secondary. */
const secondary: ReadonlySet<Outcome> = new Set(['reject', 'rectify']);

export function DecisionPanel({ pilot, onDecided, onStale, onUnmet }: DecisionPanelProps) {
  const { tr } = useLang();
  const request = useApi();
  const [comments, setComments] = useState('');
  const [deadline, setDeadline] = useState('');
  const [errors, setErrors] = useState<{ comments?: string; deadline?: string }>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const pending = pilot.pending;
  if (!pending || pending.decided || pilot.allowedOutcomes.length === 0) return null;
  const step = pending.step;
  const choices = pilot.allowedOutcomes.filter((outcome) => outcome !== 'resubmit');
  const canResubmit = pilot.allowedOutcomes.includes('resubmit');
  const required = choices.filter((outcome) => commentsRequired(step, outcome));
  const unmet = unmetTargets(failure);

  function focusFirstError() {
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('.has-error textarea, .has-error input')?.focus());
  }

  async function decide(outcome: Outcome) {
    setFailure(undefined);
    const text = comments.trim();
    const local: { comments?: string; deadline?: string } = {};
    if (commentsRequired(step, outcome) && !text) local.comments = tr('pilot.decide.commentsRequired', { outcome: outcomeLabel(outcome, tr) });
    if (outcome === 'rectify' && !deadline) local.deadline = tr('pilot.decide.deadlineRequired');
    setErrors(local);
    if (local.comments || local.deadline) {
      focusFirstError();
      return;
    }
    setBusy(true);
    try {
      const body = { step, outcome, ...(text ? { comments: text } : {}), ...(outcome === 'rectify' ? { deadline } : {}) };
      const next = await request<Pilot>(`/api/pilots/${pilot.county}/decisions`, { method: 'POST', body });
      onUnmet([]);
      setComments('');
      setDeadline('');
      onDecided(next, step);
      // The buttons go with the pending step: keep keyboard focus on the page, not on <body>.
      requestAnimationFrame(() => {
        const active = document.activeElement;
        if (!active || active === document.body || !active.isConnected) document.getElementById('page-title')?.focus();
      });
    } catch (error) {
      setFailure(error);
      const byField = fieldMessages(error, tr);
      setErrors({ ...(byField.comments ? { comments: byField.comments } : {}), ...(byField.deadline ? { deadline: byField.deadline } : {}) });
      if (byField.comments || byField.deadline) focusFirstError();
      const refused = unmetTargets(error);
      if (refused) onUnmet(refused.keys, refused.scorecard);
      if (isNotPending(error)) onStale();
    } finally {
      setBusy(false);
    }
  }

  const commentsLabel = tr(step === 'consolidation' ? 'pilot.decide.summary' : 'pilot.decide.comments');
  return (
    <section class="panel decision-panel" aria-labelledby="pilot-decide-title">
      <h2 id="pilot-decide-title">{tr('pilot.decide.title', { step: stepLabel(step, tr) })}</h2>
      <p>{tr(`pilot.decide.help.${step}`)}</p>
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
              <button key={outcome} type="button" class={secondary.has(outcome) ? 'button button-secondary' : 'button'} disabled={busy} onClick={() => void decide(outcome)}>
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
      {failure !== undefined && !isNotPending(failure) && <ErrorNote error={failure} />}
      {unmet && unmet.keys.length > 0 && (
        <div class="warning-text" role="alert">
          <p>{tr('pilot.decide.unmet')}</p>
          <ul class="plain-list">
            {unmet.keys.map((key) => (
              <li key={key}>{kpiLabel(key, tr)}</li>
            ))}
          </ul>
        </div>
      )}
      {isNoCases(failure) && (
        <p class="warning-text">
          {tr('pilot.decide.noCases')} <a href="#/pilot/cases">{tr('pilot.decide.casesLink')}</a>
        </p>
      )}
    </section>
  );
}
