/**
 * 登记基层组织 / edit a branch. A new branch is POSTed with an `Idempotency-Key` (one per
 * submission: the same body re-sent after a network failure reuses it, a changed body gets a new
 * one); an edit is a PATCH with `expectedVersion`. Field errors from 400 VALIDATION_FAILED sit
 * next to their inputs; 409/422 messages (seat taken, level mismatch, version conflict) above the
 * submit button.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { levelOfCode } from '../../common/divisions.js';
import { useApi, useLang } from '../context.js';
import { fieldErrors, isVersionConflict } from '../errors.js';
import { DivisionCascade, Field, LoadStatus, inputProps, useLoad, focusFirstError } from '../ui.js';
import type { OrgAccess } from './access.js';
import { setFlash } from './flash.js';
import { BranchTypeOptions, FailureNote, FormErrors, useIdempotentPost } from './parts.js';
import { postKey, siteKey, typeKey } from './labels.js';
import { leaderPostList, siteKindList, territorialLevel, type Branch, type BranchType, type LeaderPost, type SiteKind, type StandardsList } from './types.js';

interface LeaderRow {
  post: LeaderPost;
  name: string;
  title: string;
  /** A new number typed by the user; empty keeps the stored one (edit) or sends none. */
  phone: string;
  /** The stored leader as loaded (edit only): the API never returns the clear number. */
  stored?: { post: LeaderPost; name: string; phoneMasked?: string };
  /** Remove the stored number (sent as `phone: ""`). */
  clearPhone?: boolean;
}

/**
 * True while a loaded leader's row still names the same post and person: sent without `phone`,
 * the API keeps the number stored for them.
 */
export function keepsStoredPhone(row: LeaderRow, rows: readonly LeaderRow[] = [row]): boolean {
  if (row.stored === undefined || row.clearPhone || row.stored.post !== row.post || row.stored.name !== row.name.trim()) return false;
  // The API keeps a number only when one stored leader has this post and name.
  const stored = row.stored;
  return rows.filter((other) => other.stored && other.stored.post === stored.post && other.stored.name === stored.name).length === 1;
}

/** A typed phone worth sending: not blank, and never a masked number (`138****5678`) pasted back. */
function typedPhone(row: LeaderRow): string | undefined {
  const phone = row.phone.trim();
  return phone && !phone.includes('*') ? phone : undefined;
}
interface SiteRow {
  kind: SiteKind;
  name: string;
  address: string;
}
interface FormState {
  type: BranchType;
  name: string;
  hostOrganisation: string;
  division: string;
  foundedOn: string;
  leadership: LeaderRow[];
  memberCount: string;
  volunteerCount: string;
  sites: SiteRow[];
  standards: Record<string, { met: boolean; evidence: string }>;
}

const emptyForm: FormState = {
  type: 'township',
  name: '',
  hostOrganisation: '',
  division: '',
  foundedOn: '',
  leadership: [{ post: 'president', name: '', title: '', phone: '' }],
  memberCount: '',
  volunteerCount: '',
  sites: [],
  standards: {},
};

function fromBranch(branch: Branch): FormState {
  return {
    type: branch.type,
    name: branch.name,
    hostOrganisation: branch.hostOrganisation,
    division: branch.division,
    foundedOn: branch.foundedOn ?? '',
    leadership: branch.leadership.map((leader) => ({
      post: leader.post,
      name: leader.name,
      title: leader.title ?? '',
      phone: '',
      stored: { post: leader.post, name: leader.name, ...(leader.phoneMasked ? { phoneMasked: leader.phoneMasked } : {}) },
    })),
    memberCount: String(branch.memberCount ?? ''),
    volunteerCount: String(branch.volunteerCount ?? ''),
    sites: branch.sites.map((site) => ({ kind: site.kind, name: site.name, address: site.address })),
    standards: Object.fromEntries(branch.standards.map((item) => [item.itemId, { met: item.met, evidence: item.evidence ?? '' }])),
  };
}

function countOrUndefined(text: string): number | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : Number.NaN;
}

/**
 * The request body: blank optional fields left out. On edit `includeFixed` is false (type and
 * division never change) and `includeLeadership` false while no leader was touched; a leader is
 * sent with `phone` only when a new number was typed (without it the API keeps the stored one).
 */
export function branchBody(form: Pick<FormState, 'type' | 'name' | 'hostOrganisation' | 'division' | 'foundedOn' | 'leadership' | 'memberCount' | 'volunteerCount' | 'sites' | 'standards'>, options: { includeFixed: boolean; includeLeadership: boolean }): Record<string, unknown> {
  const body: Record<string, unknown> = { name: form.name.trim(), hostOrganisation: form.hostOrganisation.trim() };
  if (options.includeFixed) {
    body.type = form.type;
    body.division = form.division;
  }
  if (form.foundedOn) body.foundedOn = form.foundedOn;
  if (options.includeLeadership) {
    body.leadership = form.leadership
      .filter((leader) => leader.name.trim())
      .map((leader) => {
        const phone = leader.clearPhone ? '' : typedPhone(leader);
        return {
          post: leader.post,
          name: leader.name.trim(),
          ...(leader.title.trim() ? { title: leader.title.trim() } : {}),
          ...(phone !== undefined ? { phone } : {}),
        };
      });
  }
  const members = countOrUndefined(form.memberCount);
  const volunteers = countOrUndefined(form.volunteerCount);
  if (members !== undefined) body.memberCount = members;
  if (volunteers !== undefined) body.volunteerCount = volunteers;
  body.sites = form.sites.map((site) => ({ kind: site.kind, name: site.name.trim(), address: site.address.trim() }));
  body.standards = Object.entries(form.standards).map(([itemId, answer]) => ({
    itemId,
    met: answer.met,
    ...(answer.evidence.trim() ? { evidence: answer.evidence.trim() } : {}),
  }));
  return body;
}

export function BranchForm({ county, access, branchId }: { county: string; access: OrgAccess; branchId?: string }) {
  const { lang, tr } = useLang();
  const request = useApi();
  const editing = branchId !== undefined;
  const existing = useLoad<Branch>(editing ? `/api/branches/${encodeURIComponent(branchId)}` : undefined);
  const standards = useLoad<StandardsList>('/api/branch-standards');
  const [form, setForm] = useState<FormState>(emptyForm);
  const [leadershipChanged, setLeadershipChanged] = useState(!editing);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const post = useIdempotentPost();
  const formRef = useRef<HTMLFormElement>(null);

  const loaded = existing.state.phase === 'ready' ? existing.state.data : undefined;
  useEffect(() => {
    if (loaded) {
      setForm(fromBranch(loaded));
      setLeadershipChanged(false);
    }
  }, [loaded]);

  // Type and division decide the coverage seat: fixed once registered, whatever the status.
  const fixed = editing;
  const update = (patch: Partial<FormState>) => setForm((current) => ({ ...current, ...patch }));
  const setLeader = (index: number, patch: Partial<LeaderRow>) => {
    setLeadershipChanged(true);
    update({ leadership: form.leadership.map((row, i) => (i === index ? { ...row, ...patch } : row)) });
  };
  const setSite = (index: number, patch: Partial<SiteRow>) => update({ sites: form.sites.map((row, i) => (i === index ? { ...row, ...patch } : row)) });

  const divisionLevels = territorialLevel[form.type] === 'township' ? (['township'] as const) : (['township', 'village'] as const);

  async function submit(event: Event) {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!form.name.trim()) local.name = tr('common.fieldError');
    if (!form.hostOrganisation.trim()) local.hostOrganisation = tr('common.fieldError');
    const needed = territorialLevel[form.type];
    if (!fixed && (!form.division || (needed && levelOfCode(form.division) !== needed))) local.division = tr('common.fieldError');
    if (Object.keys(local).length) {
      setErrors(local);
      setFailure(undefined);
      focusFirstError(formRef);
      return;
    }
    setBusy(true);
    setErrors({});
    setFailure(undefined);
    try {
      if (editing && loaded) {
        const body = { expectedVersion: loaded.version, ...branchBody(form, { includeFixed: !fixed, includeLeadership: leadershipChanged }) };
        const saved = await request<Branch>(`/api/branches/${encodeURIComponent(loaded.branchId)}`, { method: 'PATCH', body });
        setFlash(tr('form.saved'));
        location.hash = `#/branches/${saved.branchId}`;
      } else {
        const created = await post<Branch>('/api/branches', branchBody(form, { includeFixed: true, includeLeadership: true }));
        setFlash(tr('form.created'));
        location.hash = `#/branches/${created.branchId}`;
      }
    } catch (error) {
      const byField = fieldErrors(error, tr('common.fieldError'));
      setErrors(byField);
      setFailure(error);
      if (isVersionConflict(error)) existing.reload();
      if (Object.keys(byField).length) focusFirstError(formRef);
    } finally {
      setBusy(false);
    }
  }

  if (!access.canPropose) return <p class="panel">{tr('common.readOnly')}</p>;
  const title = editing ? tr('form.editTitle', { name: loaded?.name ?? '' }) : tr('form.newTitle');
  const err = (name: string) => errors[name];
  const phoneHelp = (leader: LeaderRow) => {
    const masked = leader.stored?.phoneMasked;
    if (!masked) return tr('form.leaderPhoneHelp');
    if (leader.clearPhone) return tr('form.leaderPhoneCleared', { phone: masked });
    return tr(keepsStoredPhone(leader, form.leadership) ? 'form.leaderPhoneKeep' : 'form.leaderPhoneDropped', { phone: masked });
  };

  return (
    <section class="panel" aria-labelledby="page-title">
      <p class="back-link">
        <a href={editing ? `#/branches/${branchId}` : '#/branches'}>‹ {tr('common.back')}</a>
      </p>
      <h1 id="page-title" tabIndex={-1}>
        {title}
      </h1>
      {editing && <LoadStatus state={existing.state} errorKey="detail.loadError" onRetry={existing.reload} />}
      {(!editing || loaded) && (
        <form ref={formRef} class="record-form" noValidate onSubmit={(event) => void submit(event)}>
          <fieldset>
            <legend>{tr('form.basics')}</legend>
            {fixed ? (
              <FixedFields typeLabel={tr(typeKey(form.type))} divisionName={loaded?.divisionName ?? ''} division={loaded?.division ?? ''} />
            ) : (
              <Field label={tr('form.type')} name="type" error={err('type')} required>
                {(ids) => (
                  <select {...selectIds(ids)} value={form.type} onChange={(event) => update({ type: event.currentTarget.value as BranchType, division: '' })}>
                    <BranchTypeOptions />
                  </select>
                )}
              </Field>
            )}
            <Field label={tr('form.name')} name="name" error={err('name')} required>
              {(ids) => <input {...inputProps(ids)} type="text" maxLength={80} autoComplete="off" value={form.name} onInput={(event) => update({ name: event.currentTarget.value })} />}
            </Field>
            <Field label={tr('form.host')} name="hostOrganisation" error={err('hostOrganisation')} required>
              {(ids) => <input {...inputProps(ids)} type="text" maxLength={120} value={form.hostOrganisation} onInput={(event) => update({ hostOrganisation: event.currentTarget.value })} />}
            </Field>
            {!fixed && (
              <fieldset class="sub-fieldset">
                <legend>{tr('form.division')}</legend>
                <p class="field-help">{tr('form.divisionHelp')}</p>
                <DivisionCascade root={county} levels={divisionLevels} value={form.division} onChange={(division) => update({ division })} name="division" error={err('division')} required />
              </fieldset>
            )}
            <Field label={tr('form.founded')} name="foundedOn" error={err('foundedOn')}>
              {(ids) => <input {...inputProps(ids)} type="date" value={form.foundedOn} onInput={(event) => update({ foundedOn: event.currentTarget.value })} />}
            </Field>
          </fieldset>

          <fieldset>
            <legend>{tr('form.leadership')}</legend>
            {form.leadership.map((leader, index) => (
              <fieldset class="row-group" key={index}>
                <legend>{tr('form.leaderN', { n: index + 1 })}</legend>
                <Field label={tr('form.leaderPost')} name={`leadership.${index}.post`} error={err(`leadership.${index}.post`)}>
                  {(ids) => (
                    <select {...selectIds(ids)} value={leader.post} onChange={(event) => setLeader(index, { post: event.currentTarget.value as LeaderPost })}>
                      {leaderPostList.map((post) => (
                        <option key={post} value={post}>
                          {tr(postKey(post))}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label={tr('form.leaderName')} name={`leadership.${index}.name`} error={err(`leadership.${index}.name`)}>
                  {(ids) => <input {...inputProps(ids)} type="text" maxLength={40} value={leader.name} onInput={(event) => setLeader(index, { name: event.currentTarget.value })} />}
                </Field>
                <Field label={tr('form.leaderTitle')} name={`leadership.${index}.title`} error={err(`leadership.${index}.title`)}>
                  {(ids) => <input {...inputProps(ids)} type="text" maxLength={60} value={leader.title} onInput={(event) => setLeader(index, { title: event.currentTarget.value })} />}
                </Field>
                <Field label={tr('form.leaderPhone')} name={`leadership.${index}.phone`} error={err(`leadership.${index}.phone`)} help={phoneHelp(leader)}>
                  {(ids) => (
                    <input
                      {...inputProps(ids)}
                      type="tel"
                      inputMode="tel"
                      autoComplete="off"
                      value={leader.phone}
                      disabled={leader.clearPhone === true}
                      onInput={(event) => setLeader(index, { phone: event.currentTarget.value })}
                    />
                  )}
                </Field>
                {leader.stored?.phoneMasked && (
                  <label class="check">
                    <input
                      type="checkbox"
                      checked={leader.clearPhone === true}
                      onChange={(event) => setLeader(index, { clearPhone: event.currentTarget.checked, phone: '' })}
                    />
                    {tr('form.leaderPhoneClear', { phone: leader.stored.phoneMasked })}
                  </label>
                )}
                <button
                  type="button"
                  class="button button-secondary button-small"
                  onClick={() => {
                    setLeadershipChanged(true);
                    update({ leadership: form.leadership.filter((_, i) => i !== index) });
                  }}
                >
                  {tr('form.removeLeader', { n: index + 1 })}
                </button>
              </fieldset>
            ))}
            <button
              type="button"
              class="button button-secondary button-small"
              disabled={form.leadership.length >= 12}
              onClick={() => {
                setLeadershipChanged(true);
                update({ leadership: [...form.leadership, { post: 'vicePresident', name: '', title: '', phone: '' }] });
              }}
            >
              {tr('form.addLeader')}
            </button>
          </fieldset>

          <fieldset>
            <legend>{tr('form.counts')}</legend>
            <div class="field-pair">
              <Field label={tr('form.memberCount')} name="memberCount" error={err('memberCount')}>
                {(ids) => <input {...inputProps(ids)} type="number" min={0} step={1} inputMode="numeric" value={form.memberCount} onInput={(event) => update({ memberCount: event.currentTarget.value })} />}
              </Field>
              <Field label={tr('form.volunteerCount')} name="volunteerCount" error={err('volunteerCount')}>
                {(ids) => <input {...inputProps(ids)} type="number" min={0} step={1} inputMode="numeric" value={form.volunteerCount} onInput={(event) => update({ volunteerCount: event.currentTarget.value })} />}
              </Field>
            </div>
          </fieldset>

          <fieldset>
            <legend>{tr('form.sites')}</legend>
            {form.sites.map((site, index) => (
              <fieldset class="row-group" key={index}>
                <legend>{tr('form.siteN', { n: index + 1 })}</legend>
                <Field label={tr('form.siteKind')} name={`sites.${index}.kind`} error={err(`sites.${index}.kind`)}>
                  {(ids) => (
                    <select {...selectIds(ids)} value={site.kind} onChange={(event) => setSite(index, { kind: event.currentTarget.value as SiteKind })}>
                      {siteKindList.map((kind) => (
                        <option key={kind} value={kind}>
                          {tr(siteKey(kind))}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label={tr('form.siteName')} name={`sites.${index}.name`} error={err(`sites.${index}.name`)}>
                  {(ids) => <input {...inputProps(ids)} type="text" maxLength={80} value={site.name} onInput={(event) => setSite(index, { name: event.currentTarget.value })} />}
                </Field>
                <Field label={tr('form.siteAddress')} name={`sites.${index}.address`} error={err(`sites.${index}.address`)}>
                  {(ids) => <input {...inputProps(ids)} type="text" maxLength={200} value={site.address} onInput={(event) => setSite(index, { address: event.currentTarget.value })} />}
                </Field>
                <button type="button" class="button button-secondary button-small" onClick={() => update({ sites: form.sites.filter((_, i) => i !== index) })}>
                  {tr('form.removeSite', { n: index + 1 })}
                </button>
              </fieldset>
            ))}
            <button
              type="button"
              class="button button-secondary button-small"
              disabled={form.sites.length >= 20}
              onClick={() => update({ sites: [...form.sites, { kind: 'boaiHome', name: '', address: '' }] })}
            >
              {tr('form.addSite')}
            </button>
          </fieldset>

          <fieldset>
            <legend>{tr('form.standards')}</legend>
            <LoadStatus state={standards.state} errorKey="form.standardsError" onRetry={standards.reload} />
            {standards.state.phase === 'ready' &&
              standards.state.data.items.map((item) => {
                const answer = form.standards[item.id] ?? { met: false, evidence: '' };
                const setAnswer = (patch: Partial<typeof answer>) => update({ standards: { ...form.standards, [item.id]: { ...answer, ...patch } } });
                return (
                  <div class="standard-row" key={item.id}>
                    <label class="check">
                      <input type="checkbox" checked={answer.met} onChange={(event) => setAnswer({ met: event.currentTarget.checked })} />
                      {item[lang]}
                    </label>
                    <Field label={`${item[lang]} · ${tr('form.evidence')}`} name={`standards.${item.id}.evidence`}>
                      {(ids) => <input {...inputProps(ids)} type="text" maxLength={500} value={answer.evidence} onInput={(event) => setAnswer({ evidence: event.currentTarget.value })} />}
                    </Field>
                  </div>
                );
              })}
          </fieldset>

          <FormErrors entries={Object.entries(errors)} />
          {Object.keys(errors).length === 0 && <FailureNote failure={failure} />}
          <div class="button-row">
            <button type="submit" class="button" disabled={busy}>
              {busy ? tr('form.submitting') : editing ? tr('form.saveEdit') : tr('form.submit')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function selectIds(ids: { id: string; describedBy: string | undefined; invalid: boolean }) {
  return { id: ids.id, 'aria-describedby': ids.describedBy, 'aria-invalid': ids.invalid || undefined };
}

/** Type and division of a registered branch, read-only, with what to do when they are wrong. */
function FixedFields({ typeLabel, divisionName, division }: { typeLabel: string; divisionName: string; division: string }) {
  const { tr } = useLang();
  return (
    <div class="fixed-fields" data-testid="fixed-fields">
      <dl class="facts">
        <div>
          <dt>{tr('form.type')}</dt>
          <dd>{typeLabel}</dd>
        </div>
        <div>
          <dt>{tr('form.division')}</dt>
          <dd>
            {divisionName} <span class="mono">{division}</span>
          </dd>
        </div>
      </dl>
      <p class="field-help">{tr('form.fixedHint')}</p>
    </div>
  );
}
