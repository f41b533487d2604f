import type { DType } from '@tessera/core';
import type { CaseInput, OpCase } from '@tessera/core/testing';
import type { Layout } from './layouts.js';
import { NON_CONTIGUOUS } from './layouts.js';

/**
 * One test derived from a case: the case itself, the case with non-contiguous inputs, or (for elementwise cases)
 * the case with other dtypes or shapes, checked against its `reference`.
 */
export interface Variant {
  /** '' for the case itself, else the suffix of the test id ('transposed', 'int32', 'broadcast [3,1]x[1,4]', ...). */
  suffix: string;
  inputs: CaseInput[];
  layout: Layout;
  /** Derived inputs change the values, so only `reference` can say what the result is. */
  referenceOnly: boolean;
  /** The variant runs float64 inputs. */
  float64: boolean;
}

/** Input shapes for the generated shape variants of an elementwise op, by number of tensor inputs. */
const SHAPE_VARIANTS: Record<number, { name: string; shapes: number[][] }[]> = {
  1: [
    { name: 'rank 0', shapes: [[]] },
    { name: 'size 0', shapes: [[0]] },
    { name: 'size 0 [2,0,3]', shapes: [[2, 0, 3]] },
  ],
  2: [
    { name: 'broadcast [3,1]x[1,4]', shapes: [[3, 1], [1, 4]] },
    { name: 'broadcast rank 0 x [2,3]', shapes: [[], [2, 3]] },
    { name: 'broadcast [2,3] x rank 0', shapes: [[2, 3], []] },
    { name: 'broadcast [0,3]x[1,3]', shapes: [[0, 3], [1, 3]] },
    { name: 'rank 0', shapes: [[], []] },
  ],
  3: [
    { name: 'broadcast [3,1]x[1,4]x[]', shapes: [[3, 1], [1, 4], []] },
    { name: 'rank 0', shapes: [[], [], []] },
    { name: 'broadcast size 0', shapes: [[0, 1], [1, 3], [3]] },
  ],
};

function isFloatInput(x: CaseInput): boolean {
  return x.dtype === undefined || x.dtype === 'float32';
}

/** The same input with other values drawn for `shape`/`dtype`, keeping the case's random range and seed. */
function redraw(x: CaseInput, index: number, shape: number[], dtype: DType | undefined): CaseInput {
  const random = x.random ?? { seed: 1000 + index };
  // Explicit values only carry over when the shape is unchanged.
  if (x.values !== undefined && shape.length === x.shape.length && shape.every((d, i) => d === x.shape[i])) {
    return { shape, values: x.values, dtype: dtype ?? x.dtype };
  }
  const out: CaseInput = { shape, random };
  const dt = dtype ?? x.dtype;
  if (dt !== undefined) out.dtype = dt;
  return out;
}

export function deriveVariants(c: OpCase, opts: { float64: boolean }): Variant[] {
  const out: Variant[] = [{ suffix: '', inputs: c.inputs, layout: 'contiguous', referenceOnly: false, float64: usesFloat64(c.inputs) }];
  if (c.throws) return out;
  if (!c.contiguousOnly && c.inputs.length > 0) {
    for (const layout of NON_CONTIGUOUS) {
      out.push({ suffix: layout, inputs: c.inputs, layout, referenceOnly: false, float64: usesFloat64(c.inputs) });
    }
  }
  if (c.elementwise && c.reference) {
    for (const dtype of c.elementwise.dtypes ?? []) {
      if (dtype === 'float32') continue;
      if (dtype === 'float64' && !opts.float64) continue;
      const inputs = c.inputs.map((x, i) => (isFloatInput(x) ? redraw(x, i, [...x.shape], dtype) : x));
      out.push({ suffix: dtype, inputs, layout: 'contiguous', referenceOnly: true, float64: dtype === 'float64' });
    }
    for (const v of SHAPE_VARIANTS[c.inputs.length] ?? []) {
      const inputs = c.inputs.map((x, i) => redraw(x, i, v.shapes[i]!, undefined));
      out.push({ suffix: v.name, inputs, layout: 'contiguous', referenceOnly: true, float64: usesFloat64(inputs) });
    }
  }
  return out;
}

function usesFloat64(inputs: readonly CaseInput[]): boolean {
  return inputs.some((x) => x.dtype === 'float64');
}
