/** Order statistics of one side's samples (milliseconds per iteration). */
export interface Stats {
  n: number;
  median: number;
  q1: number;
  q3: number;
  /** q3 − q1: the spread we report (robust to the odd slow sample a shared machine gives). */
  iqr: number;
  min: number;
  max: number;
  mean: number;
}

/** Linear-interpolated quantile of sorted values (the R-7 / numpy default). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function summarize(samples: readonly number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const q1 = quantile(s, 0.25);
  const q3 = quantile(s, 0.75);
  return {
    n: s.length,
    median: quantile(s, 0.5),
    q1,
    q3,
    iqr: q3 - q1,
    min: s.length ? s[0]! : NaN,
    max: s.length ? s[s.length - 1]! : NaN,
    mean: s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN,
  };
}
