/** Dimension collapsing comes from core (shared by every backend); the range splitting for threads is ours. */
export { collapseDims } from '@tessera/core';
export type { Collapsed } from '@tessera/core';

/** Splits [0, total) into at most `parts` ranges of at least `minChunk` (except when total is smaller). */
export function splitRange(total: number, parts: number, minChunk: number): [number, number][] {
  const n = Math.max(1, Math.min(parts, Math.floor(total / Math.max(1, minChunk))));
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const lo = Math.floor((total * i) / n);
    const hi = Math.floor((total * (i + 1)) / n);
    if (hi > lo) out.push([lo, hi]);
  }
  return out;
}
