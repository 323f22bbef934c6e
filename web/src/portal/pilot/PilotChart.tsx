/**
 * Loads the pilot chart chunk on first use and draws `spec`; if the chunk cannot load, the table
 * that always sits beside the chart carries the data alone, with a note.
 */
import { LazyChart } from '../lazy-chart.js';
import type { ChartSpec } from './pilot-charts.js';

const loadPilotChart = () => import('./pilot-charts.js').then((module) => module.mountPilotChart);

export function PilotChart({ spec, label }: { spec: ChartSpec; label: string }) {
  return <LazyChart load={loadPilotChart} data={spec} label={label} />;
}
