/** 审计日志: a county's staff writes, newest first, with "load more" over the API's cursor. */
import { useEffect, useState } from 'preact/hooks';
import { describeError, isAbort } from '../../common/api.js';
import { levelOfCode } from '../../common/divisions.js';
import { formatDateTime } from '../../common/i18n.js';
import { useApi, useLang } from '../context.js';
import type { Me } from '../me.js';
import { DivisionCascade } from '../ui.js';
import { countyPickerLevels, orgAccess } from './access.js';
import { actionLabel, entityLabel, valueText } from './audit-labels.js';
import type { AuditEntry, AuditPage as AuditPageResponse } from './types.js';

type State = { phase: 'idle' } | { phase: 'loading'; items: AuditEntry[] } | { phase: 'ready'; items: AuditEntry[]; cursor?: string | undefined } | { phase: 'error'; items: AuditEntry[]; cursor?: string | undefined; error: unknown };

export function auditPath(division: string, cursor?: string): string {
  const params = new URLSearchParams({ division, limit: '50' });
  if (cursor) params.set('cursor', cursor);
  return `/api/audit?${params.toString()}`;
}

function actorName(actor: AuditEntry['actor']): string {
  return typeof actor === 'string' ? actor : (actor.name ?? actor.userId ?? '—');
}

export function AuditPage({ me }: { me: Me }) {
  const { lang, tr } = useLang();
  const request = useApi();
  const access = orgAccess(me);
  const [picked, setPicked] = useState('');
  const division = access.ownCounty ?? (picked && levelOfCode(picked) === 'county' ? picked : undefined);
  const [state, setState] = useState<State>({ phase: 'idle' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!division) {
      setState({ phase: 'idle' });
      return;
    }
    const controller = new AbortController();
    setState({ phase: 'loading', items: [] });
    request<AuditPageResponse>(auditPath(division), controller.signal).then(
      (page) => setState({ phase: 'ready', items: page.items, cursor: page.cursor }),
      (error: unknown) => {
        if (!(isAbort(error) && controller.signal.aborted)) setState({ phase: 'error', items: [], error });
      },
    );
    return () => controller.abort();
  }, [division, attempt, request]);

  async function loadMore() {
    if (state.phase !== 'ready' && state.phase !== 'error') return;
    if (!division || !state.cursor) return;
    const { items, cursor } = state;
    setState({ phase: 'loading', items });
    try {
      const page = await request<AuditPageResponse>(auditPath(division, cursor));
      setState({ phase: 'ready', items: [...items, ...page.items], cursor: page.cursor });
    } catch (error) {
      setState({ phase: 'error', items, cursor, error });
    }
  }

  const items = state.phase === 'idle' ? [] : state.items;
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {tr('audit.title')}
      </h1>
      {!access.ownCounty && (
        <fieldset class="panel county-picker">
          <legend>{tr('division.countyPick')}</legend>
          <DivisionCascade root={me.division.code} levels={countyPickerLevels(me)} value={picked} onChange={setPicked} name="county" />
        </fieldset>
      )}
      <section class="panel" aria-labelledby="audit-list-title" aria-busy={state.phase === 'loading'}>
        <h2 id="audit-list-title" class="visually-hidden">
          {tr('audit.title')}
        </h2>
        {!division && <p>{tr('division.countyFirst')}</p>}
        {items.length > 0 && (
          <ol class="history">
            {items.map((entry, index) => (
              <li key={`${entry.at}-${entry.entityId}-${index}`}>
                <p class="history-head">
                  <time dateTime={entry.at}>{formatDateTime(entry.at, lang)}</time> · <strong>{actorName(entry.actor)}</strong> ·{' '}
                  <span class="audit-action" data-action={entry.action}>
                    {actionLabel(entry.action, tr)}
                  </span>{' '}
                  · {entityLabel(entry.entity, tr)}{' '}
                  <span class="mono">{entry.entityId}</span>
                </p>
                {(entry.before !== undefined || entry.after !== undefined) && (
                  <details>
                    <summary>{tr('audit.change')}</summary>
                    <p class="audit-change">
                      <del>{valueText('', entry.before, tr, entry.entity)}</del> → <ins>{valueText('', entry.after, tr, entry.entity)}</ins>
                    </p>
                  </details>
                )}
              </li>
            ))}
          </ol>
        )}
        {state.phase === 'ready' && items.length === 0 && <p role="status">{tr('audit.empty')}</p>}
        {state.phase === 'loading' && (
          <p class="loading-line" role="status">
            <span class="spinner" aria-hidden="true" />
            {tr('common.loading')}
          </p>
        )}
        {state.phase === 'error' && (
          <div class="error-box" role="alert">
            <p>{tr('audit.loadError', { message: describeError(state.error, lang) })}</p>
            <button type="button" class="button button-small" onClick={() => (state.cursor ? void loadMore() : setAttempt((n) => n + 1))}>
              {tr('common.retry')}
            </button>
          </div>
        )}
        {state.phase === 'ready' && state.cursor && (
          <p class="show-more">
            <button type="button" class="button button-secondary button-small" onClick={() => void loadMore()}>
              {tr('common.loadMore')}
            </button>
          </p>
        )}
      </section>
    </>
  );
}
