/**
 * Every county with a pilot in the user's scope (province, city, evaluators): the step each is
 * at, since when, its deadline, who it waits for ("待我决定" when that is the viewer), overdue and
 * scorecard badges; search, step, city (province-wide lists), "awaiting my decision" and overdue
 * filters (in the browser: a province has at most 105 counties), CSV export, and how many counties
 * are at each step as a chart with a table beside it.
 */
import { useMemo, useState } from 'preact/hooks';
import { roleNames } from '../../../../shared/auth/roles.js';
import type { DivisionsResponse } from '../../common/api.js';
import { ancestorAt, levelOfCode } from '../../common/divisions.js';
import { formatDateTime } from '../../common/i18n.js';
import { useLang } from '../context.js';
import type { Me } from '../me.js';
import { ListBar } from '../org/parts.js';
import { Badge, Field, LoadStatus, useLoad } from '../ui.js';
import { pilotColumns } from './exports.js';
import { formatDate, stepLabel, stepTone } from './labels.js';
import { PilotChart } from './PilotChart.js';
import type { ChartSpec } from './pilot-charts.js';
import type { PilotList as PilotListResponse, PilotSummary } from './types.js';
import { awaitsMe, countByStep, displayStep, displaySteps, type DisplayStep } from './workflow.js';

export interface PilotFilters {
  q: string;
  step: DisplayStep | '';
  overdueOnly: boolean;
  /** Only pilots waiting for a decision the viewer's role takes. */
  mineOnly?: boolean;
  /** Only the counties of this city (a province-wide list). */
  city?: string;
}

/** The rows the filters keep: `q` matches the county's name or code or the pilot's name. */
export function filterPilots(items: readonly PilotSummary[], filters: PilotFilters, roles: readonly string[] = []): PilotSummary[] {
  const q = filters.q.trim().toLowerCase();
  return items.filter(
    (item) =>
      (!q || item.countyName.toLowerCase().includes(q) || item.county.includes(q) || item.name.toLowerCase().includes(q)) &&
      (!filters.step || displayStep(item) === filters.step) &&
      (!filters.overdueOnly || item.overdue) &&
      (!filters.mineOnly || awaitsMe(item, roles)) &&
      (!filters.city || ancestorAt(item.county, 'city') === filters.city),
  );
}

export function PilotList({ me }: { me: Me }) {
  const { lang, tr } = useLang();
  const { state, reload } = useLoad<PilotListResponse>(`/api/pilots?division=${encodeURIComponent(me.division.code)}`);
  const [filters, setFilters] = useState<PilotFilters>({ q: '', step: '', overdueOnly: false, mineOnly: false, city: '' });
  const all = useMemo(() => (state.phase === 'ready' ? state.data.items : []), [state]);
  const items = useMemo(() => filterPilots(all, filters, me.roles), [all, filters, me.roles]);
  const scopeName = state.phase === 'ready' ? state.data.division.name : me.division.name;
  const mineCount = useMemo(() => all.filter((item) => awaitsMe(item, me.roles)).length, [all, me.roles]);
  // A province-wide list names each county's city and filters by it.
  const provinceWide = levelOfCode(me.division.code) === 'province';
  const cities = useLoad<DivisionsResponse>(provinceWide ? `/api/divisions?parent=${encodeURIComponent(me.division.code)}` : undefined);
  const cityNames = useMemo(() => new Map(cities.state.phase === 'ready' ? cities.state.data.children.map((city) => [city.code, city.name] as const) : []), [cities.state]);
  const cityName = (county: string) => cityNames.get(ancestorAt(county, 'city')) ?? ancestorAt(county, 'city');
  const cityOptions = useMemo(() => [...new Set(all.map((item) => ancestorAt(item.county, 'city')))].sort(), [all]);

  return (
    <>
      <section class="panel" aria-labelledby="pilot-list-title" aria-busy={state.phase === 'loading'}>
        <h2 id="pilot-list-title">{tr('pilot.list.title', { name: scopeName })}</h2>
        <form class="filters" role="search" aria-label={tr('pilot.list.filters')} onSubmit={(event) => event.preventDefault()}>
          <Field label={tr('pilot.list.q')} name="q">
            {({ id }) => <input id={id} type="search" value={filters.q} onInput={(event) => setFilters({ ...filters, q: event.currentTarget.value })} />}
          </Field>
          <Field label={tr('pilot.list.step')} name="step">
            {({ id }) => (
              <select id={id} value={filters.step} onChange={(event) => setFilters({ ...filters, step: event.currentTarget.value as DisplayStep | '' })}>
                <option value="">{tr('common.all')}</option>
                {displaySteps.map((step) => (
                  <option key={step} value={step}>
                    {stepLabel(step, tr)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {provinceWide && (
            <Field label={tr('pilot.list.city')} name="city">
              {({ id }) => (
                <select id={id} value={filters.city} onChange={(event) => setFilters({ ...filters, city: event.currentTarget.value })}>
                  <option value="">{tr('common.all')}</option>
                  {cityOptions.map((code) => (
                    <option key={code} value={code}>
                      {cityName(code)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <label class="check">
            <input type="checkbox" checked={filters.mineOnly} onChange={(event) => setFilters({ ...filters, mineOnly: event.currentTarget.checked })} />
            <span>
              {tr('pilot.list.awaitingMeOnly')} ({mineCount})
            </span>
          </label>
          <label class="check">
            <input type="checkbox" checked={filters.overdueOnly} onChange={(event) => setFilters({ ...filters, overdueOnly: event.currentTarget.checked })} />
            <span>{tr('pilot.list.overdueOnly')}</span>
          </label>
        </form>
        <LoadStatus state={state} errorKey="pilot.list.loadError" onRetry={reload} />
        {state.phase === 'ready' && (
          <>
            <ListBar
              count={all.length === 0 ? tr('pilot.list.none') : items.length ? tr('common.shown', { shown: items.length, total: all.length }) : tr('pilot.list.noMatch')}
              items={items}
              fileParts={[tr('section.pilot'), scopeName]}
              columns={pilotColumns(tr, lang, provinceWide ? { cityName } : {})}
            />
            {items.length > 0 && (
              <ul class="record-list pilot-list">
                {items.map((item) => {
                  const step = displayStep(item);
                  const mine = awaitsMe(item, me.roles);
                  const waiting = item.status === 'running' && item.awaiting && !mine ? (item.decided ? tr('pilot.list.decided') : tr('pilot.list.awaitingWho', { who: roleNames[item.awaiting][lang] })) : undefined;
                  const meta = [
                    item.stepSince ? tr('pilot.list.sinceValue', { time: formatDateTime(item.stepSince, lang) }) : undefined,
                    item.deadline ? tr('pilot.list.deadlineValue', { date: formatDate(item.deadline, lang) }) : undefined,
                    waiting,
                    item.scorecardMet !== undefined ? tr(item.scorecardMet ? 'pilot.list.metYes' : 'pilot.list.metNo') : undefined,
                  ].filter(Boolean);
                  return (
                    <li key={item.county} data-awaits-me={mine || undefined}>
                      <a class="record-link" href={`#/pilot/${item.county}`}>
                        <span class="record-title">{provinceWide ? `${cityName(item.county)} · ${item.countyName}` : item.countyName}</span>
                        <Badge tone={stepTone(step)}>{stepLabel(step, tr)}</Badge>
                        {mine && <Badge tone="bad">{tr('pilot.list.awaitingMe')}</Badge>}
                        {item.overdue && <Badge tone="bad">{tr('pilot.overdue')}</Badge>}
                      </a>
                      <span class="record-meta">{item.name}</span>
                      {meta.length > 0 && <span class="record-meta">{meta.join(' · ')}</span>}
                    </li>
                  );
                })}
              </ul>
            )}
          </>
        )}
      </section>
      {state.phase === 'ready' && all.length > 0 && <StepCounts items={all} />}
    </>
  );
}

/** How many counties are at each step: a bar chart and the same figures as a table. */
function StepCounts({ items }: { items: readonly PilotSummary[] }) {
  const { lang, tr } = useLang();
  const counts = useMemo(() => countByStep(items), [items]);
  const spec = useMemo<ChartSpec>(
    () => ({
      kind: 'steps',
      bars: counts.map(({ step, count }) => {
        const label = stepLabel(step, tr);
        return { label, value: count, text: String(count), tooltip: tr(count === 1 ? 'pilot.steps.tooltipOne' : 'pilot.steps.tooltip', { step: label, count }) };
      }),
    }),
    [counts, lang],
  );
  return (
    <section class="panel" aria-labelledby="pilot-steps-title">
      <h2 id="pilot-steps-title">{tr('pilot.steps.title')}</h2>
      <PilotChart spec={spec} label={tr('pilot.steps.chartLabel')} />
      <div class="table-wrap">
        <table class="data-table">
          <caption class="visually-hidden">{tr('pilot.steps.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{tr('pilot.list.step')}</th>
              <th scope="col">{tr('pilot.steps.count')}</th>
            </tr>
          </thead>
          <tbody>
            {counts.map(({ step, count }) => (
              <tr key={step}>
                <th scope="row">{stepLabel(step, tr)}</th>
                <td class="num">{count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
