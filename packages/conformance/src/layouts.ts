import type { Tensor } from '@tessera/core';
import { reshape, reverse, slice, tensor, transpose } from '@tessera/core';
import type { HostTensor } from '@tessera/core/testing';
import { storedArray } from './host.js';

/**
 * How an input reaches the op: as a fresh contiguous tensor, or as a view with the same logical values that
 * kernels must walk through strides: transposed, reversed (negative strides) or offset into a padded buffer.
 */
export type Layout = 'contiguous' | 'transposed' | 'reversed' | 'offset';

export const NON_CONTIGUOUS: readonly Exclude<Layout, 'contiguous'>[] = ['transposed', 'reversed', 'offset'];

/** Whether a layout changes anything for this input (else the input is passed contiguous). */
export function layoutApplies(layout: Layout, x: HostTensor): boolean {
  switch (layout) {
    case 'contiguous':
      return true;
    case 'transposed':
      return x.shape.filter((d) => d > 1).length >= 2;
    case 'reversed':
      return x.shape.some((d) => d > 1);
    case 'offset':
      return true;
  }
}

/** Filler around an offset view: wrong enough to show up if a kernel reads outside the window. */
function sentinel(x: HostTensor): number {
  return x.dtype === 'bool' ? 1 : -7777;
}

/** Creates the tensor for `x` in `layout`. The helper tensors are disposed; the result shares their storage. */
export function buildInput(x: HostTensor, layout: Layout): Tensor {
  if (!layoutApplies(layout, x)) layout = 'contiguous';
  const { shape, values, dtype } = x;
  const rank = shape.length;
  switch (layout) {
    case 'contiguous':
      return tensor(storedArray(values, dtype), [...shape], dtype);
    case 'transposed': {
      // Store x with its dims reversed, then transpose back: the view's strides run backwards through dims.
      const tShape = [...shape].reverse();
      const n = values.length;
      const data = new Array<number>(n);
      const idx = new Array<number>(rank).fill(0);
      for (let i = 0; i < n; i++) {
        let p = 0;
        for (let d = rank - 1; d >= 0; d--) p = p * shape[d]! + idx[d]!;
        data[p] = values[i]!;
        for (let d = rank - 1; d >= 0; d--) {
          if (++idx[d]! < shape[d]!) break;
          idx[d] = 0;
        }
      }
      const base = tensor(storedArray(data, dtype), tShape, dtype);
      const view = transpose(base);
      base.dispose();
      return view;
    }
    case 'reversed': {
      // Reversing every axis of a row-major array reverses its flat order.
      const base = tensor(storedArray([...values].reverse(), dtype), [...shape], dtype);
      const view = reverse(base);
      base.dispose();
      return view;
    }
    case 'offset': {
      // x sits inside a buffer padded by one element on each side of every dim (a rank-0 x inside a [3] vector).
      const pShape = rank === 0 ? [3] : shape.map((d) => d + 2);
      const pStrides = pShape.map((_, i) => pShape.slice(i + 1).reduce((a, b) => a * b, 1));
      const size = pShape.reduce((a, b) => a * b, 1);
      const data = new Array<number>(size).fill(sentinel(x));
      const inner = rank === 0 ? [] : [...shape];
      const idx = new Array<number>(inner.length).fill(0);
      for (let i = 0; i < values.length; i++) {
        let p = rank === 0 ? 1 : 0;
        for (let d = 0; d < inner.length; d++) p += (idx[d]! + 1) * pStrides[d]!;
        data[p] = values[i]!;
        for (let d = inner.length - 1; d >= 0; d--) {
          if (++idx[d]! < inner[d]!) break;
          idx[d] = 0;
        }
      }
      const base = tensor(storedArray(data, dtype), pShape, dtype);
      const window = rank === 0 ? slice(base, [1], [1]) : slice(base, shape.map(() => 1), [...shape]);
      base.dispose();
      if (rank > 0) return window;
      const view = reshape(window, []);
      window.dispose();
      return view;
    }
  }
}
