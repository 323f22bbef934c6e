/**
 * 实施方案: the county's implementation plan. Three uses of one form:
 *
 * - no pilot yet: "save draft" creates it (`POST /api/pilots`), "submit" creates and submits;
 * - a draft: "save draft" is `PUT …/plan` with `expectedVersion`, "submit" saves any change first
 *   and then `POST …/submit`, so what the city reviews is what is on screen;
 * - sent back by the city (`planRevision`): prefilled, "resubmit" is the `resubmit` decision with
 *   the revised plan.
 *
 * Targets are whole numbers (funds typed in yuan, sent as fen); each phase has a deadline date,
 * in order. Problems found here or by the API (400 `issues[]`, 422 PILOT_PLAN_INVALID) sit next to
 * their fields; the first one takes focus.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useApi, useLang } from '../context.js';
import { isVersionConflict, unplacedErrors } from '../errors.js';
import { allowNextLeave, useLeaveGuard } from '../leave-guard.js';
import type { Me } from '../me.js';
import { todayInShanghai } from '../org/Members.js';
import { FailureNote } from '../org/parts.js';
import { Field, LoadStatus, Notice, inputProps, useLoad, focusFirstError } from '../ui.js';
import { handOff } from './follow.js';
import { kpiInputLabel, stepLabel } from './labels.js';
import { deadlineField, emptyPlanForm, planToForm, readPlanForm, targetField, type PlanFormState } from './plan-form.js';
import { fieldMessages, isNoPilot, isNotPending, isPilotExists } from './pilot-errors.js';
import { kpiKeys, kpiUnits, planPhases, type Pilot } from './types.js';
import type { PilotAccess } from './workflow.js';

type Mode = 'create' | 'edit' | 'revise' | 'closed';

export function modeOf(pilot: Pilot | undefined, canPlan: boolean): Mode {
  if (!canPlan) return 'closed';
  if (!pilot) return 'create';
  if (pilot.status === 'draft') return 'edit';
  if (pilot.pending?.step === 'planRevision' && !pilot.pending.decided && pilot.allowedOutcomes.includes('resubmit')) return 'revise';
  return 'closed';
}

/** Every field name the form shows (API paths), so errors for other fields are listed, not lost. */
const shownFields = new Set<string>(['name', 'plan.summary', 'comments', ...kpiKeys.map(targetField), ...planPhases.map(deadlineField)]);

export function PlanForm({ me, county, access }: { me: Me; county: string; access: PilotAccess }) {
  const { tr } = useLang();
  const request = useApi();
  const path = `/api/pilots/${county}`;
  const existing = useLoad<Pilot>(path);
  const [pilot, setPilot] = useState<Pilot>();
  const [form, setForm] = useState<PlanFormState>(() => emptyPlanForm());
  const [comments, setComments] = useState('');
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const filled = useRef(false);

  // The form is filled from the server once; a later reload (after a conflict) only updates the
  // version, so nothing the officer typed is thrown away.
  useEffect(() => {
    if (existing.state.phase !== 'ready') return;
    const loaded = existing.state.data;
    setPilot(loaded);
    if (!filled.current) {
      filled.current = true;
      setForm(planToForm(loaded.name, loaded.plan));
    }
  }, [existing.state]);

  const ownCounty = access.ownCounty === county && access.canPlan;
  const missing = existing.state.phase === 'error' && isNoPilot(existing.state.error);
  const ready = Boolean(pilot) || missing;
  const mode = modeOf(pilot, ownCounty);
  useLeaveGuard(dirty && mode !== 'closed', tr('pilot.form.leave'));

  const update = (patch: Partial<PlanFormState>) => {
    setDirty(true);
    setNotice(undefined);
    setForm((current) => ({ ...current, ...patch }));
  };

  /** Checks the form; on problems shows them, focuses the first and returns undefined. */
  function checked() {
    const { plan, errors: problems } = readPlanForm(form, { needsName: mode !== 'revise' });
    const local = Object.fromEntries(Object.entries(problems).map(([field, key]) => [field, tr(key)]));
    setErrors(local);
    if (Object.keys(local).length) {
      focusFirstError(formRef);
      return undefined;
    }
    return plan;
  }

  function failed(error: unknown) {
    const byField = fieldMessages(error, tr);
    setErrors(byField);
    setFailure(error);
    if (isVersionConflict(error) || isPilotExists(error) || isNotPending(error)) existing.reload();
    if (Object.keys(byField).length) focusFirstError(formRef);
  }

  /** Saves the draft (creating the pilot the first time); the saved pilot, or undefined on failure. */
  async function save(): Promise<Pilot | undefined> {
    const plan = checked();
    if (!plan) return undefined;
    const body = pilot ? { expectedVersion: pilot.version, name: form.name.trim(), plan } : { county, name: form.name.trim(), plan };
    const saved = pilot ? await request<Pilot>(`${path}/plan`, { method: 'PUT', body }) : await request<Pilot>('/api/pilots', { method: 'POST', body });
    setPilot(saved);
    setDirty(false);
    return saved;
  }

  async function run(action: 'save' | 'submit' | 'resubmit') {
    setBusy(true);
    setFailure(undefined);
    setNotice(undefined);
    try {
      if (action === 'resubmit') {
        const plan = checked();
        if (!plan) return;
        const text = comments.trim();
        await request<Pilot>(`${path}/decisions`, { method: 'POST', body: { step: 'planRevision', outcome: 'resubmit', plan, ...(text ? { comments: text } : {}) } });
        handOff({ county, fromStep: 'planRevision', notice: tr('pilot.done.resubmit') });
        allowNextLeave();
        location.hash = `#/pilot/${county}`;
        return;
      }
      const saved = dirty || !pilot ? await save() : pilot;
      if (!saved) return;
      if (action === 'save') {
        setNotice(tr('pilot.form.saved'));
        return;
      }
      await request<Pilot>(`${path}/submit`, { method: 'POST', body: { expectedVersion: saved.version } });
      handOff({ county, fromStep: 'draft', notice: tr('pilot.done.submit') });
      allowNextLeave();
      location.hash = `#/pilot/${county}`;
    } catch (error) {
      failed(error);
    } finally {
      setBusy(false);
    }
  }

  const title = mode === 'revise' ? tr('pilot.form.reviseTitle') : mode === 'create' ? tr('pilot.form.newTitle') : tr('pilot.form.editTitle');
  const err = (name: string) => errors[name];
  const unplaced = unplacedErrors(errors, shownFields);
  const placed = Object.keys(errors).length - unplaced.length;
  const today = todayInShanghai();

  return (
    <section class="panel" aria-labelledby="page-title">
      <p class="back-link">
        <a href={`#/pilot/${county}`}>‹ {tr('common.back')}</a>
      </p>
      <h1 id="page-title" tabIndex={-1}>
        {title}
      </h1>
      {!ready && <LoadStatus state={existing.state} errorKey="pilot.loadError" onRetry={existing.reload} />}
      {ready && mode === 'closed' && <p>{tr(ownCounty ? 'pilot.form.closed' : 'pilot.form.notYours', { step: pilot ? stepLabel(pilot.step, tr) : '' })}</p>}
      {ready && mode !== 'closed' && (
        <form
          ref={formRef}
          class="record-form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void run(mode === 'revise' ? 'resubmit' : 'save');
          }}
        >
          {mode === 'revise' && pilot && <RevisionNote pilot={pilot} />}
          <fieldset>
            <legend>{tr('pilot.form.basics')}</legend>
            {mode === 'revise' ? (
              <p>
                <strong>{tr('pilot.form.name')}</strong>
                {tr('history.colon')}
                {form.name}
              </p>
            ) : (
              <Field label={tr('pilot.form.name')} name="name" error={err('name')} required help={tr('pilot.form.nameHelp', { county: pilot?.countyName ?? me.division.name })}>
                {(ids) => <input {...inputProps(ids)} type="text" maxLength={120} autoComplete="off" value={form.name} onInput={(event) => update({ name: event.currentTarget.value })} />}
              </Field>
            )}
            <Field label={tr('pilot.form.summary')} name="plan.summary" error={err('plan.summary')} required>
              {({ id, describedBy, invalid }) => (
                <textarea id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined} rows={5} maxLength={4000} value={form.summary} onInput={(event) => update({ summary: event.currentTarget.value })} />
              )}
            </Field>
          </fieldset>

          <fieldset>
            <legend>{tr('pilot.form.targets')}</legend>
            <p class="field-help">{tr('pilot.form.targetsHelp')}</p>
            <div class="field-pair">
              {kpiKeys.map((key) => {
                const unit = kpiUnits[key];
                return (
                  <Field key={key} label={kpiInputLabel(key, tr)} name={targetField(key)} error={err(targetField(key))} required>
                    {(ids) => (
                      <input
                        {...inputProps(ids)}
                        type="text"
                        inputMode={unit === 'fen' ? 'decimal' : 'numeric'}
                        autoComplete="off"
                        value={form.targets[key]}
                        onInput={(event) => update({ targets: { ...form.targets, [key]: event.currentTarget.value } })}
                      />
                    )}
                  </Field>
                );
              })}
            </div>
          </fieldset>

          <fieldset>
            <legend>{tr('pilot.form.deadlines')}</legend>
            <p class="field-help">{tr('pilot.form.deadlinesHelp')}</p>
            <div class="field-pair">
              {planPhases.map((phase, index) => {
                const before = index > 0 ? form.deadlines[planPhases[index - 1] ?? phase] : '';
                return (
                  <Field key={phase} label={tr('pilot.form.deadlineOf', { phase: stepLabel(phase, tr) })} name={deadlineField(phase)} error={err(deadlineField(phase))} required>
                    {(ids) => (
                      <input
                        {...inputProps(ids)}
                        type="date"
                        min={before || today}
                        value={form.deadlines[phase]}
                        onInput={(event) => update({ deadlines: { ...form.deadlines, [phase]: event.currentTarget.value } })}
                      />
                    )}
                  </Field>
                );
              })}
            </div>
          </fieldset>

          {mode === 'revise' && (
            <Field label={tr('pilot.form.revisionComments')} name="comments" error={err('comments')}>
              {({ id, describedBy, invalid }) => (
                <textarea id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined} rows={3} maxLength={2000} value={comments} onInput={(event) => setComments(event.currentTarget.value)} />
              )}
            </Field>
          )}

          {unplaced.length > 0 && (
            <div class="error-box" role="alert">
              <ul class="plain-list">
                {unplaced.map(([field, message]) => (
                  <li key={field}>
                    <span class="mono">{field}</span>
                    {tr('history.colon')}
                    {message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {/* The server's message once: not again above the form when it already sits at a field. */}
          {placed === 0 && <FailureNote failure={failure} />}
          {isNotPending(failure) && <p role="status">{tr('pilot.decide.stale')}</p>}
          <Notice text={notice} />
          <div class="button-row">
            {mode === 'revise' ? (
              <button type="submit" class="button" disabled={busy}>
                {busy ? tr('common.saving') : tr('pilot.outcome.resubmit')}
              </button>
            ) : (
              <>
                <button type="submit" class="button button-secondary" disabled={busy}>
                  {busy ? tr('common.saving') : tr('pilot.form.saveDraft')}
                </button>
                <button type="button" class="button" disabled={busy} onClick={() => void run('submit')}>
                  {tr('pilot.draft.submit')}
                </button>
              </>
            )}
            <a class="button button-secondary" href={`#/pilot/${county}`}>
              {tr('common.cancel')}
            </a>
          </div>
          <p class="field-help">{tr(mode === 'revise' ? 'pilot.form.reviseHelp' : 'pilot.form.submitHelp')}</p>
        </form>
      )}
    </section>
  );
}

/** Why the plan came back: the city's latest comments. */
function RevisionNote({ pilot }: { pilot: Pilot }) {
  const { tr } = useLang();
  const rejection = [...pilot.timeline].reverse().find((event) => event.kind === 'decision' && event.outcome === 'reject');
  return (
    <div class="warning-text">
      <p>{tr('pilot.form.sentBack')}</p>
      {rejection?.comments && <p class="pilot-comments">{rejection.comments}</p>}
    </div>
  );
}
