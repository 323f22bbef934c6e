/**
 * 红十字会专员 of one county: list, appoint (for a township or village with no branch), replace
 * (the term ends and a successor takes the seat in one transaction), end a term; CSV export and
 * import like branches. Writes are county staff's; others read.
 */
import { useMemo, useState } from 'preact/hooks';
import { useApi, useLang } from '../context.js';
import { fieldErrors, isVersionConflict } from '../errors.js';
import { Badge, Dialog, DivisionCascade, ErrorNote, Field, LoadStatus, Notice, ShowMore, inputProps, useLoad, useWindow } from '../ui.js';
import type { OrgAccess } from './access.js';
import { ReasonDialog } from './BranchDetail.js';
import { commissionerColumns, commissionerImportColumns } from './exports.js';
import { ImportPanel } from './ImportPanel.js';
import { seatKey } from './labels.js';
import { DialogActions, FailureNote, ListBar, useIdempotentPost } from './parts.js';
import { todayInShanghai } from './Members.js';
import type { BoardSeat, Commissioner } from './types.js';

interface PersonFields {
  name: string;
  title: string;
  phone: string;
  boardSeat: BoardSeat;
  termStart: string;
  termEnd: string;
}

/** True when a term's last day (YYYY-MM-DD) is before today in Asia/Shanghai. */
export function termExpired(termEnd: string | undefined, today: string = todayInShanghai()): boolean {
  return termEnd !== undefined && termEnd !== '' && termEnd < today;
}

const blankPerson = (): PersonFields => ({ name: '', title: '', phone: '', boardSeat: 'council', termStart: todayInShanghai(), termEnd: '' });

function personBody(person: PersonFields): Record<string, unknown> {
  return {
    name: person.name.trim(),
    ...(person.title.trim() ? { title: person.title.trim() } : {}),
    ...(person.phone.trim() ? { phone: person.phone.trim() } : {}),
    boardSeat: person.boardSeat,
    termStart: person.termStart,
    ...(person.termEnd ? { termEnd: person.termEnd } : {}),
  };
}

export function Commissioners({ county, access }: { county: string; access: OrgAccess }) {
  const { tr } = useLang();
  const request = useApi();
  const [status, setStatus] = useState<'' | 'active' | 'ended'>('active');
  const path = `/api/commissioners?county=${county}${status ? `&status=${status}` : ''}`;
  const { state, reload } = useLoad<{ county: string; items: Commissioner[] }>(path);
  const items = useMemo(() => (state.phase === 'ready' ? state.data.items : []), [state]);
  const { shown, more, showMore } = useWindow(items);
  const [notice, setNotice] = useState<string>();
  const [action, setAction] = useState<{ kind: 'replace' | 'end'; commissioner: Commissioner }>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function end(commissioner: Commissioner, reason: string) {
    setBusy(true);
    setFailure(undefined);
    try {
      await request<Commissioner>(`/api/commissioners/${encodeURIComponent(commissioner.commissionerId)}/end`, {
        method: 'POST',
        body: { expectedVersion: commissioner.version, reason },
      });
      setNotice(tr('commissioners.endedDone'));
      reload();
    } catch (error) {
      setFailure(error);
      if (isVersionConflict(error)) reload();
    } finally {
      setBusy(false);
      setAction(undefined);
    }
  }

  return (
    <section class="panel" aria-labelledby="commissioners-title" aria-busy={state.phase === 'loading'}>
      <h2 id="commissioners-title">{tr('commissioners.title')}</h2>
      <div class="filters">
        <Field label={tr('commissioners.status')} name="status">
          {({ id }) => (
            <select id={id} value={status} onChange={(event) => setStatus(event.currentTarget.value as '' | 'active' | 'ended')}>
              <option value="">{tr('common.all')}</option>
              <option value="active">{tr('commissioners.active')}</option>
              <option value="ended">{tr('commissioners.ended')}</option>
            </select>
          )}
        </Field>
      </div>
      <Notice text={notice} />
      <FailureNote failure={failure} />
      <LoadStatus state={state} errorKey="commissioners.loadError" onRetry={reload} />
      {state.phase === 'ready' && (
        <>
          <ListBar
            count={items.length ? tr('commissioners.count', { count: items.length }) : tr('commissioners.empty')}
            items={items}
            fileParts={[tr('commissioners.title'), county]}
            columns={commissionerColumns(tr)}
          />
          <ul class="record-list">
            {shown.map((c) => (
              <li key={c.commissionerId}>
                <span class="record-line">
                  <span class="record-title">{c.name}</span>
                  <Badge tone={c.status === 'active' ? 'ok' : 'muted'}>{tr(c.status === 'active' ? 'commissioners.active' : 'commissioners.ended')}</Badge>
                  {/* Still counted until ended or replaced, but the county should act on it. */}
                  {c.status === 'active' && termExpired(c.termEnd) && <Badge tone="warn">{tr('commissioners.termExpired')}</Badge>}
                </span>
                <span class="record-meta">
                  {c.divisionName} · {tr(seatKey(c.boardSeat))} · {c.termStart} – {c.termEnd ?? ''}
                  {c.title ? ` · ${c.title}` : ''}
                  {c.phoneMasked ? ` · ${c.phoneMasked}` : ''}
                </span>
                {access.canDecide && c.status === 'active' && (
                  <span class="button-row">
                    <button type="button" class="button button-secondary button-small" onClick={() => setAction({ kind: 'replace', commissioner: c })}>
                      {tr('commissioners.replace')}
                    </button>
                    <button type="button" class="button button-secondary button-small" onClick={() => setAction({ kind: 'end', commissioner: c })}>
                      {tr('commissioners.end')}
                    </button>
                  </span>
                )}
              </li>
            ))}
          </ul>
          <ShowMore more={more} onClick={showMore} />
        </>
      )}
      {access.canDecide && (
        <>
          <AppointForm
            county={county}
            onAppointed={() => {
              setNotice(tr('commissioners.appointed'));
              reload();
            }}
          />
          <ImportPanel endpoint="/api/commissioners/import" columns={commissionerImportColumns} onImported={reload} />
        </>
      )}
      {action?.kind === 'end' && (
        <ReasonDialog
          title={tr('commissioners.endTitle', { name: action.commissioner.name })}
          confirmLabel={tr('commissioners.end')}
          busy={busy}
          onCancel={() => setAction(undefined)}
          onConfirm={(reason) => end(action.commissioner, reason)}
        />
      )}
      {action?.kind === 'replace' && (
        <ReplaceDialog
          commissioner={action.commissioner}
          onClose={() => setAction(undefined)}
          onReplaced={() => {
            setAction(undefined);
            setNotice(tr('commissioners.replaced'));
            reload();
          }}
          onConflict={reload}
        />
      )}
    </section>
  );
}

function PersonInputs({ person, set, errors, prefix }: { person: PersonFields; set: (patch: Partial<PersonFields>) => void; errors: Record<string, string>; prefix: string }) {
  const { tr } = useLang();
  const err = (field: string) => errors[`${prefix}${field}`];
  return (
    <>
      <Field label={tr('commissioners.name')} name={`${prefix}name`} error={err('name')} required>
        {(ids) => <input {...inputProps(ids)} type="text" maxLength={40} value={person.name} onInput={(event) => set({ name: event.currentTarget.value })} />}
      </Field>
      <Field label={tr('commissioners.title2')} name={`${prefix}title`} error={err('title')}>
        {(ids) => <input {...inputProps(ids)} type="text" maxLength={60} value={person.title} onInput={(event) => set({ title: event.currentTarget.value })} />}
      </Field>
      <Field label={tr('commissioners.phone')} name={`${prefix}phone`} error={err('phone')} help={tr('form.leaderPhoneHelp')}>
        {(ids) => <input {...inputProps(ids)} type="tel" inputMode="tel" autoComplete="off" value={person.phone} onInput={(event) => set({ phone: event.currentTarget.value })} />}
      </Field>
      <Field label={tr('commissioners.boardSeat')} name={`${prefix}boardSeat`} error={err('boardSeat')}>
        {(ids) => (
          <select id={ids.id} value={person.boardSeat} onChange={(event) => set({ boardSeat: event.currentTarget.value as BoardSeat })}>
            <option value="council">{tr('commissioners.council')}</option>
            <option value="supervisoryBoard">{tr('commissioners.supervisoryBoard')}</option>
          </select>
        )}
      </Field>
      <div class="field-pair">
        <Field label={tr('commissioners.termStart')} name={`${prefix}termStart`} error={err('termStart')} required>
          {(ids) => <input {...inputProps(ids)} type="date" value={person.termStart} onInput={(event) => set({ termStart: event.currentTarget.value })} />}
        </Field>
        <Field label={tr('commissioners.termEnd')} name={`${prefix}termEnd`} error={err('termEnd')}>
          {(ids) => <input {...inputProps(ids)} type="date" value={person.termEnd} onInput={(event) => set({ termEnd: event.currentTarget.value })} />}
        </Field>
      </div>
    </>
  );
}

function AppointForm({ county, onAppointed }: { county: string; onAppointed: () => void }) {
  const { tr } = useLang();
  const [person, setPerson] = useState<PersonFields>(blankPerson);
  const [division, setDivision] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const post = useIdempotentPost();

  async function submit(event: Event) {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!person.name.trim()) local.name = tr('common.fieldError');
    if (!division) local.division = tr('common.fieldError');
    setErrors(local);
    setFailure(undefined);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      await post<Commissioner>('/api/commissioners', { ...personBody(person), division });
      setPerson(blankPerson());
      setDivision('');
      onAppointed();
    } catch (error) {
      setErrors(fieldErrors(error, tr('common.fieldError')));
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <details class="sub-panel">
      <summary>{tr('commissioners.appoint')}</summary>
      <form class="record-form" noValidate onSubmit={(event) => void submit(event)}>
        <fieldset class="sub-fieldset">
          <legend>{tr('commissioners.division')}</legend>
          <p class="field-help">{tr('commissioners.divisionHelp')}</p>
          <DivisionCascade root={county} levels={['township', 'village']} value={division} onChange={setDivision} name="division" error={errors.division} required />
        </fieldset>
        <PersonInputs person={person} set={(patch) => setPerson((current) => ({ ...current, ...patch }))} errors={errors} prefix="" />
        {failure !== undefined && <ErrorNote error={failure} />}
        <button type="submit" class="button" disabled={busy}>
          {busy ? tr('common.saving') : tr('commissioners.appoint')}
        </button>
      </form>
    </details>
  );
}

function ReplaceDialog(props: { commissioner: Commissioner; onClose: () => void; onReplaced: () => void; onConflict: () => void }) {
  const { tr } = useLang();
  const request = useApi();
  const [person, setPerson] = useState<PersonFields>(() => ({ ...blankPerson(), boardSeat: props.commissioner.boardSeat }));
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!reason.trim()) local.reason = tr('detail.reasonRequired');
    if (!person.name.trim()) local['successor.name'] = tr('common.fieldError');
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await request(`/api/commissioners/${encodeURIComponent(props.commissioner.commissionerId)}/replace`, {
        method: 'POST',
        body: { expectedVersion: props.commissioner.version, reason: reason.trim(), successor: personBody(person) },
      });
      props.onReplaced();
    } catch (error) {
      setErrors(fieldErrors(error, tr('common.fieldError')));
      setFailure(error);
      if (isVersionConflict(error)) props.onConflict();
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={tr('commissioners.replaceTitle', { name: props.commissioner.name })} onClose={props.onClose}>
      <form noValidate onSubmit={(event) => void submit(event)}>
        <Field label={tr('common.reason')} name="reason" error={errors.reason} required>
          {(ids) => <textarea id={ids.id} aria-describedby={ids.describedBy} aria-invalid={ids.invalid || undefined} rows={2} value={reason} onInput={(event) => setReason(event.currentTarget.value)} />}
        </Field>
        <fieldset class="sub-fieldset">
          <legend>{tr('commissioners.successor')}</legend>
          <PersonInputs person={person} set={(patch) => setPerson((current) => ({ ...current, ...patch }))} errors={errors} prefix="successor." />
        </fieldset>
        <FailureNote failure={failure} />
        <DialogActions label={tr('commissioners.replace')} busy={busy} onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
