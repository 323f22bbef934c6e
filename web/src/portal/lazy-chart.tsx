/**
 * A chart whose code (ECharts) sits in a chunk of its own, loaded on first use, then drawn and
 * updated with `data`; if the chunk cannot load, the table that always sits beside the chart
 * carries the data alone, with a note.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLang } from './context.js';

/** A drawn chart: redraw with new data, or take it down. */
export interface ChartHandle<T> {
  update(data: T): void;
  dispose(): void;
}

/** Draws `data` into `element`. */
export type MountChart<T> = (element: HTMLElement, data: T) => ChartHandle<T>;

/**
 * `load` imports the chart chunk (`() => import('./x-chart.js').then(…)`, so the bundler splits
 * it off) and is called once, on mount.
 */
export function LazyChart<T>({ load, data, label }: { load: () => Promise<MountChart<T>>; data: T; label: string }) {
  const { tr } = useLang();
  const container = useRef<HTMLDivElement>(null);
  const handle = useRef<ChartHandle<T>>();
  // The latest data, for a chunk that arrives after the data changed.
  const latest = useRef(data);
  latest.current = data;
  const [phase, setPhase] = useState<'loading' | 'ready' | 'error'>('loading');
  useEffect(() => {
    let live = true;
    load().then(
      (mount) => {
        if (!live || !container.current) return;
        handle.current = mount(container.current, latest.current);
        setPhase('ready');
      },
      () => live && setPhase('error'),
    );
    return () => {
      live = false;
      handle.current?.dispose();
      handle.current = undefined;
    };
  }, []);
  useEffect(() => handle.current?.update(data), [data]);
  return (
    <div class="chart-box">
      {phase === 'loading' && <p class="loading-line">{tr('coverage.chartLoading')}</p>}
      {phase === 'error' && <p class="field-help">{tr('coverage.chartError')}</p>}
      <div ref={container} class="chart" role="img" aria-label={label} />
    </div>
  );
}
