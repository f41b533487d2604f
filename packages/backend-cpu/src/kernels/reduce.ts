import type { DType, ReduceOp, TypedArray, View } from '@tessera/core';
import { sizeOf } from '@tessera/core';
import { collapseDims, elementOffsets } from './strided.js';
import { newArray } from '../buffers.js';

/**
 * Reduces the last `reduceRank` dims. Accumulates in doubles (as tfjs's CPU backend). When the reduced dims
 * collapse to one strided run, the inner loop walks it directly; otherwise it uses a precomputed offset list.
 */
export function reduce(op: ReduceOp, x: View<TypedArray>, reduceRank: number, outDtype: DType): TypedArray {
  const keptShape = x.shape.slice(0, x.shape.length - reduceRank);
  const redShape = x.shape.slice(x.shape.length - reduceRank);
  const nOut = sizeOf(keptShape);
  const nRed = sizeOf(redShape);
  const out = newArray(outDtype, nOut);
  if (nOut === 0) return out;
  const outer = collapseDims(keptShape, [x.strides.slice(0, keptShape.length)]);
  const inner = collapseDims(redShape, [x.strides.slice(keptShape.length)]);
  const outerOffsets = elementOffsets(outer.shape, outer.strides[0]!);
  const src = x.buffer;
  const single = inner.shape.length === 1;
  const step = inner.strides[0]![0]!;
  const innerOffsets = single ? null : elementOffsets(inner.shape, inner.strides[0]!);
  const at = (base: number, j: number) => src[single ? base + j * step : base + innerOffsets![j]!]!;
  for (let o = 0; o < nOut; o++) {
    const base = x.offset + outerOffsets[o]!;
    let acc: number;
    switch (op) {
      case 'sum':
        acc = 0;
        if (single) for (let j = 0, p = base; j < nRed; j++, p += step) acc += src[p]!;
        else for (let j = 0; j < nRed; j++) acc += src[base + innerOffsets![j]!]!;
        break;
      case 'prod':
        acc = 1;
        for (let j = 0; j < nRed; j++) acc *= at(base, j);
        break;
      case 'max':
        acc = -Infinity;
        for (let j = 0; j < nRed; j++) {
          const v = at(base, j);
          if (v > acc || Number.isNaN(v)) {
            acc = v;
            if (Number.isNaN(v)) break;
          }
        }
        break;
      case 'min':
        acc = Infinity;
        for (let j = 0; j < nRed; j++) {
          const v = at(base, j);
          if (v < acc || Number.isNaN(v)) {
            acc = v;
            if (Number.isNaN(v)) break;
          }
        }
        break;
      case 'all':
        acc = 1;
        for (let j = 0; j < nRed; j++) if (!at(base, j)) { acc = 0; break; }
        break;
      case 'any':
        acc = 0;
        for (let j = 0; j < nRed; j++) if (at(base, j)) { acc = 1; break; }
        break;
      case 'argmax':
      case 'argmin': {
        let best = at(base, 0);
        acc = 0;
        for (let j = 1; j < nRed; j++) {
          const v = at(base, j);
          if (op === 'argmax' ? v > best : v < best) {
            best = v;
            acc = j;
          }
        }
        break;
      }
    }
    out[o] = acc;
  }
  return out;
}
