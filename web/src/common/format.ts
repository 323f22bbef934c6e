/** Number formatting shared by the portal's coverage screens (pure, unit-tested). */

/** Covered ÷ total as a fraction, or undefined when there is nothing to cover (total 0). */
export function ratio(covered: number, total: number): number | undefined {
  if (!Number.isFinite(covered) || !Number.isFinite(total) || total <= 0) return undefined;
  return covered / total;
}

/**
 * A percentage with one decimal ("66.7%"), or an em dash when the denominator is 0 so that
 * "no villages" never reads as "0% covered".
 */
export function formatPercent(covered: number, total: number): string {
  const value = ratio(covered, total);
  if (value === undefined) return '—';
  return `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
}

/** The percentage as a number with one decimal (for chart bars), undefined when the denominator is 0. */
export function percentValue(covered: number, total: number): number | undefined {
  const value = ratio(covered, total);
  return value === undefined ? undefined : Math.round(value * 1000) / 10;
}

/** "3 / 5" style count against a target; undefined target or 0 means no target was set. */
export function hasTarget(target: number | undefined): target is number {
  return typeof target === 'number' && target > 0;
}
