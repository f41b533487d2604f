import type { AnyBackend, View } from '../backend/spec.js';
import type { DType } from '../dtype.js';
import { engine, getBackend, runOp } from '../engine.js';
import type { GradFn } from '../engine.js';
import { broadcastShapes, contiguousStrides, sizeOf } from '../shape.js';
import type { ScalarExpr } from '../scalar/expr.js';
import { S } from '../scalar/expr.js';
import { Tensor } from '../tensor.js';
import { checkBufferSize, wrapHandle } from './convert.js';

/** The backend all `inputs` live on; mixing backends is an error that says how to move a tensor. */
export function backendOf(opName: string, inputs: readonly Tensor[]): AnyBackend {
  if (inputs.length === 0) return getBackend();
  const b = inputs[0]!.backend;
  for (let i = 1; i < inputs.length; i++) {
    const other = inputs[i]!.backend;
    if (other !== b) {
      throw new Error(
        `${opName}: inputs live on different backends (input 0 on '${b.name}', input ${i} on '${other.name}'). Move one first, for example \`x = await moveTo(x, '${b.name}')\`.`,
      );
    }
  }
  return b;
}

/** A view of `t` broadcast to `shape` (broadcast dims get stride 0). `shape` must be a valid broadcast of t. */
export function broadcastView(t: Tensor, shape: readonly number[]): View {
  const lead = shape.length - t.rank;
  const strides = new Array<number>(shape.length);
  for (let i = 0; i < shape.length; i++) {
    const d = i - lead;
    strides[i] = d < 0 || (t.shape[d] === 1 && shape[i] !== 1) ? 0 : t.strides[d]!;
  }
  return { buffer: t.storage.handle, dtype: t.dtype, shape, strides, offset: t.offset };
}

/** @internal A new tensor sharing `t`'s storage with another shape/stride layout (no copy). */
export function makeView(t: Tensor, shape: readonly number[], strides: readonly number[], offset: number): Tensor {
  return new Tensor(t.storage, shape, t.dtype, strides, offset);
}

/** Runs one elementwise kernel over broadcast inputs and wraps the result. */
export function rawElementwise(opName: string, expr: ScalarExpr, inputs: readonly Tensor[], outDtype: DType): Tensor {
  const b = backendOf(opName, inputs);
  const shape = broadcastShapes(opName, inputs.map((t) => t.shape));
  checkBufferSize(b, sizeOf(shape), outDtype, opName);
  const views = inputs.map((t) => broadcastView(t, shape));
  return wrapHandle(b, b.kernels.elementwise(expr, views, shape, outDtype), shape, outDtype);
}

/** An elementwise op through the dispatcher: the common body of every unary and binary op. */
export function elementwiseOp(
  opName: string,
  expr: ScalarExpr,
  inputs: readonly Tensor[],
  outDtype: DType,
  grad?: GradFn,
  attrs: Record<string, unknown> = {},
): Tensor {
  return runOp({ name: opName, inputs, attrs, grad }, () => rawElementwise(opName, expr, inputs, outDtype));
}

/** A contiguous copy (or `t` itself when it already covers its storage in order). Not recorded by autograd. */
export function materialize(t: Tensor): Tensor {
  if (t.isContiguousWhole) return t;
  return rawElementwise('materialize', S.in(0), [t], t.dtype);
}

/**
 * Strides that let a view of `t` take `newShape` without copying, or null when the layout does not allow it
 * (NumPy's attempt_nocopy_reshape, simplified: splits and merges of dims that are contiguous among themselves).
 */
export function reshapeStrides(t: Tensor, newShape: readonly number[]): number[] | null {
  if (t.size === 0) return contiguousStrides(newShape);
  // Drop size-1 dims of the source: their strides don't matter.
  const oldDims: number[] = [];
  const oldStrides: number[] = [];
  t.shape.forEach((d, i) => {
    if (d !== 1) {
      oldDims.push(d);
      oldStrides.push(t.strides[i]!);
    }
  });
  const newStrides = new Array<number>(newShape.length).fill(0);
  let oi = 0;
  let ni = 0;
  const on = oldDims.length;
  const nn = newShape.length;
  while (ni < nn && oi < on) {
    let np = newShape[ni]!;
    let op = oldDims[oi]!;
    let nj = ni;
    let oj = oi;
    while (np !== op) {
      if (np < op) np *= newShape[++nj]!;
      else op *= oldDims[++oj]!;
    }
    for (let k = oi; k < oj; k++) if (oldStrides[k] !== oldDims[k + 1]! * oldStrides[k + 1]!) return null;
    newStrides[nj] = oldStrides[oj]!;
    for (let k = nj; k > ni; k--) newStrides[k - 1] = newStrides[k]! * newShape[k]!;
    ni = nj + 1;
    oi = oj + 1;
  }
  // Trailing size-1 dims of the new shape.
  for (let k = ni; k < nn; k++) newStrides[k] = 1;
  return newStrides;
}

/** True while inside `tidy`-free internal computations; used to avoid counting temporaries twice. */
export function liveTensorCount(): number {
  return engine().liveTensors.size;
}

/**
 * Runs a composite op's body, then frees the inputs the op itself converted from plain numbers or arrays (runOp
 * does this for ops that go through it; composites that call several ops use this).
 */
export function ownInputs<T>(opName: string, inputs: readonly Tensor[], fn: () => T): T {
  const result = fn();
  const keep = new Set<unknown>(Array.isArray(result) ? result : result && typeof result === 'object' && !(result as { isTesseraTensor?: boolean }).isTesseraTensor ? Object.values(result) : [result]);
  for (const t of inputs) if (t.converted === opName && !keep.has(t)) t.dispose();
  return result;
}
