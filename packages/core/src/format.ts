import type { DType, TypedArray } from './dtype.js';

/** Formats values the way tfjs's toString does: nested brackets, aligned columns, long axes elided. */
export function formatTensor(data: TypedArray, shape: readonly number[], dtype: DType): string {
  const fmt = (v: number) =>
    dtype === 'bool' ? (v ? 'true' : 'false') : dtype === 'int32' ? String(v) : Number.isInteger(v) ? String(v) : v.toFixed(4);
  const strs = Array.from(data, fmt);
  const width = strs.reduce((w, s) => Math.max(w, s.length), 0);
  const pad = (s: string) => s.padStart(width);
  if (shape.length === 0) return `    ${strs[0] ?? ''}`;
  const MAX = 20;
  const rec = (dim: number, offset: number, indent: string): string => {
    const n = shape[dim]!;
    const inner = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    const idx = n > MAX ? [0, 1, 2, -1, n - 3, n - 2, n - 1] : Array.from({ length: n }, (_, i) => i);
    if (dim === shape.length - 1) {
      return `[${idx.map((i) => (i < 0 ? '...' : pad(strs[offset + i]!))).join(', ')}]`;
    }
    const parts = idx.map((i) => (i < 0 ? '...' : rec(dim + 1, offset + i * inner, indent + ' ')));
    const sep = ',\n' + '\n'.repeat(shape.length - dim - 2) + indent + ' ';
    return `[${parts.join(sep)}]`;
  };
  return '    ' + rec(0, 0, '    ');
}
