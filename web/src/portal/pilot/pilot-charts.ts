/**
 * The pilot section's two charts, loaded on demand (a dynamic import, its own chunk sharing
 * ECharts with the coverage chart) so the portal's first paint does not carry ECharts:
 *
 * - how many counties are at each step (list page);
 * - each KPI's actual as a share of its target, with the target line at 100 % (county page): the
 *   KPIs mix percentages, counts and yuan, so "reached 80 % of target" is the one common scale;
 *   the figures themselves ("55.1% / 80%") stand beside each bar and the axis says what it measures.
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
  /** What the bar stands for in figures ("55.1% / 80%", "无目标"), or a step's count. */
  text: string;
  tooltip: string;
  /** Met KPIs are green, unmet red; step counts use the house red. */
  tone?: 'ok' | 'bad';
}

export interface ChartSpec {
  kind: 'steps' | 'scorecard';
  bars: readonly ChartBar[];
  /** Name of the 100 % line (scorecard only), e.g. "目标 100%". */
  targetLabel?: string;
  /** Title of the value axis (scorecard only), e.g. "完成目标的比例". */
  axisName?: string;
}

export interface ChartHandle {
  update(spec: ChartSpec): void;
  dispose(): void;
}

/** The widest share of target the scorecard's axis shows, in percent. */
const maxShare = 200;
const colours = { ok: '#1b7a36', bad: '#c8102e', plain: '#a50d24' } as const;
const ink = '#1f1f1f';
const muted = '#4a4a4a';

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, Math.round(value)));

/** Sizes that follow the box: on a 360-px phone labels wrap onto two lines instead of being cut. */
function layoutFor(width: number) {
  const narrow = width < 520;
  return {
    narrow,
    rowHeight: narrow ? 40 : 30,
    labelWidth: clamp(width * (narrow ? 0.3 : 0.24), 72, 180),
    textWidth: clamp(width * (narrow ? 0.3 : 0.2), 76, 160),
  };
}

function heightOf(spec: ChartSpec, width: number): number {
  const { rowHeight } = layoutFor(width);
  return Math.max(120, spec.bars.length * rowHeight + (spec.kind === 'scorecard' ? 84 : 48));
}

/** The scorecard's share axis: 100 % always labelled, the end labelled, nothing in between that could crowd them. */
function shareAxis(largest: number) {
  const axisMax = Math.min(maxShare, Math.max(100, Math.ceil(largest / 50) * 50));
  const labelled = axisMax === 100 ? new Set([0, 50, 100]) : new Set([0, 100, axisMax]);
  return { axisMax, interval: axisMax === 100 ? 25 : 50, labelled };
}

export function optionFor(spec: ChartSpec, width: number): echarts.EChartsCoreOption {
  // Horizontal bars, first item on top: long Chinese labels read left to right on a 360-px phone.
  const ordered = [...spec.bars].reverse();
  const scorecard = spec.kind === 'scorecard';
  const { labelWidth, textWidth, narrow } = layoutFor(width);
  const categoryLabel = { color: ink, width: labelWidth, overflow: 'break', lineHeight: 15 };
  const tooltip = { trigger: 'item', formatter: (params: unknown) => (params as { data?: { tooltip?: string } }).data?.tooltip ?? '' };
  const data = ordered.map((bar) => ({
    value: bar.value ?? null,
    tooltip: bar.tooltip,
    text: bar.text,
    itemStyle: { color: bar.tone ? colours[bar.tone] : colours.plain },
  }));

  if (!scorecard) {
    return {
      animation: false,
      grid: { left: 8, right: 40, top: 8, bottom: 24, containLabel: true },
      tooltip,
      xAxis: { type: 'value', minInterval: 1, axisLabel: { color: muted, hideOverlap: true } },
      yAxis: { type: 'category', data: ordered.map((bar) => bar.label), axisLabel: categoryLabel },
      series: [
        {
          type: 'bar',
          barMaxWidth: 18,
          data,
          label: { show: true, position: 'right', color: ink, formatter: (params: unknown) => (params as { data?: { text?: string } }).data?.text ?? '' },
        },
      ],
    };
  }

  // Each KPI's actual as a share of its target: the KPIs mix percentages, counts and yuan, so the
  // share is the one common scale. The figures themselves ("55.1% / 80%") stand in a column of
  // their own on the right, so no value label ever sits on the dashed 100 % line.
  const { axisMax, interval, labelled } = shareAxis(Math.max(0, ...ordered.map((bar) => bar.value ?? 0)));
  return {
    animation: false,
    // Room above the plot for the name of the target line, below it for the axis title.
    grid: { left: 8, right: 8, top: 30, bottom: 46, containLabel: true },
    tooltip,
    xAxis: {
      type: 'value',
      min: 0,
      // Up to twice the target: one KPI far beyond its target must not squash the others (its bar
      // is cut at the edge; the figures beside it still say how far).
      max: axisMax,
      interval,
      name: spec.axisName ?? '',
      nameLocation: 'middle',
      nameGap: 28,
      nameTextStyle: { color: muted },
      axisLabel: { color: muted, formatter: (value: number) => (labelled.has(value) ? `${value}%` : '') },
    },
    yAxis: [
      { type: 'category', data: ordered.map((bar) => bar.label), axisLabel: categoryLabel },
      {
        type: 'category',
        position: 'right',
        data: ordered.map((bar) => bar.text),
        axisLine: { show: false },
        axisTick: { show: false },
        // On a phone "¥32.6万 / ¥50万" goes on two lines at the slash rather than wherever it breaks.
        axisLabel: { color: ink, width: textWidth, overflow: 'break', lineHeight: 15, align: 'left', formatter: (text: string) => (narrow && text.length > 9 ? text.replace(' / ', '\n/ ') : text) },
      },
    ],
    series: [
      {
        type: 'bar',
        barMaxWidth: 18,
        yAxisIndex: 0,
        data,
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: ink, type: 'dashed', width: 1.5 },
          label: { formatter: spec.targetLabel ?? '', color: ink, position: 'end' },
          data: [{ xAxis: 100 }],
        },
      },
    ],
  };
}

/** Draws `spec` into `element` and follows its size. */
export function mountPilotChart(element: HTMLElement, spec: ChartSpec): ChartHandle {
  let current = spec;
  let width = element.clientWidth || 320;
  element.style.height = `${heightOf(current, width)}px`;
  const chart = echarts.init(element, undefined, { renderer: 'canvas' });
  chart.setOption(optionFor(current, width));
  const draw = () => {
    element.style.height = `${heightOf(current, width)}px`;
    chart.setOption(optionFor(current, width), { notMerge: true });
    chart.resize();
  };
  const observer =
    typeof ResizeObserver === 'function'
      ? new ResizeObserver(() => {
          const next = element.clientWidth;
          if (next && next !== width) {
            width = next;
            draw();
          } else chart.resize();
        })
      : undefined;
  observer?.observe(element);
  return {
    update(next) {
      current = next;
      draw();
    },
    dispose() {
      observer?.disconnect();
      chart.dispose();
    },
  };
}
