/**
 * The pilot section's two charts, loaded on demand (a dynamic import, its own chunk sharing
 * ECharts with the coverage chart) so the portal's first paint does not carry ECharts:
 *
 * - how many counties are at each step (list page);
 * - each KPI's actual as a share of its target, with the target at 100 % (county page): the KPIs
 *   mix percentages, counts and yuan, so "reached 80 % of target" is the one common scale.
 *
 * Decorative for assistive technology: the tables beside them carry the same data. Every text
 * arrives already translated and formatted, so the chart follows the language toggle.
 */
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

/** One bar: its label, value, the text beside it and the tooltip. */
export interface ChartBar {
  label: string;
  /** undefined draws no bar (e.g. a KPI without a target). */
  value: number | undefined;
  text: string;
  tooltip: string;
  /** Met KPIs are green, unmet red; step counts use the house red. */
  tone?: 'ok' | 'bad';
}

export interface ChartSpec {
  kind: 'steps' | 'scorecard';
  bars: readonly ChartBar[];
  /** Name of the 100 % line (scorecard only), e.g. "目标". */
  targetLabel?: string;
}

export interface ChartHandle {
  update(spec: ChartSpec): void;
  dispose(): void;
}

const rowHeight = 30;
/** The widest share of target the scorecard's axis shows, in percent. */
const maxShare = 200;
const colours = { ok: '#1b7a36', bad: '#c8102e', plain: '#a50d24' } as const;

function heightOf(spec: ChartSpec): number {
  return Math.max(120, spec.bars.length * rowHeight + (spec.kind === 'scorecard' ? 68 : 48));
}

function optionFor(spec: ChartSpec): echarts.EChartsCoreOption {
  // Horizontal bars, first item on top: long Chinese labels read left to right on a 360-px phone.
  const ordered = [...spec.bars].reverse();
  const scorecard = spec.kind === 'scorecard';
  const largest = Math.max(0, ...ordered.map((bar) => bar.value ?? 0));
  const axisMax = Math.min(maxShare, Math.max(100, Math.ceil(largest / 50) * 50));
  return {
    animation: false,
    // Room above the plot for the name of the target line.
    grid: { left: 8, right: 56, top: scorecard ? 28 : 8, bottom: 24, containLabel: true },
    tooltip: { trigger: 'item', formatter: (params: unknown) => (params as { data?: { tooltip?: string } }).data?.tooltip ?? '' },
    xAxis: scorecard
      ? // Up to twice the target: one KPI far beyond its target must not squash the others (its bar
        // is cut at the edge; its label still says how far).
        { type: 'value', min: 0, max: axisMax, interval: axisMax > 100 ? 50 : 25, axisLabel: { formatter: '{value}%', color: '#4a4a4a', hideOverlap: true } }
      : { type: 'value', minInterval: 1, axisLabel: { color: '#4a4a4a', hideOverlap: true } },
    yAxis: { type: 'category', data: ordered.map((bar) => bar.label), axisLabel: { color: '#1f1f1f', width: 104, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 18,
        data: ordered.map((bar) => ({
          value: bar.value ?? null,
          tooltip: bar.tooltip,
          text: bar.text,
          itemStyle: { color: bar.tone ? colours[bar.tone] : colours.plain },
        })),
        label: {
          show: true,
          position: 'right',
          color: '#1f1f1f',
          formatter: (params: unknown) => (params as { data?: { text?: string } }).data?.text ?? '',
        },
        ...(scorecard
          ? {
              markLine: {
                silent: true,
                symbol: 'none',
                lineStyle: { color: '#1f1f1f', type: 'dashed', width: 1 },
                label: { formatter: spec.targetLabel ?? '', color: '#1f1f1f', position: 'end' },
                data: [{ xAxis: 100 }],
              },
            }
          : {}),
      },
    ],
  };
}

/** Draws `spec` into `element` and follows its size. */
export function mountPilotChart(element: HTMLElement, spec: ChartSpec): ChartHandle {
  element.style.height = `${heightOf(spec)}px`;
  const chart = echarts.init(element, undefined, { renderer: 'canvas' });
  chart.setOption(optionFor(spec));
  const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => chart.resize()) : undefined;
  observer?.observe(element);
  return {
    update(next) {
      element.style.height = `${heightOf(next)}px`;
      chart.setOption(optionFor(next), { notMerge: true });
      chart.resize();
    },
    dispose() {
      observer?.disconnect();
      chart.dispose();
    },
  };
}
