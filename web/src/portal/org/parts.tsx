/**
 * Small pieces the organisation pages share where the logic is the same: the failure note of a
 * write (with the 409 "reloaded" line), the box of field errors no input shows, the save/cancel row of a dialog, the count-and-export bar
 * above a list, and the option lists of branch types and dues statuses.
 */
import { useRef } from 'preact/hooks';
import { useApi, useLang } from '../context.js';
import { buildCsv, csvFileName, downloadCsv, type CsvColumn } from '../csv.js';
import { isVersionConflict } from '../errors.js';
import { ErrorNote, newIdempotencyKey } from '../ui.js';
import { duesKey, typeKey } from './labels.js';
import { branchTypeList, type DuesStatus } from './types.js';

/** A failed write: the API's message, and for 409 VERSION_CONFLICT that the record was reloaded. */
export function FailureNote({ failure }: { failure: unknown }) {
  const { tr } = useLang();
  if (failure === undefined) return null;
  return (
    <>
      <ErrorNote error={failure} />
      {isVersionConflict(failure) && <p role="status">{tr('detail.conflict')}</p>}
    </>
  );
}

/** Field problems the form shows at no input (field name and message), in one alert box; nothing when there are none. */
export function FormErrors({ entries }: { entries: ReadonlyArray<[string, string]> }) {
  const { tr } = useLang();
  if (entries.length === 0) return null;
  return (
    <div class="error-box" role="alert">
      <p>{tr('common.formErrors')}</p>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            <span class="mono">{field}</span>: {message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The submit and cancel buttons at the foot of a dialog's form. */
export function DialogActions({ label, busy, onCancel }: { label: string; busy: boolean; onCancel: () => void }) {
  const { tr } = useLang();
  return (
    <div class="button-row">
      <button type="submit" class="button" disabled={busy}>
        {busy ? tr('common.saving') : label}
      </button>
      <button type="button" class="button button-secondary" onClick={onCancel}>
        {tr('common.cancel')}
      </button>
    </div>
  );
}

/** The line above a list: how many rows (or that there are none) and "export CSV" of all of them. */
export function ListBar<T>(props: { count: string; items: readonly T[]; fileParts: string[]; columns: readonly CsvColumn<T>[] }) {
  const { tr } = useLang();
  return (
    <div class="list-bar">
      <p class="list-count" role="status">
        {props.count}
      </p>
      <button
        type="button"
        class="button button-secondary button-small"
        disabled={!props.items.length}
        onClick={() => downloadCsv(csvFileName(props.fileParts), buildCsv(props.columns, props.items))}
      >
        {tr('common.exportCsv')}
      </button>
    </div>
  );
}

/** `<option>`s of every branch type. */
export function BranchTypeOptions() {
  const { tr } = useLang();
  return (
    <>
      {branchTypeList.map((value) => (
        <option key={value} value={value}>
          {tr(typeKey(value))}
        </option>
      ))}
    </>
  );
}

const duesList: DuesStatus[] = ['paid', 'due', 'exempt'];

/** The dues status picker (enrolment and the dues dialog). */
export function DuesSelect({ id, value, onChange }: { id: string; value: DuesStatus; onChange: (value: DuesStatus) => void }) {
  const { tr } = useLang();
  return (
    <select id={id} value={value} onChange={(event) => onChange(event.currentTarget.value as DuesStatus)}>
      {duesList.map((dues) => (
        <option key={dues} value={dues}>
          {tr(duesKey(dues))}
        </option>
      ))}
    </select>
  );
}

/**
 * A create (POST) with an `Idempotency-Key`: the same body sent again after a failure reuses the
 * key (the server replays its first answer), a changed body gets a new one, success forgets it.
 */
export function useIdempotentPost(): <T>(path: string, body: unknown) => Promise<T> {
  const request = useApi();
  const attempt = useRef<{ key: string; body: string } | undefined>(undefined);
  return async <T,>(path: string, body: unknown): Promise<T> => {
    const text = JSON.stringify(body);
    if (!attempt.current || attempt.current.body !== text) attempt.current = { key: newIdempotencyKey(), body: text };
    const result = await request<T>(path, { method: 'POST', body, headers: { 'Idempotency-Key': attempt.current.key } });
    attempt.current = undefined;
    return result;
  };
}
