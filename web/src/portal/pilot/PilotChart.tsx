/**
 * Loads the pilot chart chunk on first use and draws `spec`; if the chunk cannot load, the table
 * that always sits beside the chart carries the data alone, with a note.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLang } from '../context.js';
import type { ChartHandle, ChartSpec } from './pilot-charts.js';

export function PilotChart({ spec, label }: { spec: ChartSpec; label: string }) {
  const { tr } = useLang();
  const container = useRef<HTMLDivElement>(null);
  const handle = useRef<ChartHandle>();
  // The latest spec, for a chunk that arrives after the data changed.
  const latest = useRef(spec);
  latest.current = spec;
  const [phase, setPhase] = useState<'loading' | 'ready' | 'error'>('loading');
  useEffect(() => {
    let live = true;
    import('./pilot-charts.js').then(
      (module) => {
        if (!live || !container.current) return;
        handle.current = module.mountPilotChart(container.current, latest.current);
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
  useEffect(() => handle.current?.update(spec), [spec]);
  return (
    <div class="chart-box">
      {phase === 'loading' && <p class="loading-line">{tr('coverage.chartLoading')}</p>}
      {phase === 'error' && <p class="field-help">{tr('coverage.chartError')}</p>}
      <div ref={container} class="chart" role="img" aria-label={label} />
    </div>
  );
}
