import type { GradFn } from '../engine.js';
import { runOp } from '../engine.js';
import { sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { convertToTensor } from './convert.js';
import type { TensorLike } from './convert.js';
import { composeInto } from './compose.js';
import { makeView } from './internal.js';
import { reshape } from './transform.js';
import { NEW_AXIS, resolveSlice } from './index-slice-spec.js';
import type { SliceArgs, SliceSpec } from './index-slice-spec.js';

function checkIntArray(v: unknown, argName: string, length: number | null): asserts v is number[] {
  if (!Array.isArray(v) || v.some((e) => !Number.isInteger(e)) || (length !== null && v.length !== length)) {
    const len = length === null ? '' : ` of length ${length}`;
    throw new TypeError(`stridedSlice: invalid value for argument \`${argName}\`. Expected an array of integers${len}. Received: ${JSON.stringify(v)}`);
  }
}

function checkMask(v: unknown, argName: string): asserts v is number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new TypeError(`stridedSlice: invalid value for argument \`${argName}\`. Expected a non-negative integer bitmask. Received: ${argName}=${String(v)}`);
  }
}

/**
 * Extracts a strided slice, as tfjs's stridedSlice (TensorFlow's semantics): negative begin/end count from the
 * end, negative strides walk backwards, bit i of beginMask/endMask ignores begin[i]/end[i] (the fullest range),
 * ellipsisMask marks the entry that stands for all unspecified dims, newAxisMask inserts a size-1 dim, and
 * shrinkAxisMask takes the single index begin[i] and removes the dim. The result is a view (no copy).
 */
export function stridedSlice(
  x: TensorLike,
  begin: number[],
  end: number[],
  strides?: number[],
  beginMask = 0,
  endMask = 0,
  ellipsisMask = 0,
  newAxisMask = 0,
  shrinkAxisMask = 0,
): Tensor {
  const t = convertToTensor(x, 'x', 'stridedSlice');
  checkIntArray(begin, 'begin', null);
  checkIntArray(end, 'end', begin.length);
  const st = strides ?? new Array<number>(begin.length).fill(1);
  checkIntArray(st, 'strides', begin.length);
  checkMask(beginMask, 'beginMask');
  checkMask(endMask, 'endMask');
  checkMask(ellipsisMask, 'ellipsisMask');
  checkMask(newAxisMask, 'newAxisMask');
  checkMask(shrinkAxisMask, 'shrinkAxisMask');
  const args: SliceArgs = { begin, end, strides: st, beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask };
  const spec = resolveSlice(t.shape, args, 'stridedSlice');
  const grad: GradFn = (dys, { inputs }) => [stridedSliceGrad(reshape(dys[0]!, spec.sizes), [...inputs[0]!.shape], spec, args)];
  return runOp({ name: 'stridedSlice', inputs: [t], attrs: { ...args }, grad }, () => {
    const empty = sizeOf(spec.sizes) === 0;
    let offset = t.offset;
    if (!empty) for (let i = 0; i < t.rank; i++) offset += spec.begin[i]! * t.strides[i]!;
    const shape = spec.outDims.map((d) => (d === NEW_AXIS ? 1 : spec.sizes[d]!));
    const viewStrides = spec.outDims.map((d) => (d === NEW_AXIS ? 0 : t.strides[d]! * spec.strides[d]!));
    return makeView(t, shape, viewStrides, offset);
  });
}

/**
 * stridedSlice's gradient: dy (in the per-dim "processing" shape) written into zeros of x's shape at begin with
 * a step per dim. Its own gradient slices the same window again.
 */
function stridedSliceGrad(dy: Tensor, xShape: number[], spec: SliceSpec, args: SliceArgs): Tensor {
  const grad: GradFn = (dys) => [
    reshape(
      stridedSlice(dys[0]!, [...args.begin], [...args.end], [...args.strides], args.beginMask, args.endMask, args.ellipsisMask, args.newAxisMask, args.shrinkAxisMask),
      spec.sizes,
    ),
  ];
  return runOp({ name: 'stridedSliceGrad', inputs: [dy], attrs: { xShape, ...args }, grad }, () =>
    composeInto(dy.backend, xShape, dy.dtype, 0, [{ src: dy, begin: spec.begin, step: spec.strides }], 'set', 'stridedSlice'),
  );
}
