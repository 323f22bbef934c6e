/**
 * Building blocks of the portal's data screens: a loader hook with loading/error/retry states in
 * the overview's style, labelled form fields with inline errors, a modal dialog on `<dialog>`, a
 * "show more" window over long lists, and division pickers over `GET /api/divisions`.
 */
import type { ComponentChildren, JSX, RefObject } from 'preact';
import { useCallback, useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiError, describeError, isAbort, type DivisionChild, type DivisionLevel, type DivisionsResponse } from '../common/api.js';
import { ancestorAt, divisionLevels, levelOfCode } from '../common/divisions.js';
import { useApi, useLang } from './context.js';
import type { AnyKey, PortalKey } from './messages.js';

/** What a screen knows about one request. */
export type Load<T> = { phase: 'loading' } | { phase: 'ready'; data: T } | { phase: 'error'; error: unknown } | { phase: 'idle' };

/**
 * GETs `path` (none while undefined) and re-fetches when it changes or on `reload()`. A superseded
 * request is aborted, so a slow old answer never overwrites a newer one.
 */
export function useLoad<T>(path: string | undefined): { state: Load<T>; reload: () => void; set: (data: T) => void } {
  const request = useApi();
  const [state, setState] = useState<Load<T>>(path ? { phase: 'loading' } : { phase: 'idle' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!path) {
      setState({ phase: 'idle' });
      return;
    }
    const controller = new AbortController();
    setState({ phase: 'loading' });
    request<T>(path, controller.signal).then(
      (data) => setState({ phase: 'ready', data }),
      (error: unknown) => {
        if (!(isAbort(error) && controller.signal.aborted)) setState({ phase: 'error', error });
      },
    );
    return () => controller.abort();
  }, [path, attempt, request]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const set = useCallback((data: T) => setState({ phase: 'ready', data }), []);
  return { state, reload, set };
}

/** The loading line or the error box (with retry) of a {@link Load}; nothing when ready. */
export function LoadStatus({ state, errorKey, onRetry }: { state: Load<unknown>; errorKey: AnyKey; onRetry: () => void }) {
  const { lang, tr } = useLang();
  if (state.phase === 'loading') {
    return (
      <p class="loading-line" role="status">
        <span class="spinner" aria-hidden="true" />
        {tr('common.loading')}
      </p>
    );
  }
  if (state.phase === 'error') {
    // Out of the user's scope (403): asking again cannot help, so no retry button.
    const forbidden = state.error instanceof ApiError && state.error.status === 403;
    return (
      <div class="error-box" role="alert">
        <p>{tr(errorKey, { message: describeError(state.error, lang) })}</p>
        {!forbidden && (
          <button type="button" class="button button-small" onClick={onRetry}>
            {tr('common.retry')}
          </button>
        )}
      </div>
    );
  }
  return null;
}

/** An error box for a failed write (the server's own localized message). */
export function ErrorNote({ error }: { error: unknown }) {
  const { lang } = useLang();
  if (error === undefined) return null;
  return (
    <div class="error-box" role="alert">
      <p>{describeError(error, lang)}</p>
    </div>
  );
}

/**
 * A polite confirmation line after a successful write. With `focus`, a new text also takes
 * keyboard focus (when the control that was pressed goes away with the write, e.g. "publish").
 */
export function Notice({ text, focus = false }: { text: string | undefined; focus?: boolean }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (focus && text) requestAnimationFrame(() => ref.current?.focus());
  }, [text, focus]);
  return (
    <p ref={ref} class="success-note" role="status" hidden={!text} tabIndex={focus ? -1 : undefined}>
      {text}
    </p>
  );
}

/** The first `step` rows, then a button for the next `step`: a county may list 600 branches. */
export function useWindow<T>(items: readonly T[], step = 200): { shown: readonly T[]; more: number; showMore: () => void } {
  const [limit, setLimit] = useState(step);
  useEffect(() => setLimit(step), [items, step]);
  return { shown: items.slice(0, limit), more: Math.max(0, items.length - limit), showMore: () => setLimit((n) => n + step) };
}

export function ShowMore({ more, onClick }: { more: number; onClick: () => void }) {
  const { tr } = useLang();
  if (more <= 0) return null;
  return (
    <p class="show-more">
      <button type="button" class="button button-secondary button-small" onClick={onClick}>
        {tr('common.showMore', { count: more })}
      </button>
    </p>
  );
}

interface FieldProps {
  label: string;
  /** Name used in error maps (`leadership.0.phone`). */
  name: string;
  error?: string | undefined;
  help?: string | undefined;
  required?: boolean;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ComponentChildren;
}

/** A label, the control (render prop, so any input kind works), help text and the field's error. */
export function Field({ label, name, error, help, required, children }: FieldProps) {
  const { tr } = useLang();
  const id = `f-${useId()}-${name.replace(/[^\w-]/g, '-')}`;
  const helpId = help ? `${id}-help` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [helpId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field has-error' : 'field'} data-field={name}>
      <label for={id}>
        {label}
        {required ? <span class="required-mark"> {tr('common.required')}</span> : null}
      </label>
      {children({ id, describedBy, invalid: Boolean(error) })}
      {help ? (
        <p class="field-help" id={helpId}>
          {help}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * A modal dialog on the native `<dialog>`: the browser traps focus, Escape closes it and focus
 * returns to the opener, or to the page heading when the opener is gone (a decision that changes
 * the buttons on offer). Rendered only while open.
 */
export function Dialog({ title, onClose, children }: { title: string; onClose: () => void; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = `dlg-${useId()}`;
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    if (dialog && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
    return () => {
      // Close first: while the modal is open the rest of the page is inert and cannot take focus.
      if (dialog?.open) dialog.close();
      const target = opener?.isConnected && !opener.closest('[inert]') ? opener : document.getElementById('page-title');
      target?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      class="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}

const levelLabel: Record<DivisionLevel, PortalKey> = {
  province: 'division.city',
  city: 'division.city',
  county: 'division.county',
  township: 'division.township',
  village: 'division.village',
};

/** Children answers cached per parent for the page's life: divisions change once a year. */
const childrenCache = new Map<string, Promise<DivisionsResponse>>();

function useChildren(parent: string | undefined): Load<DivisionChild[]> {
  const request = useApi();
  const [state, setState] = useState<Load<DivisionChild[]>>({ phase: 'idle' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!parent) {
      setState({ phase: 'idle' });
      return;
    }
    let live = true;
    let pending = childrenCache.get(parent);
    if (!pending) {
      pending = request<DivisionsResponse>(`/api/divisions?parent=${encodeURIComponent(parent)}`);
      childrenCache.set(parent, pending);
      pending.catch(() => childrenCache.delete(parent));
    }
    setState({ phase: 'loading' });
    pending.then(
      (data) => live && setState({ phase: 'ready', data: data.children }),
      (error: unknown) => live && setState({ phase: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [parent, attempt, request]);
  void setAttempt;
  return state;
}

interface CascadeProps {
  /** The division whose children the first select lists. */
  root: string;
  /** The levels to offer, top down, e.g. `['township', 'village']`. */
  levels: readonly DivisionLevel[];
  /** The deepest chosen code, or '' for none. */
  value: string;
  onChange: (code: string) => void;
  /** Label of the "nothing chosen" option: "choose…" in forms, "any" in filters. */
  emptyLabel?: string;
  /** Per-level labels of that option ("全县" for no township, "全乡镇" for no village). */
  emptyLabels?: Partial<Record<DivisionLevel, string>>;
  required?: boolean;
  error?: string | undefined;
  /** Error-map name of the field (`division`). */
  name: string;
  /** Overrides the label of a level (e.g. "Township" filter). */
  labels?: Partial<Record<DivisionLevel, string>>;
}

/** One labelled select per level; choosing a level clears the levels below it. */
export function DivisionCascade(props: CascadeProps) {
  return (
    <div class="cascade">
      {props.levels.map((level, index) => (
        <CascadeLevel key={level} {...props} level={level} index={index} />
      ))}
    </div>
  );
}

function CascadeLevel({ root, levels, value, onChange, emptyLabel, emptyLabels, required, error, name, labels, level, index }: CascadeProps & { level: DivisionLevel; index: number }) {
  const { lang, tr } = useLang();
  const valueLevel = value ? levelOfCode(value) : undefined;
  const depthOf = (l: DivisionLevel) => divisionLevels.indexOf(l);
  const selected = value && valueLevel && depthOf(valueLevel) >= depthOf(level) ? ancestorAt(value, level) : '';
  const above = index === 0 ? undefined : levels[index - 1];
  const parent = index === 0 ? root : value && valueLevel && above && depthOf(valueLevel) >= depthOf(above) ? ancestorAt(value, above) : undefined;
  const children = useChildren(parent);
  const options = children.phase === 'ready' ? children.data : [];
  const isLast = index === levels.length - 1;
  return (
    <Field label={labels?.[level] ?? tr(levelLabel[level])} name={isLast ? name : `${name}.${level}`} error={isLast ? error : undefined} required={Boolean(required) && index === 0}>
      {({ id, describedBy, invalid }) => (
        <>
          <select
            id={id}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            aria-busy={children.phase === 'loading'}
            disabled={!parent}
            value={selected}
            onChange={(event) => {
              const next = event.currentTarget.value;
              onChange(next || (parent && parent !== root ? parent : '') || '');
            }}
          >
            <option value="">{emptyLabels?.[level] ?? emptyLabel ?? tr('division.choose')}</option>
            {options.map((child) => (
              <option key={child.code} value={child.code}>
                {child.name}
              </option>
            ))}
          </select>
          {children.phase === 'error' ? (
            <p class="field-error" role="alert">
              {describeError(children.error, lang)}
            </p>
          ) : null}
        </>
      )}
    </Field>
  );
}

/** A status pill with text (colour is never the only signal). */
export function Badge({ tone, children }: { tone: 'ok' | 'warn' | 'muted' | 'bad'; children: ComponentChildren }) {
  return <span class={`badge badge-${tone}`}>{children}</span>;
}

/** After a refused save, moves focus to the first input at fault (once the errors have rendered). */
export function focusFirstError(form: RefObject<HTMLElement>, inputs = '.has-error input, .has-error select, .has-error textarea'): void {
  requestAnimationFrame(() => form.current?.querySelector<HTMLElement>(inputs)?.focus());
}

/** A fresh idempotency key per submission attempt, kept for retries of the same attempt. */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Older WebViews: 128 random bits from getRandomValues, formatted like a UUID v4.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Props of a text input wired to a field (keeps forms short). */
export function inputProps(ids: { id: string; describedBy: string | undefined; invalid: boolean }): JSX.HTMLAttributes<HTMLInputElement> {
  return { id: ids.id, 'aria-describedby': ids.describedBy, 'aria-invalid': ids.invalid || undefined };
}
