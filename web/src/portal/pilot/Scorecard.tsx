/**
 * The KPI scorecard against the plan's targets: computed now from live data
 * (`GET …/scorecard`), else the latest snapshot the pilot carries. A chart of each KPI's share of
 * its target (lazily loaded, the figures beside each bar) and a table with the target, the actual
 * with met or not, and where the actual comes from (three columns: it fits a 360-px phone); KPIs a
 * refused completion named that are still unmet are marked. County staff report the figures that
 * have no live source yet (`PUT …/figures`).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { formatDateTime } from '../../common/i18n.js';
import { useApi, useLang } from '../context.js';
import { Badge, ErrorNote, Field, LoadStatus, Notice, inputProps, useLoad, focusFirstError } from '../ui.js';
import { achievement, formatKpi, formatKpiShort, formatYuan, kpiInputLabel, kpiLabel, sourceLabel } from './labels.js';
import { figuresBody, figuresText, kpiMax } from './plan-form.js';
import { fieldIssues } from './pilot-errors.js';
import { PilotChart } from './PilotChart.js';
import type { ChartSpec } from './pilot-charts.js';
import { kpiUnits, reportedKpis, type KpiKey, type Pilot, type ReportedKpi, type Scorecard as ScorecardData } from './types.js';

interface ScorecardProps {
  pilot: Pilot;
  /** Bumped to fetch the live scorecard again (after figures are saved, after a refusal). */
  refresh: number;
  /** KPIs a refused completion named that are still unmet. */
  unmet: readonly KpiKey[];
  /** Each live scorecard as it arrives (the decision panel reads its refusal against it). */
  onLive?: (card: ScorecardData) => void;
}

export function Scorecard({ pilot, refresh, unmet, onLive }: ScorecardProps) {
  const { lang, tr } = useLang();
  const live = useLoad<ScorecardData>(`/api/pilots/${pilot.county}/scorecard`);
  useEffect(() => {
    if (refresh) live.reload();
  }, [refresh, live.reload]);
  // While the live scorecard is fetched again, the last one stays (not the older snapshot).
  const lastLive = useRef<ScorecardData>();
  if (live.state.phase === 'ready') lastLive.current = live.state.data;
  useEffect(() => {
    if (live.state.phase === 'ready') onLive?.(live.state.data);
  }, [live.state]);
  const card = lastLive.current ?? pilot.scorecard;
  const isLive = lastLive.current !== undefined;
  const unmetCount = card ? card.kpis.filter((kpi) => !kpi.met).length : 0;

  const spec = useMemo<ChartSpec | undefined>(() => {
    if (!card) return undefined;
    return {
      kind: 'scorecard',
      targetLabel: tr('pilot.score.targetLine'),
      axisName: tr('pilot.score.axis'),
      bars: card.kpis.map((kpi) => {
        const share = achievement(kpi.actual, kpi.target);
        const figures = tr('pilot.score.actualOfTarget', { actual: formatKpi(kpi.actual, kpi.unit, lang), target: formatKpi(kpi.target, kpi.unit, lang) });
        return {
          label: kpiLabel(kpi.key, tr),
          value: share,
          text: share === undefined ? tr('pilot.score.noTarget') : tr('pilot.score.barText', { actual: formatKpiShort(kpi.actual, kpi.unit, lang), target: formatKpiShort(kpi.target, kpi.unit, lang) }),
          tooltip: `${kpiLabel(kpi.key, tr)}: ${figures}${share === undefined ? '' : ` (${share}%)`}`,
          tone: kpi.met ? 'ok' : 'bad',
        };
      }),
    };
  }, [card, lang]);

  return (
    <section class="panel" aria-labelledby="pilot-score-title" aria-busy={live.state.phase === 'loading'}>
      <h2 id="pilot-score-title">{tr('pilot.score.title')}</h2>
      {live.state.phase === 'loading' && !card && <LoadStatus state={live.state} errorKey="pilot.score.loadError" onRetry={live.reload} />}
      {live.state.phase === 'error' && (card ? <p class="field-help">{tr('pilot.score.snapshotOnly')}</p> : <LoadStatus state={live.state} errorKey="pilot.score.loadError" onRetry={live.reload} />)}
      {card && (
        <>
          <p class="detail-sub">
            <Badge tone={card.met ? 'ok' : 'warn'}>{card.met ? tr('pilot.score.allMet') : tr('pilot.score.someUnmet', { count: unmetCount })}</Badge>{' '}
            {tr(isLive ? 'pilot.score.liveAt' : 'pilot.score.snapshotAt', { time: formatDateTime(card.computedAt, lang) })}
          </p>
          {spec && <PilotChart spec={spec} label={tr('pilot.score.chartLabel')} />}
          <div class="table-wrap">
            <table class="data-table scorecard-table">
              <caption class="visually-hidden">{tr('pilot.score.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr('pilot.score.kpi')}</th>
                  <th scope="col" class="num">{tr('pilot.score.target')}</th>
                  <th scope="col" class="num">{tr('pilot.score.actual')}</th>
                </tr>
              </thead>
              <tbody>
                {card.kpis.map((kpi) => {
                  const refused = unmet.includes(kpi.key);
                  return (
                    <tr key={kpi.key} data-kpi={kpi.key} class={refused ? 'is-refused' : undefined}>
                      <th scope="row">
                        {kpiLabel(kpi.key, tr)}
                        <span class="cell-sub">{tr('pilot.score.source', { source: sourceLabel(kpi.source, tr) })}</span>
                        {refused && <span class="cell-sub">{tr('pilot.score.refused')}</span>}
                      </th>
                      <td class="num">{kpi.target > 0 ? formatKpi(kpi.target, kpi.unit, lang) : tr('pilot.score.noTarget')}</td>
                      <td class="num" data-met={kpi.met ? 'yes' : 'no'}>
                        {formatKpi(kpi.actual, kpi.unit, lang)}
                        <span class="cell-sub">
                          <Badge tone={kpi.met ? 'ok' : 'bad'}>{kpi.met ? `✓ ${tr('pilot.score.yes')}` : `✗ ${tr('pilot.score.no')}`}</Badge>
                        </span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** The id of the figures form's `<details>`, which a refusal's "report it" button opens. */
export const figuresPanelId = 'pilot-figures';

/** Opens the figures form and puts the cursor in `key`'s input (a refusal's "report it"). */
export function openFigures(key: ReportedKpi): void {
  const details = document.getElementById(figuresPanelId);
  if (!(details instanceof HTMLDetailsElement)) return;
  details.open = true;
  requestAnimationFrame(() => {
    const input = details.querySelector<HTMLInputElement>(`[data-field="${key}"] input`);
    input?.scrollIntoView({ block: 'center' });
    input?.focus();
  });
}

/** County staff report first-aiders, AEDs and funds until the modules that measure them land. */
export function FiguresForm({ pilot, onSaved }: { pilot: Pilot; onSaved: (pilot: Pilot) => void }) {
  const { lang, tr } = useLang();
  const request = useApi();
  const [values, setValues] = useState(() => figuresText(pilot));
  const [errors, setErrors] = useState<Partial<Record<ReportedKpi, string>>>({});
  const [failure, setFailure] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const updatedAt = pilot.reportedFigures.updatedAt;

  const tooBig = (key: ReportedKpi) => tr('pilot.form.error.tooBigMax', { max: formatKpi(kpiMax[key], kpiUnits[key], lang) });
  async function save(event: Event) {
    event.preventDefault();
    if (busy) return;
    setFailure(undefined);
    setNotice(undefined);
    const { body, problems } = figuresBody(values);
    const local: Partial<Record<ReportedKpi, string>> = {};
    for (const key of reportedKpis) {
      const problem = problems.fields[key];
      if (problem) local[key] = problem === 'pilot.form.error.tooBig' ? tooBig(key) : tr(problem);
    }
    // Nothing typed: say so at the first input rather than send an empty report.
    if (problems.empty) local[reportedKpis[0]] = tr('pilot.figures.atLeastOne');
    setErrors(local);
    if (Object.keys(local).length) {
      focusFirstError(formRef, '.has-error input');
      return;
    }
    setBusy(true);
    try {
      const saved = await request<Pilot>(`/api/pilots/${pilot.county}/figures`, { method: 'PUT', body });
      onSaved(saved);
      setNotice(tr('pilot.figures.saved'));
    } catch (error) {
      // The API's issues name the figure (`fundsRaisedFen`) or the whole body (nothing to save).
      const placed: Partial<Record<ReportedKpi, string>> = {};
      for (const [field, issue] of Object.entries(fieldIssues(error))) {
        const key = reportedKpis.find((kpi) => kpi === field);
        if (key) placed[key] = issue === 'too_big' ? tooBig(key) : tr(kpiUnits[key] === 'fen' ? 'pilot.form.error.money' : 'pilot.form.error.whole');
        else if (field === 'body') placed[reportedKpis[0]] = tr('pilot.figures.atLeastOne');
      }
      setErrors(placed);
      if (Object.keys(placed).length) focusFirstError(formRef, '.has-error input');
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <details class="panel" id={figuresPanelId}>
      <summary>{tr('pilot.figures.title')}</summary>
      <p class="field-help">{tr('pilot.figures.help')}</p>
      {updatedAt && <p class="field-help">{tr('pilot.figures.updated', { time: formatDateTime(updatedAt, lang) })}</p>}
      <form ref={formRef} class="record-form" noValidate onSubmit={(event) => void save(event)}>
        <div class="field-trio">
          {reportedKpis.map((key) => (
            <Field key={key} label={kpiInputLabel(key, tr)} name={key} error={errors[key]}>
              {(ids) => (
                <input
                  {...inputProps(ids)}
                  type="text"
                  inputMode={kpiUnits[key] === 'fen' ? 'decimal' : 'numeric'}
                  autoComplete="off"
                  value={values[key]}
                  onInput={(event) => {
                    const value = event.currentTarget.value;
                    setValues((current) => ({ ...current, [key]: value }));
                  }}
                />
              )}
            </Field>
          ))}
        </div>
        {typeof pilot.reportedFigures.fundsRaisedFen === 'number' && (
          <p class="field-help">{tr('pilot.figures.fundsNow', { amount: formatYuan(pilot.reportedFigures.fundsRaisedFen, lang) })}</p>
        )}
        <ErrorNote error={failure} />
        <Notice text={notice} />
        {/* aria-disabled, not disabled, while saving: the button keeps keyboard focus. */}
        <button type="submit" class="button" aria-disabled={busy || undefined}>
          {busy ? tr('common.saving') : tr('common.save')}
        </button>
      </form>
    </details>
  );
}
