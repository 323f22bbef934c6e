/** The portal's pages: the overview (built) and the panels for sections still to come. */
import { useEffect, useState } from 'preact/hooks';
import type { PortalSection } from '../../../shared/auth/navigation.js';
import { roleNames } from '../../../shared/auth/roles.js';
import { describeError, isAbort, type DivisionsResponse } from '../common/api.js';
import type { MessageKey } from '../common/i18n.js';
import { useApi, useLang } from './context.js';
import type { Me } from './me.js';
import { CoverageSummary, coveragePath } from './org/Coverage.js';
import type { CoverageView } from './org/types.js';
import { LoadStatus, useLoad } from './ui.js';

/** Label key of every section; typed as a full record so a new section cannot go unlabelled. */
export const sectionKeys: Record<PortalSection, MessageKey> = {
  overview: 'section.overview',
  branches: 'section.branches',
  volunteers: 'section.volunteers',
  donations: 'section.donations',
  logistics: 'section.logistics',
  mobilisation: 'section.mobilisation',
  pilot: 'section.pilot',
  audit: 'section.audit',
};

export const levelKeys: Record<Me['division']['level'], MessageKey> = {
  province: 'level.province',
  city: 'level.city',
  county: 'level.county',
  township: 'level.township',
  village: 'level.village',
};

type ChildrenState = { phase: 'loading' } | { phase: 'ready'; data: DivisionsResponse } | { phase: 'error'; error: unknown };

/** The user's scope and, as a first useful list, the divisions directly inside it. */
export function Overview({ me }: { me: Me }) {
  const { lang, tr } = useLang();
  const request = useApi();
  const [children, setChildren] = useState<ChildrenState>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setChildren({ phase: 'loading' });
    request<DivisionsResponse>(`/api/divisions?parent=${encodeURIComponent(me.division.code)}`, controller.signal).then(
      (data) => setChildren({ phase: 'ready', data }),
      (error: unknown) => {
        if (!(isAbort(error) && controller.signal.aborted)) setChildren({ phase: 'error', error });
      },
    );
    return () => controller.abort();
  }, [me.division.code, attempt, request]);

  const roleText = me.roles.map((role) => roleNames[role][lang]).join('、');
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {tr('section.overview')}
      </h1>
      <p class="welcome">{tr('overview.welcome', { name: me.name })}</p>
      <dl class="facts">
        <div>
          <dt>{tr('overview.scope')}</dt>
          <dd>{tr('overview.scopeValue', { name: me.division.name, level: tr(levelKeys[me.division.level]) })}</dd>
        </div>
        <div>
          <dt>{tr('common.code')}</dt>
          <dd class="mono">{me.division.code}</dd>
        </div>
        <div>
          <dt>{tr('overview.roles')}</dt>
          <dd>{roleText}</dd>
        </div>
        <div>
          <dt>{tr('overview.username')}</dt>
          <dd class="mono">{me.username}</dd>
        </div>
      </dl>

      {me.navigation.includes('branches') && <OverviewCoverage me={me} />}

      <section class="panel" aria-labelledby="children-title" aria-busy={children.phase === 'loading'}>
        <h2 id="children-title">{tr('overview.children')}</h2>
        {children.phase === 'loading' && (
          <p class="loading-line" role="status">
            <span class="spinner" aria-hidden="true" />
            {tr('common.loading')}
          </p>
        )}
        {children.phase === 'error' && (
          <div class="error-box" role="alert">
            <p>{tr('overview.childrenError', { message: describeError(children.error, lang) })}</p>
            <button type="button" class="button button-small" onClick={() => setAttempt((n) => n + 1)}>
              {tr('common.retry')}
            </button>
          </div>
        )}
        {children.phase === 'ready' && (
          <>
            <p role="status">
              {children.data.children.length
                ? tr('overview.childrenCount', { name: me.division.name, count: children.data.children.length })
                : tr('overview.childrenEmpty', { name: me.division.name })}
            </p>
            {children.data.children.length > 0 && (
              <ul class="child-list">
                {children.data.children.map((child) => (
                  <li key={child.code}>
                    <span class="child-name">{child.name}</span>
                    <span class="child-meta mono">{child.code}</span>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </section>
    </>
  );
}

/** Coverage figures of the user's scope, for staff who work on grassroots organisation. */
function OverviewCoverage({ me }: { me: Me }) {
  const { tr } = useLang();
  const { state, reload } = useLoad<CoverageView>(coveragePath(me.division.code));
  return (
    <section class="panel" aria-labelledby="overview-coverage-title" aria-busy={state.phase === 'loading'}>
      <h2 id="overview-coverage-title">{tr('overview.coverage')}</h2>
      <LoadStatus state={state} errorKey="coverage.loadError" onRetry={reload} />
      {state.phase === 'ready' && (
        <>
          <CoverageSummary tally={state.data.summary} />
          <p>
            <a href="#/branches/coverage">{tr('overview.coverageLink')}</a>
          </p>
        </>
      )}
    </section>
  );
}

/** A section the user may open but that a later release will fill: clearly "coming", not an error. */
export function ComingSoon({ section }: { section: PortalSection }) {
  const { tr } = useLang();
  const label = tr(sectionKeys[section]);
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {label}
      </h1>
      <div class="panel coming-soon">
        <svg class="coming-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M3 20h18M5 20V10l7-5 7 5v10M9 20v-6h6v6" />
        </svg>
        <div>
          <h2>{tr('comingSoon.title')}</h2>
          <p>{tr('comingSoon.text', { section: label })}</p>
        </div>
      </div>
    </>
  );
}

/** A known section the user's roles do not include (e.g. a bookmarked link from another account). */
export function NotAllowed() {
  const { tr } = useLang();
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {tr('notAllowed.title')}
      </h1>
      <div class="panel">
        <p>{tr('notAllowed.text')}</p>
      </div>
    </>
  );
}
