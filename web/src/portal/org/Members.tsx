/**
 * 会员 of one branch: the roll (names and phones masked by the API), enrolment with recorded
 * consent (PIPL: purpose stated, consent required), dues status changes and leaving. Writes send
 * `expectedVersion`; enrolment sends an `Idempotency-Key`.
 */
import { useMemo, useState } from 'preact/hooks';
import { useApi, useLang } from '../context.js';
import { fieldErrors, isVersionConflict } from '../errors.js';
import { Dialog, ErrorNote, Field, LoadStatus, Notice, ShowMore, inputProps, useLoad, useWindow } from '../ui.js';
import type { OrgAccess } from './access.js';
import { memberColumns } from './exports.js';
import { duesKey } from './labels.js';
import { DialogActions, DuesSelect, FailureNote, ListBar, useIdempotentPost } from './parts.js';
import type { Branch, DuesStatus, Member, MemberList } from './types.js';

/** Today's date in Asia/Shanghai as `YYYY-MM-DD` (the default for date inputs). */
export function todayInShanghai(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function Members({ branch, access }: { branch: Branch; access: OrgAccess }) {
  const { tr } = useLang();
  const base = `/api/branches/${encodeURIComponent(branch.branchId)}/members`;
  const { state, reload } = useLoad<MemberList>(base);
  const items = useMemo(() => (state.phase === 'ready' ? state.data.items : []), [state]);
  const { shown, more, showMore } = useWindow(items);
  const [notice, setNotice] = useState<string>();
  const [editing, setEditing] = useState<{ member: Member; mode: 'dues' | 'leave' }>();
  const canWrite = access.canKeepMembers && branch.status === 'active';

  return (
    <section class="panel" aria-labelledby="members-title" aria-busy={state.phase === 'loading'}>
      <h2 id="members-title">
        {state.phase === 'ready' ? tr('detail.members', { individual: state.data.counts.individual, group: state.data.counts.group }) : tr('members.title')}
      </h2>
      <Notice text={notice} />
      <LoadStatus state={state} errorKey="members.loadError" onRetry={reload} />
      {state.phase === 'ready' && (
        <>
          <ListBar
            count={items.length ? tr('common.shown', { shown: shown.length, total: items.length }) : tr('members.empty')}
            items={items}
            fileParts={[tr('members.title'), branch.name]}
            columns={memberColumns(tr)}
          />
          {items.length > 0 && (
            <div class="table-wrap">
              <table class="data-table">
                <caption class="visually-hidden">{tr('members.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{tr('members.name')}</th>
                    <th scope="col">{tr('members.kind')}</th>
                    <th scope="col">{tr('members.phone')}</th>
                    <th scope="col">{tr('members.joined')}</th>
                    <th scope="col">{tr('members.dues')}</th>
                    <th scope="col">{tr('members.status')}</th>
                    {canWrite && <th scope="col">{tr('detail.actions')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {shown.map((member) => (
                    <tr key={member.memberId}>
                      <th scope="row">{member.nameMasked}</th>
                      <td>{tr(member.kind === 'group' ? 'members.group' : 'members.individual')}</td>
                      <td class="mono">{member.phoneMasked ?? '—'}</td>
                      <td>{member.joinedOn}</td>
                      <td>
                        {tr(duesKey(member.duesStatus))}
                        {member.duesPaidThrough ? ` · ${tr('members.paidThrough')} ${member.duesPaidThrough}` : ''}
                      </td>
                      <td>{member.status === 'left' ? `${tr('members.statusLeft')} ${member.leftOn ?? ''}` : tr('members.statusActive')}</td>
                      {canWrite && (
                        <td>
                          {member.status === 'active' && (
                            <div class="button-row">
                              <button type="button" class="button button-secondary button-small" onClick={() => setEditing({ member, mode: 'dues' })}>
                                {tr('members.dues')}
                              </button>
                              <button type="button" class="button button-secondary button-small" onClick={() => setEditing({ member, mode: 'leave' })}>
                                {tr('members.leave')}
                              </button>
                            </div>
                          )}
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <ShowMore more={more} onClick={showMore} />
        </>
      )}
      {canWrite && (
        <EnrolForm
          endpoint={base}
          onEnrolled={() => {
            setNotice(tr('members.enrolled'));
            reload();
          }}
        />
      )}
      {editing && (
        <MemberDialog
          endpoint={`${base}/${encodeURIComponent(editing.member.memberId)}`}
          member={editing.member}
          mode={editing.mode}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            setNotice(tr('members.updated'));
            reload();
          }}
          onConflict={reload}
        />
      )}
    </section>
  );
}

function EnrolForm({ endpoint, onEnrolled }: { endpoint: string; onEnrolled: () => void }) {
  const { tr } = useLang();
  const [kind, setKind] = useState<'individual' | 'group'>('individual');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [joinedOn, setJoinedOn] = useState(todayInShanghai());
  const [dues, setDues] = useState<DuesStatus>('due');
  const [consent, setConsent] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const post = useIdempotentPost();

  async function submit(event: Event) {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = tr('common.fieldError');
    if (!consent) local.consent = tr('members.consentRequired');
    setErrors(local);
    setFailure(undefined);
    if (Object.keys(local).length) return;
    const body = {
      kind,
      name: name.trim(),
      ...(phone.trim() ? { phone: phone.trim() } : {}),
      ...(kind === 'group' && organisation.trim() ? { organisation: organisation.trim() } : {}),
      joinedOn,
      duesStatus: dues,
      consent: { purpose: tr('members.consentPurpose'), givenOn: todayInShanghai() },
    };
    setBusy(true);
    try {
      await post<Member>(endpoint, body);
      setName('');
      setPhone('');
      setOrganisation('');
      setConsent(false);
      onEnrolled();
    } catch (error) {
      setErrors(fieldErrors(error, tr('common.fieldError')));
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <details class="sub-panel">
      <summary>{tr('members.enrol')}</summary>
      <form class="record-form" noValidate onSubmit={(event) => void submit(event)}>
        <fieldset class="sub-fieldset">
          <legend>{tr('members.kind')}</legend>
          {(['individual', 'group'] as const).map((value) => (
            <label class="check" key={value}>
              <input type="radio" name="member-kind" value={value} checked={kind === value} onChange={() => setKind(value)} />
              {tr(value === 'group' ? 'members.group' : 'members.individual')}
            </label>
          ))}
        </fieldset>
        <Field label={tr('members.name')} name="name" error={errors.name} required>
          {(ids) => <input {...inputProps(ids)} type="text" maxLength={80} value={name} onInput={(event) => setName(event.currentTarget.value)} />}
        </Field>
        {kind === 'group' && (
          <Field label={tr('members.organisation')} name="organisation" error={errors.organisation}>
            {(ids) => <input {...inputProps(ids)} type="text" maxLength={120} value={organisation} onInput={(event) => setOrganisation(event.currentTarget.value)} />}
          </Field>
        )}
        <Field label={tr('members.phone')} name="phone" error={errors.phone} help={tr('form.leaderPhoneHelp')}>
          {(ids) => <input {...inputProps(ids)} type="tel" inputMode="tel" autoComplete="off" value={phone} onInput={(event) => setPhone(event.currentTarget.value)} />}
        </Field>
        <Field label={tr('members.joined')} name="joinedOn" error={errors.joinedOn} required>
          {(ids) => <input {...inputProps(ids)} type="date" value={joinedOn} onInput={(event) => setJoinedOn(event.currentTarget.value)} />}
        </Field>
        <Field label={tr('members.dues')} name="duesStatus" error={errors.duesStatus}>
          {(ids) => <DuesSelect id={ids.id} value={dues} onChange={setDues} />}
        </Field>
        <div class={errors.consent ? 'field has-error' : 'field'}>
          <p class="field-help" id="consent-purpose">
            {tr('members.consentPurpose')}
          </p>
          <label class="check">
            <input
              type="checkbox"
              checked={consent}
              aria-describedby={errors.consent ? 'consent-purpose consent-error' : 'consent-purpose'}
              aria-invalid={errors.consent ? true : undefined}
              onChange={(event) => setConsent(event.currentTarget.checked)}
            />
            {tr('members.consent')}
            <span class="required-mark"> {tr('common.required')}</span>
          </label>
          {errors.consent && (
            <p class="field-error" id="consent-error">
              {errors.consent}
            </p>
          )}
        </div>
        {failure !== undefined && <ErrorNote error={failure} />}
        <button type="submit" class="button" disabled={busy}>
          {busy ? tr('common.saving') : tr('members.enrol')}
        </button>
      </form>
    </details>
  );
}

function MemberDialog(props: { endpoint: string; member: Member; mode: 'dues' | 'leave'; onClose: () => void; onSaved: () => void; onConflict: () => void }) {
  const { tr } = useLang();
  const request = useApi();
  const { member, mode } = props;
  const [dues, setDues] = useState<DuesStatus>(member.duesStatus);
  const [paidThrough, setPaidThrough] = useState(member.duesPaidThrough === undefined ? '' : String(member.duesPaidThrough));
  const [leftOn, setLeftOn] = useState(todayInShanghai());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function save(event: Event) {
    event.preventDefault();
    // The API takes the year dues are paid through (a whole number), not a date.
    const year = paidThrough.trim() ? Number(paidThrough.trim()) : undefined;
    if (mode === 'dues' && year !== undefined && !(Number.isInteger(year) && year >= 2000 && year <= 2100)) {
      setErrors({ duesPaidThrough: tr('common.fieldError') });
      setFailure(undefined);
      return;
    }
    setBusy(true);
    setErrors({});
    setFailure(undefined);
    const body =
      mode === 'leave'
        ? { expectedVersion: member.version, status: 'left', leftOn }
        : { expectedVersion: member.version, duesStatus: dues, ...(year !== undefined ? { duesPaidThrough: year } : {}) };
    try {
      await request<Member>(props.endpoint, { method: 'PATCH', body });
      props.onSaved();
    } catch (error) {
      setErrors(fieldErrors(error, tr('common.fieldError')));
      setFailure(error);
      if (isVersionConflict(error)) props.onConflict();
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={tr(mode === 'leave' ? 'members.leaveTitle' : 'members.changeDues', { name: member.nameMasked })} onClose={props.onClose}>
      <form noValidate onSubmit={(event) => void save(event)}>
        {mode === 'leave' ? (
          <Field label={tr('members.leftOn')} name="leftOn" error={errors.leftOn} required>
            {(ids) => <input {...inputProps(ids)} type="date" value={leftOn} onInput={(event) => setLeftOn(event.currentTarget.value)} />}
          </Field>
        ) : (
          <>
            <Field label={tr('members.dues')} name="duesStatus">
              {(ids) => <DuesSelect id={ids.id} value={dues} onChange={setDues} />}
            </Field>
            <Field label={tr('members.paidThroughYear')} name="duesPaidThrough" error={errors.duesPaidThrough}>
              {(ids) => (
                <input
                  {...inputProps(ids)}
                  type="number"
                  min={2000}
                  max={2100}
                  step={1}
                  inputMode="numeric"
                  value={paidThrough}
                  onInput={(event) => setPaidThrough(event.currentTarget.value)}
                />
              )}
            </Field>
          </>
        )}
        <FailureNote failure={failure} />
        <DialogActions label={tr('common.save')} busy={busy} onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
