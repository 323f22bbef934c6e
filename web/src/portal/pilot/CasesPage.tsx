/**
 * 典型案例: the typical cases of a county, for the pilot's publicity phase. Mounted by the pilot
 * section under `#/pilot/cases`; `rest` is the hash path after it:
 *
 *   #/pilot/cases            the county's cases: search, status filter, link to the public page
 *   #/pilot/cases/{county}   the same list for a county picked by link (the evaluation panel's
 *                            "typical cases of 英山县")
 *   #/pilot/cases/new        write a case (a draft)
 *   #/pilot/cases/{caseId}   edit it: texts and place, photos (downscaled in the browser to
 *                            ≤ 1280 px JPEG, uploaded with progress), captions and order,
 *                            publish (saving typed text first), or withdraw with a reason
 *
 * County staff work in their own county; city and province staff pick a county (kept for the
 * browser session, shared with the organisation section) and may write there too, as the API
 * allows (`case:manage`). Branch staff and evaluators (province-wide: they judge publicity by the
 * cases) only read. The server decides; the page only hides buttons that would certainly be
 * refused. Text typed and not saved is guarded: leaving asks first.
 *
 * Keyboard focus never drops to <body>: busy buttons are aria-disabled rather than disabled, a
 * moved photo keeps focus on its arrow, and publishing moves focus to the result.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { missingForPublication, type CaseStatus, type ServedPhoto, type TypicalCase, type TypicalCaseSummary } from '../../../../shared/cases/case.js';
import { caseLimits, caseStatuses } from '../../../../shared/cases/case.js';
import { ApiError, networkErrorCode } from '../../common/api.js';
import { ancestorAt, isBelow, isDivisionCode, levelOfCode } from '../../common/divisions.js';
import { formatDateTime, langTag, type Lang } from '../../common/i18n.js';
import { readSession } from '../auth.js';
import { useApi, useLang } from '../context.js';
import { useCounty } from '../county-picker.js';
import { fieldErrors, isVersionConflict } from '../errors.js';
import { allowNextLeave, useLeaveGuard } from '../leave-guard.js';
import type { Me } from '../me.js';
import { ReasonDialog } from '../org/BranchDetail.js';
import { DialogActions, FailureNote, FormErrors, useIdempotentPost } from '../org/parts.js';
import { Badge, Dialog, DivisionCascade, Field, LoadStatus, Notice, inputProps, useLoad, focusFirstError } from '../ui.js';
import { type CaseFormState, base64OfDataUrl, createBody, editBody, filterCases, fitWithin, formFromCase, move, photoQuality } from './case-helpers.js';
import './cases.css';

const ulidPattern = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const statusTone: Record<CaseStatus, 'ok' | 'warn' | 'muted'> = { draft: 'warn', published: 'ok', withdrawn: 'muted' };

/** What the signed-in user may do here (the API has the last word). */
interface CaseAccess {
  /** The county of county and branch staff; undefined for city and province staff (they pick one). */
  ownCounty: string | undefined;
  canRead: boolean;
  canManage: boolean;
}

export function caseAccess(me: Pick<Me, 'roles' | 'division'>): CaseAccess {
  const level = levelOfCode(me.division.code);
  const inCounty = level === 'county' || isBelow(level, 'county');
  const canManage = me.roles.some((role) => role === 'province' || role === 'city' || role === 'county');
  const canRead = canManage || me.roles.includes('branch') || me.roles.includes('evaluator');
  return { ownCounty: inCounty ? ancestorAt(me.division.code, 'county') : undefined, canManage, canRead };
}

/** A one-shot message carried across a hash navigation (e.g. "draft saved" on the editor). */
let flash: string | undefined;

export function CasesPage({ me, rest }: { me: Me; rest: string[] }) {
  const { tr } = useLang();
  const access = caseAccess(me);
  // Tolerate being mounted with the `cases` segment still in the path.
  const [first] = rest[0] === 'cases' ? rest.slice(1) : rest;
  const { county, picker } = useCounty(me, access.ownCounty, 'caseAdmin.countyPick', isDivisionCode(first) ? first : undefined);

  if (!access.canRead) return <p class="panel">{tr('caseAdmin.notAllowed')}</p>;
  if (first && ulidPattern.test(first)) return <CaseEditor key={first} caseId={first} access={access} />;
  return (
    <>
      {picker}
      {!county ? (
        <p class="panel">{tr('caseAdmin.countyFirst')}</p>
      ) : first === 'new' && access.canManage ? (
        <CaseEditor key={`new-${county}`} county={county} access={access} />
      ) : (
        <CaseList county={county} access={access} />
      )}
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// The list

function CaseList({ county, access }: { county: string; access: CaseAccess }) {
  const { lang, tr } = useLang();
  const { state, reload } = useLoad<{ county: string; items: TypicalCaseSummary[] }>(`/api/cases?county=${county}`);
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<CaseStatus | ''>('');
  const items = state.phase === 'ready' ? state.data.items : [];
  const shown = useMemo(() => filterCases(items, q, status), [items, q, status]);
  const filtered = q.trim() !== '' || status !== '';

  return (
    <section class="panel" aria-labelledby="cases-list-title" aria-busy={state.phase === 'loading'}>
      <div class="panel-head">
        <h2 id="cases-list-title">{tr('caseAdmin.title')}</h2>
        {access.canManage && (
          <a class="button button-small" href="#/pilot/cases/new">
            {tr('caseAdmin.new')}
          </a>
        )}
      </div>
      {!access.canManage && <p class="read-only-note">{tr('caseAdmin.readOnly')}</p>}
      <form class="filters case-filters" role="search" aria-label={tr('caseAdmin.filters')} onSubmit={(event) => event.preventDefault()}>
        <Field label={tr('caseAdmin.search')} name="q">
          {(ids) => <input {...inputProps(ids)} type="search" value={q} onInput={(event) => setQ(event.currentTarget.value)} />}
        </Field>
        <Field label={tr('caseAdmin.statusFilter')} name="status">
          {({ id }) => (
            <select id={id} value={status} onChange={(event) => setStatus(event.currentTarget.value as CaseStatus | '')}>
              <option value="">{tr('common.all')}</option>
              {caseStatuses.map((value) => (
                <option key={value} value={value}>
                  {tr(`caseAdmin.status.${value}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>
      <LoadStatus state={state} errorKey="caseAdmin.loadError" onRetry={reload} />
      {state.phase === 'ready' && (
        <>
          <p class="list-count" role="status">
            {items.length === 0
              ? tr('caseAdmin.empty')
              : shown.length === 0
                ? tr('caseAdmin.noMatch')
                : filtered
                  ? tr(items.length === 1 ? 'caseAdmin.countFilteredOne' : 'caseAdmin.countFiltered', { shown: shown.length, count: items.length })
                  : tr(items.length === 1 ? 'caseAdmin.countOne' : 'caseAdmin.count', { count: items.length })}
          </p>
          {shown.length > 0 && (
            <ul class="record-list case-list">
              {shown.map((item) => (
                <li key={item.caseId}>
                  <a class="record-link" href={`#/pilot/cases/${item.caseId}`}>
                    <span class="record-title">{item.title}</span>
                    <Badge tone={statusTone[item.status]}>{tr(`caseAdmin.status.${item.status}`)}</Badge>
                  </a>
                  <span class="record-meta">
                    {[item.divisionName, tr(item.photos.length === 1 ? 'caseAdmin.photoCountOne' : 'caseAdmin.photoCount', { count: item.photos.length }), tr('caseAdmin.updated', { time: formatDateTime(item.updatedAt, lang) })].join(' · ')}
                  </span>
                  {item.status === 'published' && (
                    <a class="record-meta" href={`/cases/?id=${item.caseId}`} target="_blank" rel="noopener">
                      {tr('caseAdmin.publicLinkNew')}
                    </a>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// Writing and editing a case

const emptyForm: CaseFormState = { division: '', title: '', summary: '', body: '' };

function CaseEditor({ caseId, county: newCounty, access }: { caseId?: string; county?: string; access: CaseAccess }) {
  const { lang, tr } = useLang();
  const request = useApi();
  const post = useIdempotentPost();
  const existing = useLoad<TypicalCase>(caseId ? `/api/cases/${caseId}` : undefined);
  const loaded = existing.state.phase === 'ready' ? existing.state.data : undefined;
  const county = loaded?.county ?? newCounty ?? '';
  const [form, setForm] = useState<CaseFormState>(emptyForm);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | undefined>(() => {
    const text = flash;
    flash = undefined;
    return text;
  });
  const formRef = useRef<HTMLFormElement>(null);
  const loadedVersion = useRef<number>();
  const editable = access.canManage;

  // The form follows the stored case when it is first loaded and when someone else's version
  // replaced it (a 409); the case's own later versions (photo changes) leave typed text alone.
  useEffect(() => {
    if (loaded && loadedVersion.current === undefined) {
      setForm(formFromCase(loaded));
      loadedVersion.current = loaded.version;
    }
  }, [loaded]);

  // Typed and not saved: compared with the stored case (or, for a new one, with nothing typed).
  const filled = !caseId || loadedVersion.current !== undefined;
  const stored = loaded ? formFromCase(loaded) : emptyForm;
  const dirty = editable && filled && (['division', 'title', 'summary', 'body'] as const).some((field) => form[field].trim() !== stored[field].trim());
  useLeaveGuard(dirty, tr('caseAdmin.leave'));

  const update = (patch: Partial<CaseFormState>) => setForm((current) => ({ ...current, ...patch }));
  const replaceCase = (next: TypicalCase, resetForm = false) => {
    existing.set(next);
    if (resetForm) setForm(formFromCase(next));
    loadedVersion.current = next.version;
    // "Draft saved, now add photos" and the like are old news once the case changes.
    setNotice(undefined);
  };

  function failed(error: unknown) {
    const byField = fieldErrors(error, tr('common.fieldError'));
    setErrors(byField);
    setFailure(error);
    if (isVersionConflict(error)) {
      loadedVersion.current = undefined;
      existing.reload();
    }
    if (Object.keys(byField).length) focusFirstError(formRef);
  }

  /** Saves the typed text of a stored case; the saved case, or undefined when it was refused (shown at the form). */
  async function saveEdits(current: TypicalCase): Promise<TypicalCase | undefined> {
    if (!form.title.trim()) {
      setErrors({ title: tr('common.fieldError') });
      setFailure(undefined);
      focusFirstError(formRef);
      return undefined;
    }
    setErrors({});
    setFailure(undefined);
    try {
      const saved = await request<TypicalCase>(`/api/cases/${current.caseId}`, { method: 'PATCH', body: editBody(current, form) });
      replaceCase(saved, true);
      return saved;
    } catch (error) {
      failed(error);
      return undefined;
    }
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    if (!form.title.trim()) {
      setErrors({ title: tr('common.fieldError') });
      setFailure(undefined);
      focusFirstError(formRef);
      return;
    }
    setBusy(true);
    setErrors({});
    setFailure(undefined);
    setNotice(undefined);
    try {
      if (loaded) {
        if (await saveEdits(loaded)) setNotice(tr('caseAdmin.form.saved'));
      } else {
        const created = await post<TypicalCase>('/api/cases', createBody(county, form));
        flash = tr('caseAdmin.form.created');
        allowNextLeave();
        location.hash = `#/pilot/cases/${created.caseId}`;
      }
    } catch (error) {
      failed(error);
    } finally {
      setBusy(false);
    }
  }

  const err = (name: string) => errors[name];
  const unplaced = Object.entries(errors).filter(([field]) => !['title', 'summary', 'body', 'division'].includes(field));

  return (
    <>
      <p class="back-link">
        <a href="#/pilot/cases">‹ {tr('caseAdmin.backToList')}</a>
      </p>
      <section class="panel" aria-labelledby="case-editor-title">
        <h2 id="case-editor-title" tabIndex={-1}>
          {loaded ? loaded.title : tr(caseId ? 'caseAdmin.editTitle' : 'caseAdmin.newTitle')}
        </h2>
        {caseId && <LoadStatus state={existing.state} errorKey="caseAdmin.loadError" onRetry={existing.reload} />}
        {loaded && <CaseFacts item={loaded} lang={lang} />}
        <Notice text={notice} />
        {!editable && <p class="read-only-note">{tr('caseAdmin.readOnly')}</p>}
        {(!caseId || loaded) && editable && (
          <form ref={formRef} class="record-form" noValidate onSubmit={(event) => void submit(event)}>
            <fieldset>
              <legend>{tr('caseAdmin.form.story')}</legend>
              <fieldset class="sub-fieldset">
                <legend>{tr('caseAdmin.form.place')}</legend>
                <p class="field-help">{tr('caseAdmin.form.placeHelp')}</p>
                <DivisionCascade
                  root={county}
                  levels={['township', 'village']}
                  value={form.division}
                  onChange={(division) => update({ division })}
                  emptyLabels={{ township: tr('caseAdmin.form.wholeCounty'), village: tr('caseAdmin.form.wholeTownship') }}
                  name="division"
                  error={err('division')}
                />
              </fieldset>
              <Field label={tr('caseAdmin.form.title')} name="title" error={err('title')} required>
                {(ids) => <input {...inputProps(ids)} type="text" maxLength={caseLimits.title} value={form.title} onInput={(event) => update({ title: event.currentTarget.value })} />}
              </Field>
              <Field label={tr('caseAdmin.form.summary')} name="summary" error={err('summary')} help={tr('caseAdmin.form.summaryHelp', { max: caseLimits.summary })}>
                {(ids) => <textarea {...textareaIds(ids)} rows={3} maxLength={caseLimits.summary} value={form.summary} onInput={(event) => update({ summary: event.currentTarget.value })} />}
              </Field>
              <Field label={tr('caseAdmin.form.body')} name="body" error={err('body')} help={tr('caseAdmin.form.bodyHelp', { max: caseLimits.body })}>
                {(ids) => <textarea {...textareaIds(ids)} rows={12} maxLength={caseLimits.body} value={form.body} onInput={(event) => update({ body: event.currentTarget.value })} />}
              </Field>
            </fieldset>
            <FormErrors entries={unplaced} />
            {Object.keys(errors).length === 0 && <FailureNote failure={failure} />}
            {isVersionConflict(failure) && <p role="status">{tr('caseAdmin.form.conflict')}</p>}
            <div class="button-row">
              <button type="submit" class="button" aria-disabled={busy || undefined}>
                {busy ? tr('caseAdmin.form.saving') : loaded ? tr('caseAdmin.form.save') : tr('caseAdmin.form.create')}
              </button>
              {dirty && loaded && <span class="field-help unsaved-note">{tr('caseAdmin.form.unsaved')}</span>}
            </div>
          </form>
        )}
      </section>
      {loaded && <PhotoPanel item={loaded} editable={editable} onChange={(next) => replaceCase(next)} />}
      {loaded && editable && (
        <PublishPanel
          item={loaded}
          form={form}
          unsaved={dirty}
          saveFirst={saveEdits}
          onChange={(next) => replaceCase(next)}
          onConflict={() => {
            loadedVersion.current = undefined;
            existing.reload();
          }}
        />
      )}
    </>
  );
}

function textareaIds(ids: { id: string; describedBy: string | undefined; invalid: boolean }) {
  return { id: ids.id, 'aria-describedby': ids.describedBy, 'aria-invalid': ids.invalid || undefined };
}

/** Status, place, author and the public link of a stored case (the version is for the API only). */
function CaseFacts({ item, lang }: { item: TypicalCase; lang: Lang }) {
  const { tr } = useLang();
  return (
    <div class="detail-sub case-facts">
      <Badge tone={statusTone[item.status]}>{tr(`caseAdmin.status.${item.status}`)}</Badge>{' '}
      <span>{[item.countyName === item.divisionName ? item.countyName : `${item.countyName} · ${item.divisionName}`, tr('caseAdmin.createdBy', { name: item.createdBy })].join(' · ')}</span>
      {item.status === 'published' && item.publishedAt && <p>{tr('caseAdmin.publishedAt', { time: formatDateTime(item.publishedAt, lang) })}</p>}
      {item.status === 'withdrawn' && item.withdrawnReason && <p>{tr('caseAdmin.withdrawnBecause', { time: formatDateTime(item.withdrawnAt ?? '', lang), reason: item.withdrawnReason })}</p>}
      {item.status === 'published' && (
        <p>
          <a href={`/cases/?id=${item.caseId}`} target="_blank" rel="noopener">
            {tr('caseAdmin.publicLinkNew')}
          </a>
        </p>
      )}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Photos

/** Reduces an image file to a JPEG whose longer side is at most 1280 px (never enlarged), quality 0.8. */
async function downscaleToJpeg(file: File): Promise<Blob> {
  const url = URL.createObjectURL(file);
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const { width, height } = fitWithin(image.naturalWidth, image.naturalHeight);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d canvas');
    // JPEG has no transparency: a transparent PNG becomes white, not black.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, width, height);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('JPEG encoding failed'))), 'image/jpeg', photoQuality));
  } finally {
    URL.revokeObjectURL(url);
  }
}

function readAsBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      try {
        resolve(base64OfDataUrl(String(reader.result)));
      } catch (error) {
        reject(error);
      }
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(blob);
  });
}

/**
 * POSTs a photo with upload progress. `fetch` cannot report how much of a request body has been
 * sent, so this one call uses XMLHttpRequest, with the same token, language and error envelope as
 * the portal's API client.
 */
function uploadPhoto(caseId: string, body: unknown, lang: Lang, onProgress: (fraction: number) => void): Promise<TypicalCase> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/cases/${caseId}/photos`);
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', langTag(lang));
    const token = readSession()?.idToken;
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.timeout = 120_000;
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let payload: unknown;
      try {
        payload = JSON.parse(xhr.responseText);
      } catch {
        payload = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300 && payload) return resolve(payload as TypicalCase);
      const error = (payload as { error?: { code?: string; message?: string; messages?: { zh: string; en: string }; requestId?: string } } | undefined)?.error;
      reject(error?.code ? new ApiError(xhr.status, error.code, error.message ?? error.code, error.messages, error.requestId, { ...error, code: error.code, message: error.message ?? error.code }) : new ApiError(xhr.status, 'HTTP_ERROR', `HTTP ${xhr.status}`));
    };
    const networkFailure = () => reject(new ApiError(0, networkErrorCode, 'upload failed'));
    xhr.onerror = networkFailure;
    xhr.ontimeout = networkFailure;
    xhr.send(JSON.stringify(body));
  });
}

type UploadStep = { step: 'preparing' } | { step: 'uploading'; percent: number } | { step: 'processing' };
interface PhotoDraft {
  photoId: string;
  caption: string;
}

const draftsOf = (photos: readonly ServedPhoto[]): PhotoDraft[] => photos.map((photo) => ({ photoId: photo.photoId, caption: photo.caption ?? '' }));

function PhotoPanel({ item, editable, onChange }: { item: TypicalCase; editable: boolean; onChange: (next: TypicalCase) => void }) {
  const { lang, tr } = useLang();
  const request = useApi();
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File>();
  const [caption, setCaption] = useState('');
  const [upload, setUpload] = useState<UploadStep>();
  const [fileError, setFileError] = useState<string>();
  const [failure, setFailure] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [drafts, setDrafts] = useState<PhotoDraft[]>(() => draftsOf(item.photos));
  const [removing, setRemoving] = useState<ServedPhoto>();
  const [busy, setBusy] = useState(false);
  const listRef = useRef<HTMLOListElement>(null);
  const uploadRef = useRef<HTMLButtonElement>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  /** Moves a photo one place and keeps focus on it: the same arrow, or the other one at an end. */
  function movePhoto(photoId: string, index: number, delta: -1 | 1) {
    setDrafts((current) => move(current, index, delta));
    requestAnimationFrame(() => {
      const item = listRef.current?.querySelector(`[data-photo="${photoId}"]`);
      const same = item?.querySelector<HTMLButtonElement>(`[data-move="${delta}"]`);
      const other = item?.querySelector<HTMLButtonElement>(`[data-move="${-delta}"]`);
      (same && !same.disabled ? same : other)?.focus();
    });
  }

  // New or removed photos: rebuild the order, keeping captions being typed for photos still there.
  const ids = item.photos.map((photo) => photo.photoId).join(',');
  useEffect(() => {
    setDrafts((current) => {
      const typed = new Map(current.map((draft) => [draft.photoId, draft.caption]));
      const kept = current.filter((draft) => item.photos.some((photo) => photo.photoId === draft.photoId));
      const added = item.photos.filter((photo) => !current.some((draft) => draft.photoId === photo.photoId));
      return [...kept, ...draftsOf(added)].map((draft) => ({ ...draft, caption: typed.get(draft.photoId) ?? draft.caption }));
    });
  }, [ids]);

  const byId = new Map(item.photos.map((photo) => [photo.photoId, photo]));
  const stored = draftsOf(item.photos);
  const orderChanged = JSON.stringify(drafts) !== JSON.stringify(stored);

  async function sendPhoto(event: Event) {
    event.preventDefault();
    if (upload) return;
    setFailure(undefined);
    setNotice(undefined);
    if (!file) return setFileError(tr('caseAdmin.photos.chooseFirst'));
    if (!/^image\/(jpeg|png|webp)$/.test(file.type)) return setFileError(tr('caseAdmin.photos.notImage'));
    setFileError(undefined);
    setUpload({ step: 'preparing' });
    try {
      let data: string;
      try {
        data = await readAsBase64(await downscaleToJpeg(file));
      } catch {
        setUpload(undefined);
        return setFileError(tr('caseAdmin.photos.unreadable'));
      }
      setUpload({ step: 'uploading', percent: 0 });
      const next = await uploadPhoto(item.caseId, { contentType: 'image/jpeg', data, ...(caption.trim() ? { caption: caption.trim() } : {}) }, lang, (fraction) => {
        setUpload(fraction >= 1 ? { step: 'processing' } : { step: 'uploading', percent: Math.floor(fraction * 100) });
      });
      onChange(next);
      setFile(undefined);
      setCaption('');
      if (fileRef.current) fileRef.current.value = '';
      setNotice(tr('caseAdmin.photos.uploaded'));
      // The upload form goes away with the last photo the case may have: focus the result then.
      requestAnimationFrame(() => {
        if (!uploadRef.current?.isConnected) noticeRef.current?.focus();
      });
    } catch (error) {
      // An expired session: let the portal's own client notice the 401 and return to sign-in.
      if (error instanceof ApiError && error.status === 401) void request('/api/me').catch(() => undefined);
      setFailure(error);
    } finally {
      setUpload(undefined);
    }
  }

  async function saveOrder() {
    if (busy) return;
    setBusy(true);
    setFailure(undefined);
    setNotice(undefined);
    try {
      const body = { expectedVersion: item.version, photos: drafts.map((draft) => ({ photoId: draft.photoId, ...(draft.caption.trim() ? { caption: draft.caption.trim() } : {}) })) };
      onChange(await request<TypicalCase>(`/api/cases/${item.caseId}`, { method: 'PATCH', body }));
      setNotice(tr('caseAdmin.photos.orderSaved'));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  async function remove(photo: ServedPhoto) {
    setBusy(true);
    setFailure(undefined);
    setNotice(undefined);
    try {
      onChange(await request<TypicalCase>(`/api/cases/${item.caseId}/photos/${photo.photoId}`, { method: 'DELETE' }));
      setNotice(tr('caseAdmin.photos.removed'));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
      setRemoving(undefined);
    }
  }

  const uploadText =
    upload?.step === 'preparing' ? tr('caseAdmin.photos.preparing') : upload?.step === 'uploading' ? tr('caseAdmin.photos.uploading', { percent: upload.percent }) : upload?.step === 'processing' ? tr('caseAdmin.photos.processing') : '';

  return (
    <section class="panel" aria-labelledby="case-photos-title">
      <h2 id="case-photos-title">{tr('caseAdmin.photos.title')}</h2>
      {editable && <p class="field-help">{tr('caseAdmin.photos.help')}</p>}
      <div ref={noticeRef} tabIndex={-1} class="focus-target">
        <Notice text={notice} />
        <FailureNote failure={failure} />
      </div>
      {drafts.length === 0 ? (
        <p>{tr('caseAdmin.photos.none')}</p>
      ) : (
        <ol ref={listRef} class="case-photo-list">
          {drafts.map((draft, index) => {
            const photo = byId.get(draft.photoId);
            if (!photo) return null;
            const n = index + 1;
            return (
              <li key={draft.photoId} class="case-photo" data-photo={draft.photoId}>
                <img src={photo.url} alt={photo.caption || tr('caseAdmin.photos.alt', { title: item.title, n })} width={photo.width} height={photo.height} loading="lazy" decoding="async" />
                <div class="case-photo-edit">
                  {editable ? (
                    <Field label={tr('caseAdmin.photos.captionN', { n })} name={`photos.${index}.caption`}>
                      {(fieldIds) => (
                        <input
                          {...inputProps(fieldIds)}
                          type="text"
                          maxLength={caseLimits.caption}
                          value={draft.caption}
                          onInput={(event) => {
                            const value = event.currentTarget.value;
                            setDrafts((current) => current.map((entry) => (entry.photoId === draft.photoId ? { ...entry, caption: value } : entry)));
                          }}
                        />
                      )}
                    </Field>
                  ) : (
                    photo.caption && <p>{photo.caption}</p>
                  )}
                  {editable && (
                    <div class="button-row">
                      <button type="button" class="button button-secondary button-small" data-move="-1" disabled={index === 0} aria-label={tr('caseAdmin.photos.moveUp', { n })} onClick={() => movePhoto(draft.photoId, index, -1)}>
                        ↑
                      </button>
                      <button type="button" class="button button-secondary button-small" data-move="1" disabled={index === drafts.length - 1} aria-label={tr('caseAdmin.photos.moveDown', { n })} onClick={() => movePhoto(draft.photoId, index, 1)}>
                        ↓
                      </button>
                      <button type="button" class="button button-secondary button-small" aria-disabled={busy || undefined} onClick={() => !busy && setRemoving(photo)}>
                        {tr('caseAdmin.photos.remove', { n })}
                      </button>
                    </div>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {editable && orderChanged && (
        <div class="button-row">
          <button type="button" class="button button-secondary" aria-disabled={busy || undefined} onClick={() => void saveOrder()}>
            {tr('caseAdmin.photos.saveOrder')}
          </button>
        </div>
      )}
      {editable && item.photos.length < caseLimits.photos && (
        <form class="record-form case-upload" noValidate onSubmit={(event) => void sendPhoto(event)}>
          <Field label={tr('caseAdmin.photos.file')} name="file" error={fileError}>
            {(fieldIds) => (
              <input
                {...inputProps(fieldIds)}
                ref={fileRef}
                type="file"
                accept="image/jpeg,image/png,image/webp"
                onChange={(event) => {
                  setFile(event.currentTarget.files?.[0]);
                  setFileError(undefined);
                }}
              />
            )}
          </Field>
          <Field label={tr('caseAdmin.photos.caption')} name="caption">
            {(fieldIds) => <input {...inputProps(fieldIds)} type="text" maxLength={caseLimits.caption} value={caption} onInput={(event) => setCaption(event.currentTarget.value)} />}
          </Field>
          <div class="button-row">
            <button ref={uploadRef} type="submit" class="button" aria-disabled={upload !== undefined || undefined}>
              {tr('caseAdmin.photos.upload')}
            </button>
          </div>
          <div class="case-upload-progress" role="status" aria-live="polite">
            {upload && (
              <>
                <progress max={100} value={upload.step === 'uploading' ? upload.percent : upload.step === 'processing' ? 100 : undefined} aria-label={tr('caseAdmin.photos.progress')} />
                <span>{uploadText}</span>
              </>
            )}
          </div>
        </form>
      )}
      {removing && (
        <Dialog title={tr('caseAdmin.photos.remove', { n: drafts.findIndex((draft) => draft.photoId === removing.photoId) + 1 })} onClose={() => setRemoving(undefined)}>
          <form
            method="dialog"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void remove(removing);
            }}
          >
            <p class="warning-text">{tr(item.status === 'published' ? 'caseAdmin.photos.removeConfirmPublished' : 'caseAdmin.photos.removeConfirm')}</p>
            <DialogActions label={tr('common.remove')} busy={busy} onCancel={() => setRemoving(undefined)} />
          </form>
        </Dialog>
      )}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// Publishing

interface PublishPanelProps {
  item: TypicalCase;
  /** The editor's text as typed (what publishing will save first when it differs). */
  form: CaseFormState;
  unsaved: boolean;
  /** Saves the typed text; undefined when refused (the editor shows why). */
  saveFirst: (item: TypicalCase) => Promise<TypicalCase | undefined>;
  onChange: (next: TypicalCase) => void;
  onConflict: () => void;
}

function PublishPanel({ item, form, unsaved, saveFirst, onChange, onConflict }: PublishPanelProps) {
  const { tr } = useLang();
  const request = useApi();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [withdrawing, setWithdrawing] = useState(false);
  // What publishing needs, judged on the text as typed (publishing saves it first).
  const missing = missingForPublication({ title: form.title, summary: form.summary, body: form.body, photos: item.photos });

  async function act(path: 'publish' | 'unpublish', reason?: string): Promise<void> {
    if (busy) return;
    setBusy(true);
    setFailure(undefined);
    setNotice(undefined);
    try {
      let current: TypicalCase | undefined = item;
      if (path === 'publish' && unsaved) current = await saveFirst(item);
      if (!current) return;
      const body = reason === undefined ? { expectedVersion: current.version } : { expectedVersion: current.version, reason };
      onChange(await request<TypicalCase>(`/api/cases/${current.caseId}/${path}`, { method: 'POST', body }));
      setNotice(tr(path === 'publish' ? 'caseAdmin.publish.done' : 'caseAdmin.withdraw.done'));
    } catch (error) {
      setFailure(error);
      if (isVersionConflict(error)) onConflict();
    } finally {
      setBusy(false);
      setWithdrawing(false);
    }
  }

  return (
    <section class="panel" aria-labelledby="case-publish-title">
      <h2 id="case-publish-title">{tr('caseAdmin.publish.title')}</h2>
      {/* The button pressed goes away with the status it changed: the result takes focus. */}
      <Notice text={notice} focus />
      <FailureNote failure={failure} />
      {item.status === 'published' ? (
        <>
          <p>{tr('caseAdmin.publish.live')}</p>
          {unsaved && <p class="warning-text">{tr('caseAdmin.form.unsaved')}</p>}
          <div class="button-row">
            <button type="button" class="button button-secondary" aria-disabled={busy || undefined} onClick={() => !busy && setWithdrawing(true)}>
              {tr('caseAdmin.withdraw.action')}
            </button>
            <a class="button button-secondary" href={`/cases/?id=${item.caseId}`} target="_blank" rel="noopener">
              {tr('caseAdmin.publicLinkNew')}
            </a>
          </div>
        </>
      ) : (
        <>
          <p id="case-publish-state">
            {missing.length ? tr('caseAdmin.publish.missing', { items: missing.map((need) => tr(`caseAdmin.publish.missing.${need}`)).join(tr('caseAdmin.listSeparator')) }) : tr('caseAdmin.publish.ready')}
          </p>
          {unsaved && <p class="warning-text">{tr(missing.length ? 'caseAdmin.form.unsaved' : 'caseAdmin.publish.unsaved')}</p>}
          <div class="button-row">
            <button type="button" class="button" disabled={missing.length > 0} aria-disabled={busy || undefined} aria-describedby="case-publish-state" onClick={() => void act('publish')}>
              {tr(unsaved ? 'caseAdmin.publish.saveAndPublish' : 'caseAdmin.publish.action')}
            </button>
          </div>
        </>
      )}
      {withdrawing && (
        <ReasonDialog
          title={tr('caseAdmin.withdraw.title')}
          warning={tr('caseAdmin.withdraw.warning')}
          confirmLabel={tr('caseAdmin.withdraw.action')}
          busy={busy}
          onCancel={() => setWithdrawing(false)}
          onConfirm={(reason) => act('unpublish', reason)}
        />
      )}
    </section>
  );
}
