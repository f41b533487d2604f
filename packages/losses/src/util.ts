import type { Tensor, TensorLike } from '@tessera/core';
import { broadcastShapes, cast, expandDims, fmtShape, isFloat, isTensor, squeeze, tensor } from '@tessera/core';

/** Keras's `backend.epsilon()`: the clipping bound for probabilities and the guard against division by zero. */
export const EPSILON = 1e-7;

/** A tensor from a tensor or nested numbers; names the loss and the argument when the value cannot be read. */
export function toTensor(x: TensorLike, arg: string, op: string): Tensor {
  if (isTensor(x)) {
    if (x.isDisposed) throw new Error(`${op}: argument \`${arg}\` has been disposed.`);
    return x;
  }
  try {
    return tensor(x as never);
  } catch (e) {
    throw new TypeError(`${op}: invalid value for argument \`${arg}\`. Expected a Tensor or (nested) numbers. ${(e as Error).message}`);
  }
}

/** yPred as a float tensor and yTrue cast to its dtype, as Keras's losses do. */
export function predAndTrue(yTrue: TensorLike, yPred: TensorLike, op: string): [Tensor, Tensor] {
  let p = toTensor(yPred, 'yPred', op);
  if (!isFloat(p.dtype)) p = cast(p, 'float32');
  let t = toTensor(yTrue, 'yTrue', op);
  if (t.dtype !== p.dtype) t = cast(t, p.dtype);
  return [t, p];
}

/**
 * Keras's `squeeze_or_expand_to_same_rank`: when the ranks differ by one and the longer shape ends in 1, that axis
 * goes (or, against a rank-1 tensor, the shorter one gains it), so [batch] labels meet [batch, 1] predictions
 * element by element instead of broadcasting to [batch, batch].
 */
export function alignRanks(a: Tensor, b: Tensor): [Tensor, Tensor] {
  if (a.rank === b.rank) return [a, b];
  if (a.rank === b.rank + 1 && a.shape[a.rank - 1] === 1) {
    return b.rank === 1 ? [a, expandDims(b, -1)] : [squeeze(a, [a.rank - 1]), b];
  }
  if (b.rank === a.rank + 1 && b.shape[b.rank - 1] === 1) {
    return a.rank === 1 ? [expandDims(a, -1), b] : [a, squeeze(b, [b.rank - 1])];
  }
  return [a, b];
}

/** Regression losses broadcast as Keras does; an impossible pair names both shapes. */
export function checkBroadcast(op: string, yTrue: Tensor, yPred: Tensor): void {
  try {
    broadcastShapes(op, [yTrue.shape, yPred.shape], ['yTrue', 'yPred']);
  } catch {
    throw new Error(`${op}: yTrue and yPred must have broadcast-compatible shapes: yTrue is ${fmtShape(yTrue.shape)}, yPred is ${fmtShape(yPred.shape)}.`);
  }
}

/** Cross-entropies need equal shapes (Keras's ops check this too). */
export function checkSameShape(op: string, yTrue: Tensor, yPred: Tensor): void {
  const same = yTrue.rank === yPred.rank && yTrue.shape.every((d, i) => d === yPred.shape[i]);
  if (!same) {
    throw new Error(`${op}: yTrue and yPred must have the same shape: yTrue is ${fmtShape(yTrue.shape)}, yPred is ${fmtShape(yPred.shape)}.`);
  }
}

/** The aligned, validated pair every non-cross-entropy loss starts from. */
export function regressionPair(yTrue: TensorLike, yPred: TensorLike, op: string): [Tensor, Tensor] {
  const [t, p] = alignRanks(...predAndTrue(yTrue, yPred, op));
  checkBroadcast(op, t, p);
  return [t, p];
}

export function checkAxis(axis: unknown, rank: number, op: string): number {
  if (typeof axis !== 'number' || !Number.isInteger(axis)) {
    throw new TypeError(`${op}: invalid value for argument \`axis\`. Expected an integer. Received: axis=${String(axis)}`);
  }
  if (axis < -rank || axis >= Math.max(rank, 1)) {
    throw new RangeError(`${op}: invalid value for argument \`axis\`. Expected an axis of a rank-${rank} tensor. Received: axis=${axis}`);
  }
  return axis < 0 ? axis + rank : axis;
}

export function checkUnit(value: unknown, arg: string, op: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new RangeError(`${op}: invalid value for argument \`${arg}\`. Expected a number between 0 and 1. Received: ${arg}=${String(value)}`);
  }
  return value;
}

export function checkBool(value: unknown, arg: string, op: string): boolean {
  if (typeof value !== 'boolean') {
    throw new TypeError(`${op}: invalid value for argument \`${arg}\`. Expected a boolean. Received: ${arg}=${String(value)}`);
  }
  return value;
}
