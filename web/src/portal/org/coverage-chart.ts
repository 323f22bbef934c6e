/**
 * The coverage bar chart, loaded on demand (a dynamic import, its own chunk) so the portal's first
 * paint does not carry ECharts. Tree-shaken: the core plus the bar chart, grid, tooltip and canvas
 * renderer only. Decorative for assistive technology: the table beside it carries the same data.
 */
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export interface CoverageBar {
  code: string;
  name: string;
  /** Percentage with one decimal, or undefined when nothing is to be covered ("—"). */
  value: number | undefined;
}

export interface ChartHandle {
  update(bars: readonly CoverageBar[]): void;
  dispose(): void;
}

/** Pixels per bar row; the chart grows with the number of children so labels never overlap. */
const rowHeight = 28;

function optionFor(bars: readonly CoverageBar[]): echarts.EChartsCoreOption {
  // Horizontal bars: long Chinese names read left to right and fit a 360-px phone.
  const ordered = [...bars].reverse();
  return {
    animation: false,
    grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (params: unknown) => {
        const p = params as { name: string; value: number | null };
        return `${p.name}: ${p.value === null || p.value === undefined ? '—' : `${p.value.toFixed(1)}%`}`;
      },
    },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%', color: '#4a4a4a' } },
    yAxis: { type: 'category', data: ordered.map((bar) => bar.name), axisLabel: { color: '#1f1f1f', width: 96, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        data: ordered.map((bar) => ({ value: bar.value ?? null, code: bar.code })),
        itemStyle: { color: '#c8102e' },
        barMaxWidth: 18,
        cursor: 'pointer',
        label: {
          show: true,
          position: 'right',
          color: '#1f1f1f',
          formatter: (params: unknown) => {
            const value = (params as { value: number | null }).value;
            return value === null || value === undefined ? '—' : `${value.toFixed(1)}%`;
          },
        },
      },
    ],
  };
}

/** Draws the bars into `element`; a click on a bar calls `onSelect` with the division code. */
export function mountCoverageChart(element: HTMLElement, bars: readonly CoverageBar[], onSelect: (code: string) => void): ChartHandle {
  element.style.height = `${Math.max(120, bars.length * rowHeight + 40)}px`;
  const chart = echarts.init(element, undefined, { renderer: 'canvas' });
  chart.setOption(optionFor(bars));
  chart.on('click', (params) => {
    const data = params.data as { code?: string } | undefined;
    if (data?.code) onSelect(data.code);
  });
  const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => chart.resize()) : undefined;
  observer?.observe(element);
  return {
    update(next) {
      element.style.height = `${Math.max(120, next.length * rowHeight + 40)}px`;
      chart.setOption(optionFor(next), { notMerge: true });
      chart.resize();
    },
    dispose() {
      observer?.disconnect();
      chart.dispose();
    },
  };
}
