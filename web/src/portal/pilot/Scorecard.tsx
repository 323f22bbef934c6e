/**
 * The KPI scorecard against the plan's targets: computed now from live data
 * (`GET …/scorecard`), else the latest snapshot the pilot carries. A chart of each KPI's share of
 * its target (lazily loaded) and a table with the figures, met or not, and where each comes from;
 * KPIs a refused completion named (422 PILOT_TARGETS_UNMET) are marked. County staff report the
 * figures that have no live source yet (`PUT …/figures`).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { formatDateTime } from '../../common/i18n.js';
import { useApi, useLang } from '../context.js';
import { Badge, ErrorNote, Field, LoadStatus, Notice, inputProps, useLoad } from '../ui.js';
import { achievement, formatKpi, formatYuan, kpiLabel, sourceLabel } from './labels.js';
import { figuresBody, figuresText } from './plan-form.js';
import { PilotChart } from './PilotChart.js';
import type { ChartSpec } from './pilot-charts.js';
import { kpiUnits, reportedKpis, type KpiKey, type Pilot, type ReportedKpi, type Scorecard as ScorecardData } from './types.js';

interface ScorecardProps {
  pilot: Pilot;
  /** Bumped to fetch the live scorecard again (after figures are saved, after a refusal). */
  refresh: number;
  /** KPIs a refused completion named. */
  unmet: readonly KpiKey[];
}

export function Scorecard({ pilot, refresh, unmet }: ScorecardProps) {
  const { lang, tr } = useLang();
  const live = useLoad<ScorecardData>(`/api/pilots/${pilot.county}/scorecard`);
  useEffect(() => {
    if (refresh) live.reload();
  }, [refresh, live.reload]);
  const card = live.state.phase === 'ready' ? live.state.data : pilot.scorecard;
  const isLive = live.state.phase === 'ready';
  const unmetCount = card ? card.kpis.filter((kpi) => !kpi.met).length : 0;

  const spec = useMemo<ChartSpec | undefined>(() => {
    if (!card) return undefined;
    return {
      kind: 'scorecard',
      targetLabel: tr('pilot.score.targetLine'),
      bars: card.kpis.map((kpi) => {
        const share = achievement(kpi.actual, kpi.target);
        const figures = tr('pilot.score.actualOfTarget', { actual: formatKpi(kpi.actual, kpi.unit, lang), target: formatKpi(kpi.target, kpi.unit, lang) });
        return {
          label: kpiLabel(kpi.key, tr),
          value: share,
          text: share === undefined ? tr('pilot.score.noTarget') : `${share}%`,
          tooltip: `${kpiLabel(kpi.key, tr)}: ${figures}`,
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
                  <th scope="col">{tr('pilot.score.target')}</th>
                  <th scope="col">{tr('pilot.score.actual')}</th>
                  <th scope="col">{tr('pilot.score.met')}</th>
                  <th scope="col">{tr('pilot.score.source')}</th>
                </tr>
              </thead>
              <tbody>
                {card.kpis.map((kpi) => {
                  const refused = unmet.includes(kpi.key);
                  return (
                    <tr key={kpi.key} data-kpi={kpi.key} class={refused ? 'is-refused' : undefined}>
                      <th scope="row">
                        {kpiLabel(kpi.key, tr)}
                        {refused && <span class="cell-sub"> · {tr('pilot.score.refused')}</span>}
                      </th>
                      <td class="num">{formatKpi(kpi.target, kpi.unit, lang)}</td>
                      <td class="num">{formatKpi(kpi.actual, kpi.unit, lang)}</td>
                      <td>
                        <Badge tone={kpi.met ? 'ok' : 'bad'}>{kpi.met ? `✓ ${tr('pilot.score.yes')}` : tr('pilot.score.no')}</Badge>
                      </td>
                      <td>{sourceLabel(kpi.source, tr)}</td>
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

/** County staff report first-aiders, AEDs and funds until the modules that measure them land. */
export function FiguresForm({ pilot, onSaved }: { pilot: Pilot; onSaved: (pilot: Pilot) => void }) {
  const { lang, tr } = useLang();
  const request = useApi();
  const [values, setValues] = useState(() => figuresText(pilot));
  const [errors, setErrors] = useState<Partial<Record<ReportedKpi, string>>>({});
  const [failure, setFailure] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const updatedAt = pilot.reportedFigures.updatedAt;
  return (
    <details class="panel">
      <summary>{tr('pilot.figures.title')}</summary>
      <p class="field-help">{tr('pilot.figures.help')}</p>
      {updatedAt && <p class="field-help">{tr('pilot.figures.updated', { time: formatDateTime(updatedAt, lang) })}</p>}
      <form
        class="record-form"
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          setFailure(undefined);
          setNotice(undefined);
          const { body, bad } = figuresBody(values);
          if (bad.length) {
            setErrors(Object.fromEntries(bad.map((key) => [key, tr(kpiUnits[key] === 'fen' ? 'pilot.form.error.money' : 'pilot.form.error.whole')])));
            return;
          }
          setErrors({});
          setBusy(true);
          try {
            const saved = await request<Pilot>(`/api/pilots/${pilot.county}/figures`, { method: 'PUT', body });
            onSaved(saved);
            setNotice(tr('pilot.figures.saved'));
          } catch (error) {
            setFailure(error);
          } finally {
            setBusy(false);
          }
        }}
      >
        <div class="field-trio">
          {reportedKpis.map((key) => (
            <Field key={key} label={kpiUnits[key] === 'fen' ? tr('pilot.form.yuanLabel', { label: kpiLabel(key, tr) }) : kpiLabel(key, tr)} name={key} error={errors[key]}>
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
        <button type="submit" class="button" disabled={busy}>
          {busy ? tr('common.saving') : tr('common.save')}
        </button>
      </form>
    </details>
  );
}
