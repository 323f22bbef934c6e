/**
 * 覆盖情况: the coverage of a division (province → cities, city → counties, county → townships,
 * township → villages). Summary figures, a lazily loaded bar chart of the children, the same data
 * as a table (the accessible alternative; each row drills down), a breadcrumb back up, the
 * uncovered list with CSV export, and the county's targets (county staff).
 */
import { useMemo, useState } from 'preact/hooks';
import { ancestorAt, divisionLevels, levelOfCode } from '../../common/divisions.js';
import { formatPercent, hasTarget, percentValue } from '../../common/format.js';
import { useApi, useLang } from '../context.js';
import { buildCsv, csvFileName, downloadCsv } from '../csv.js';
import { LazyChart } from '../lazy-chart.js';
import type { Me } from '../me.js';
import { ErrorNote, Field, LoadStatus, Notice, ShowMore, inputProps, useLoad, useWindow } from '../ui.js';
import type { OrgAccess } from './access.js';
import type { CoverageBar } from './coverage-chart.js';
import { uncoveredColumns } from './exports.js';
import type { CoverageChild, CoverageView, Tally, UncoveredList } from './types.js';

/** Names seen so far, for breadcrumb entries above the current division. */
const divisionNames = new Map<string, string>();

export function coveragePath(division: string | undefined): string {
  return division ? `/api/coverage?division=${encodeURIComponent(division)}` : '/api/coverage';
}

/** The bar of a child: township coverage for cities and counties, village coverage for townships. */
export function childBar(child: CoverageChild): CoverageBar {
  const tally = child.level === 'township' ? child.villages : child.townships;
  return { code: child.code, name: child.name, value: tally ? percentValue(tally.covered, tally.total) : undefined };
}

export function Coverage({ me, access, division }: { me: Me; access: OrgAccess; division: string | undefined }) {
  const { tr } = useLang();
  const { state, reload, set } = useLoad<CoverageView>(coveragePath(division ?? me.division.code));
  const view = state.phase === 'ready' ? state.data : undefined;
  if (view) {
    divisionNames.set(view.division.code, view.division.name);
    for (const child of view.children) divisionNames.set(child.code, child.name);
  }
  const crumbs = view ? breadcrumb(me.division.code, view.division.code) : [];
  const isOwnCounty = view !== undefined && view.division.level === 'county' && access.canDecide && access.ownCounty === view.division.code;

  return (
    <section aria-labelledby="coverage-title" aria-busy={state.phase === 'loading'}>
      <h2 id="coverage-title" class="section-title">
        {tr('coverage.title')}
        {view ? ` · ${view.division.name}` : ''}
      </h2>
      {crumbs.length > 1 && (
        <nav class="crumbs" aria-label={tr('coverage.breadcrumb')}>
          <ol>
            {crumbs.map((code, index) => (
              <li key={code}>
                {index === crumbs.length - 1 ? (
                  <span aria-current="location">{divisionNames.get(code) ?? code}</span>
                ) : (
                  <a href={`#/branches/coverage/${code}`}>{divisionNames.get(code) ?? code}</a>
                )}
              </li>
            ))}
          </ol>
        </nav>
      )}
      <LoadStatus state={state} errorKey="coverage.loadError" onRetry={reload} />
      {view && (
        <>
          <CoverageSummary tally={view.summary} />
          <Children view={view} />
          {(view.division.level === 'county' || view.division.level === 'township') && <Uncovered division={view.division.code} name={view.division.name} />}
          {isOwnCounty && <Targets county={view.division.code} tally={view.summary} onSaved={(summary) => set({ ...view, summary })} />}
        </>
      )}
    </section>
  );
}

/** Codes from the user's own scope down to `current` (just `current` when it is outside the scope). */
function breadcrumb(scope: string, current: string): string[] {
  const scopeLevel = levelOfCode(scope);
  const currentLevel = levelOfCode(current);
  const from = divisionLevels.indexOf(scopeLevel);
  const to = divisionLevels.indexOf(currentLevel);
  if (to < from || ancestorAt(current, scopeLevel) !== scope) return [current];
  return divisionLevels.slice(from, to + 1).map((level) => ancestorAt(current, level));
}

/** Summary figures; shared with the overview page. */
export function CoverageSummary({ tally }: { tally: Tally }) {
  const { tr } = useLang();
  const targeted = (['school', 'hospital', 'enterprise'] as const).map((type) => {
    const count = tally.branches[type] ?? 0;
    const target = tally.targets[type];
    return { type, text: hasTarget(target) ? tr('coverage.vsTarget', { count, target }) : tr('coverage.noTarget', { count }) };
  });
  return (
    <dl class="stat-grid">
      <div class="stat" data-stat="townships">
        <dt>{tr('coverage.townships')}</dt>
        <dd>
          <span class="stat-value">{formatPercent(tally.townships.covered, tally.townships.total)}</span>
          <span class="stat-sub">{tr('coverage.ofTotal', { covered: tally.townships.covered, total: tally.townships.total })}</span>
        </dd>
      </div>
      <div class="stat" data-stat="villages">
        <dt>{tr('coverage.villages')}</dt>
        <dd>
          <span class="stat-value">{formatPercent(tally.villages.covered, tally.villages.total)}</span>
          <span class="stat-sub">{tr('coverage.ofTotal', { covered: tally.villages.covered, total: tally.villages.total })}</span>
        </dd>
      </div>
      <div class="stat" data-stat="commissioners">
        <dt>{tr('coverage.commissioners')}</dt>
        <dd>
          <span class="stat-value">{tally.commissioners}</span>
        </dd>
      </div>
      {targeted.map(({ type, text }) => (
        <div class="stat" data-stat={type} key={type}>
          <dt>{tr(`coverage.${type}`)}</dt>
          <dd>
            <span class="stat-value stat-value-small">{text}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Children({ view }: { view: CoverageView }) {
  const { tr } = useLang();
  const villages = view.division.level === 'township';
  const bars = useMemo(() => view.children.map(childBar), [view]);
  const { shown, more, showMore } = useWindow(view.children);
  if (view.children.length === 0) return null;
  return (
    <section class="panel" aria-labelledby="coverage-children-title">
      <h3 id="coverage-children-title">{tr('coverage.children')}</h3>
      {!villages && <LazyChart load={loadCoverageChart} data={bars} label={tr(view.children[0]?.level === 'township' ? 'coverage.chartVillageLabel' : 'coverage.chartLabel', { name: view.division.name })} />}
      <div class="table-wrap">
        <table class="data-table coverage-table">
          <caption class="visually-hidden">{tr('coverage.children')}</caption>
          <thead>
            <tr>
              <th scope="col">{tr('coverage.name')}</th>
              {villages ? (
                <th scope="col">{tr('coverage.by')}</th>
              ) : (
                <>
                  <th scope="col">{tr('coverage.townshipPct')}</th>
                  <th scope="col">{tr('coverage.villagePct')}</th>
                  <th scope="col">{tr('coverage.commissioners')}</th>
                </>
              )}
            </tr>
          </thead>
          <tbody>
            {shown.map((child) => (
              <tr key={child.code}>
                <th scope="row">
                  {villages ? (
                    child.name
                  ) : (
                    <a href={`#/branches/coverage/${child.code}`} aria-label={tr('coverage.drill', { name: child.name })}>
                      {child.name}
                    </a>
                  )}
                </th>
                {villages ? (
                  <td>{coveredBy(child, tr)}</td>
                ) : (
                  <>
                    <td class="num">
                      {child.townships ? formatPercent(child.townships.covered, child.townships.total) : '—'}
                      {child.townships ? <span class="cell-sub"> ({child.townships.covered}/{child.townships.total})</span> : null}
                    </td>
                    <td class="num">
                      {child.villages ? formatPercent(child.villages.covered, child.villages.total) : '—'}
                      {child.villages ? <span class="cell-sub"> ({child.villages.covered}/{child.villages.total})</span> : null}
                    </td>
                    <td class="num">{child.commissioners ?? 0}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ShowMore more={more} onClick={showMore} />
    </section>
  );
}

function coveredBy(child: CoverageChild, tr: (key: 'coverage.byBranch' | 'coverage.byCommissioner' | 'coverage.byBoth' | 'coverage.notCovered') => string): string {
  switch (child.by) {
    case 'branch':
      return tr('coverage.byBranch');
    case 'commissioner':
      return tr('coverage.byCommissioner');
    case 'both':
      return tr('coverage.byBoth');
    default:
      return child.covered ? tr('coverage.byBranch') : tr('coverage.notCovered');
  }
}

/** The coverage chart chunk; a click on a bar drills down to that division. */
const loadCoverageChart = () =>
  import('./coverage-chart.js').then(
    (module) => (element: HTMLElement, bars: readonly CoverageBar[]) =>
      module.mountCoverageChart(element, bars, (code) => {
        location.hash = `#/branches/coverage/${code}`;
      }),
  );

function Uncovered({ division, name }: { division: string; name: string }) {
  const { tr } = useLang();
  const { state, reload } = useLoad<UncoveredList>(`/api/coverage/uncovered?division=${encodeURIComponent(division)}`);
  const items = useMemo(() => (state.phase === 'ready' ? state.data.items : []), [state]);
  const { shown, more, showMore } = useWindow(items);
  return (
    <section class="panel" aria-labelledby="uncovered-title" aria-busy={state.phase === 'loading'}>
      <h3 id="uncovered-title">{tr('coverage.uncovered')}</h3>
      <LoadStatus state={state} errorKey="coverage.uncoveredError" onRetry={reload} />
      {state.phase === 'ready' && (
        <>
          <div class="list-bar">
            <p class="list-count">{items.length ? tr('coverage.uncoveredCount', { count: items.length }) : tr('coverage.uncoveredNone')}</p>
            <button
              type="button"
              class="button button-secondary button-small"
              disabled={!items.length}
              onClick={() => downloadCsv(csvFileName([tr('coverage.uncovered'), name]), buildCsv(uncoveredColumns(tr), items))}
            >
              {tr('common.exportCsv')}
            </button>
          </div>
          <ul class="chip-list">
            {shown.map((item) => (
              <li key={item.code}>
                {item.name}
                {item.township ? <span class="cell-sub"> · {divisionNames.get(item.township) ?? item.township}</span> : null}
              </li>
            ))}
          </ul>
          <ShowMore more={more} onClick={showMore} />
        </>
      )}
    </section>
  );
}

function Targets({ county, tally, onSaved }: { county: string; tally: Tally; onSaved: (tally: Tally) => void }) {
  const { tr } = useLang();
  const request = useApi();
  const [values, setValues] = useState(() => ({
    school: String(tally.targets.school ?? 0),
    hospital: String(tally.targets.hospital ?? 0),
    enterprise: String(tally.targets.enterprise ?? 0),
  }));
  const [failure, setFailure] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <details class="panel">
      <summary>{tr('coverage.targets')}</summary>
      <p class="field-help">{tr('coverage.targetsHelp')}</p>
      <form
        class="record-form"
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          setFailure(undefined);
          setNotice(undefined);
          try {
            const body = { school: Number(values.school), hospital: Number(values.hospital), enterprise: Number(values.enterprise) };
            const saved = await request<Tally>(`/api/coverage/${county}/targets`, { method: 'PUT', body });
            onSaved(saved);
            setNotice(tr('coverage.targetsSaved'));
          } catch (error) {
            setFailure(error);
          } finally {
            setBusy(false);
          }
        }}
      >
        <div class="field-trio">
          {(['school', 'hospital', 'enterprise'] as const).map((type) => (
            <Field key={type} label={tr(`coverage.${type}`)} name={type}>
              {(ids) => (
                <input
                  {...inputProps(ids)}
                  type="number"
                  min={0}
                  step={1}
                  inputMode="numeric"
                  value={values[type]}
                  onInput={(event) => {
                    const value = event.currentTarget.value;
                    setValues((current) => ({ ...current, [type]: value }));
                  }}
                />
              )}
            </Field>
          ))}
        </div>
        {failure !== undefined && <ErrorNote error={failure} />}
        <Notice text={notice} />
        <button type="submit" class="button" disabled={busy}>
          {busy ? tr('common.saving') : tr('common.save')}
        </button>
      </form>
    </details>
  );
}
