import type { AnyBackend, View } from '../backend/spec.js';
import { fmtShape, sizeOf } from '../shape.js';
import { S } from '../scalar/expr.js';
import type { ScalarExpr } from '../scalar/expr.js';
import type { Tensor } from '../tensor.js';
import { checkBufferSize, convertToTensor, fromTypedArray, wrapHandle } from './convert.js';
import type { TensorLike } from './convert.js';
import { makeView, materialize, reshapeStrides } from './internal.js';

/**
 * Shared plumbing of the indexing ops (gather, gatherND, scatterND, unsortedSegmentSum, topk, unique): int32
 * index arguments, the gather/scatterAdd kernels on [outer, n, inner] views, on-device linear indices, and
 * errors that name the offending index.
 */

/** Converts an index argument (plain integers become int32) and insists on int32, naming the argument. */
export function int32Arg(x: TensorLike, argName: string, opName: string, backend?: AnyBackend): Tensor {
  const t = convertToTensor(x, argName, opName, 'int32', backend);
  if (t.dtype !== 'int32') {
    throw new TypeError(`${opName}: invalid value for argument \`${argName}\`. Expected an int32 tensor. Received: ${t.dtype}`);
  }
  return t;
}

/** Checks that `n` is a non-negative integer. */
export function checkCount(n: unknown, argName: string, opName: string): asserts n is number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new TypeError(`${opName}: invalid value for argument \`${argName}\`. Expected a non-negative integer. Received: ${argName}=${String(n)}`);
  }
}

/** @internal `t` as `shape` (same size) without recording anything: a view, or a view of a copy when it must. */
export function viewAs(t: Tensor, shape: readonly number[]): Tensor {
  const s = reshapeStrides(t, shape);
  if (s) return makeView(t, shape, s, t.offset);
  const c = materialize(t);
  const v = makeView(c, shape, reshapeStrides(c, shape)!, c.offset);
  if (c !== t) c.dispose();
  return v;
}

/**
 * @internal The gather kernel: `x` read as [outer, n, inner] (a view; reshape copies only when it must) and
 * `idx` (int32, any shape, flattened to k) → a new contiguous [outer, k, inner]. Not recorded by autograd.
 */
export function rawGather(x: Tensor, outer: number, n: number, inner: number, idx: Tensor, opName: string): Tensor {
  const b = x.backend;
  const k = idx.size;
  checkBufferSize(b, outer * k * inner, x.dtype, opName);
  const x3 = viewAs(x, [outer, n, inner]);
  const i1 = viewAs(idx, [k]);
  try {
    return wrapHandle(b, b.kernels.gather(x3.view(), i1.view()), [outer, k, inner], x.dtype);
  } finally {
    x3.dispose();
    i1.dispose();
  }
}

/** @internal The scatterAdd kernel: `u` read as [outer, k, inner], `idx` int32 (k entries) → [outer, n, inner]. */
export function rawScatterAdd(u: Tensor, outer: number, inner: number, idx: Tensor, n: number, opName: string): Tensor {
  const b = u.backend;
  const k = idx.size;
  checkBufferSize(b, outer * n * inner, u.dtype, opName);
  const u3 = viewAs(u, [outer, k, inner]);
  const i1 = viewAs(idx, [k]);
  try {
    return wrapHandle(b, b.kernels.scatterAdd(u3.view(), i1.view(), n), [outer, n, inner], u.dtype);
  } finally {
    u3.dispose();
    i1.dispose();
  }
}

/**
 * @internal Linear int32 indices [k] from `indices` read as [k, depth] (coordinates into `dims`), computed on the
 * device in one elementwise kernel: Σ coord_j · stride_j, or -1 where any coordinate is out of range (so a
 * checking kernel rejects it; `explainBadIndex` then names the entry). `offsets`, when given (depth >= 1), is an
 * int32 [k] tensor added to valid entries (gather's batch offsets).
 */
export function linearIndices(indices: Tensor, depth: number, dims: readonly number[], offsets?: Tensor): Tensor {
  const b = indices.backend;
  const k = depth === 0 ? sizeOf(indices.shape.slice(0, -1)) : indices.size / depth;
  if (depth === 0) return fromTypedArray(new Int32Array(k), [k], 'int32', b);
  const i2 = viewAs(indices, [k, depth]);
  const v = i2.view();
  const views: View[] = [];
  for (let j = 0; j < depth; j++) views.push({ ...v, shape: [k], strides: [v.strides[0]!], offset: v.offset + j * v.strides[1]! });
  let stride = 1;
  const strides = new Array<number>(depth);
  for (let j = depth - 1; j >= 0; j--) {
    strides[j] = stride;
    stride *= dims[j]!;
  }
  let lin: ScalarExpr = S.c(0);
  let valid: ScalarExpr | null = null;
  for (let j = 0; j < depth; j++) {
    const c = S.in(j);
    lin = j === 0 && strides[j] === 1 ? c : S.add(lin, S.mul(c, S.c(strides[j]!)));
    const ok = S.bin('and', S.bin('ge', c, S.c(0)), S.bin('lt', c, S.c(dims[j]!)));
    valid = valid ? S.bin('and', valid, ok) : ok;
  }
  if (offsets) {
    views.push(offsets.view());
    lin = S.add(lin, S.in(depth));
  }
  const expr = valid ? S.where(valid, lin, S.c(-1)) : lin;
  try {
    return wrapHandle(b, b.kernels.elementwise(expr, views, [k], 'int32'), [k], 'int32');
  } finally {
    i2.dispose();
  }
}

/**
 * When a kernel rejected an index (a RangeError on backends that check), rethrows a RangeError naming the first
 * bad entry of `indices` as the caller wrote it: entries are groups of `depth` coordinates checked against `dims`
 * (depth 0 → plain values against dims[0]). Other errors, and backends that cannot read synchronously, pass as is.
 */
export function explainBadIndex(err: unknown, opName: string, indices: Tensor, depth: number, dims: readonly number[], where: string): never {
  const b = indices.backend;
  if (!(err instanceof RangeError) || !b.capabilities.syncRead || !b.readSync || indices.isDisposed) throw err;
  const data = indices.dataSync();
  const group = Math.max(depth, 1);
  const entryShape = depth === 0 ? indices.shape : indices.shape.slice(0, -1);
  for (let e = 0; e * group < data.length; e++) {
    const coords = Array.from(data.subarray(e * group, (e + 1) * group));
    const bad = coords.some((c, j) => !(c >= 0 && c < dims[j]!));
    if (!bad) continue;
    const loc = locOf(e, entryShape);
    const at = loc.length ? `indices[${loc.join(',')}]` : 'indices';
    const value = depth === 0 ? String(coords[0]) : `[${coords.join(',')}]`;
    const range = depth === 0 ? `out of range [0, ${dims[0]})` : `out of bounds for dims ${fmtShape(dims.slice(0, depth))}`;
    throw new RangeError(`${opName}: invalid value in argument \`indices\`: ${at} = ${value} is ${range} ${where}.`);
  }
  throw err;
}

function locOf(flat: number, shape: readonly number[]): number[] {
  const loc = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i]!;
    loc[i] = d > 0 ? flat % d : 0;
    flat = d > 0 ? Math.floor(flat / d) : 0;
  }
  return loc;
}
