/** The branch list of one county: search, filters, status badges, CSV export and import. */
import { useMemo, useState } from 'preact/hooks';
import { useLang } from '../context.js';
import { Badge, DivisionCascade, Field, LoadStatus, ShowMore, useLoad, useWindow } from '../ui.js';
import type { OrgAccess } from './access.js';
import { branchColumns, branchImportColumns } from './exports.js';
import { ImportPanel } from './ImportPanel.js';
import { statusKey, statusTone, typeKey } from './labels.js';
import { BranchTypeOptions, ListBar } from './parts.js';
import { branchStatusList, type BranchList as BranchListResponse, type BranchStatus, type BranchType } from './types.js';

/** The list query for the given filters (the server filters; `q` is trimmed). */
export function branchListPath(county: string, filters: { q: string; type: string; status: string; division: string }): string {
  const params = new URLSearchParams({ county });
  if (filters.division) params.set('division', filters.division);
  if (filters.type) params.set('type', filters.type);
  if (filters.status) params.set('status', filters.status);
  if (filters.q.trim()) params.set('q', filters.q.trim());
  return `/api/branches?${params.toString()}`;
}

export function BranchList({ county, access }: { county: string; access: OrgAccess }) {
  const { tr } = useLang();
  const [q, setQ] = useState('');
  const [appliedQ, setAppliedQ] = useState('');
  const [type, setType] = useState<BranchType | ''>('');
  const [status, setStatus] = useState<BranchStatus | ''>('');
  const [division, setDivision] = useState('');
  const path = branchListPath(county, { q: appliedQ, type, status, division });
  const { state, reload } = useLoad<BranchListResponse>(path);
  const items = useMemo(() => (state.phase === 'ready' ? state.data.items : []), [state]);
  const { shown, more, showMore } = useWindow(items);

  return (
    <section class="panel" aria-labelledby="branch-list-title" aria-busy={state.phase === 'loading'}>
      <div class="panel-head">
        <h2 id="branch-list-title">{tr('branches.listTitle')}</h2>
        {access.canPropose && (
          <a class="button button-small" href="#/branches/new">
            {tr('branches.register')}
          </a>
        )}
      </div>
      <form
        class="filters"
        role="search"
        aria-label={tr('branches.filters')}
        onSubmit={(event) => {
          event.preventDefault();
          setAppliedQ(q);
        }}
      >
        <Field label={tr('branches.q')} name="q">
          {({ id }) => (
            <div class="search-row">
              <input id={id} type="search" value={q} onInput={(event) => setQ(event.currentTarget.value)} />
              <button type="submit" class="button button-secondary button-small">
                {tr('common.search')}
              </button>
            </div>
          )}
        </Field>
        <Field label={tr('branches.type')} name="type">
          {({ id }) => (
            <select id={id} value={type} onChange={(event) => setType(event.currentTarget.value as BranchType | '')}>
              <option value="">{tr('common.all')}</option>
              <BranchTypeOptions />
            </select>
          )}
        </Field>
        <Field label={tr('branches.status')} name="status">
          {({ id }) => (
            <select id={id} value={status} onChange={(event) => setStatus(event.currentTarget.value as BranchStatus | '')}>
              <option value="">{tr('common.all')}</option>
              {branchStatusList.map((value) => (
                <option key={value} value={value}>
                  {tr(statusKey(value))}
                </option>
              ))}
            </select>
          )}
        </Field>
        <DivisionCascade root={county} levels={['township']} value={division} onChange={setDivision} emptyLabel={tr('common.all')} name="division" />
      </form>

      <LoadStatus state={state} errorKey="branches.loadError" onRetry={reload} />
      {state.phase === 'ready' && (
        <>
          <ListBar count={items.length ? tr('branches.count', { count: items.length }) : tr('branches.empty')} items={items} fileParts={[tr('org.tab.branches'), county]} columns={branchColumns(tr)} />
          {items.length > 0 && (
            <ul class="record-list">
              {shown.map((branch) => (
                <li key={branch.branchId}>
                  <a class="record-link" href={`#/branches/${branch.branchId}`}>
                    <span class="record-title">{branch.name}</span>
                    <Badge tone={statusTone[branch.status]}>{tr(statusKey(branch.status))}</Badge>
                  </a>
                  <span class="record-meta">
                    {tr(typeKey(branch.type))} · {branch.divisionName} · {branch.hostOrganisation}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <ShowMore more={more} onClick={showMore} />
        </>
      )}
      {access.canDecide && <ImportPanel endpoint="/api/branches/import" columns={branchImportColumns} onImported={reload} />}
    </section>
  );
}
