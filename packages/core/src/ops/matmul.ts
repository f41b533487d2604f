import type { FusedActivation, View } from '../backend/spec.js';
import { isFloat, upcastType } from '../dtype.js';
import type { DType } from '../dtype.js';
import type { GradFn } from '../engine.js';
import { runOp, tidy } from '../engine.js';
import { broadcastShapes, fmtShape, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { convertToTensor, checkBufferSize, wrapHandle } from './convert.js';
import type { TensorLike } from './convert.js';
import { binaryOperands } from './binary.js';
import { ownInputs } from './internal.js';
import { add, mul, greater, less, logicalAnd } from './binary.js';
import { cast } from './basic.js';
import { broadcastTo, reshape } from './transform.js';
import { sigmoid, tanh, relu, relu6, elu, leakyRelu, square } from './unary.js';
import { sub } from './binary.js';
import { where } from './where.js';

/** a and b as [batch, rows, cols] views with the batch broadcast; transposes become strides. */
function batchedViews(A: Tensor, B: Tensor, transposeA: boolean, transposeB: boolean, opName: string) {
  if (A.rank < 2 || B.rank < 2) {
    throw new Error(`${opName}: both inputs must have rank >= 2. Received: a is ${fmtShape(A.shape)}, b is ${fmtShape(B.shape)}`);
  }
  const [m, ka] = transposeA ? [A.shape[A.rank - 1]!, A.shape[A.rank - 2]!] : [A.shape[A.rank - 2]!, A.shape[A.rank - 1]!];
  const [kb, n] = transposeB ? [B.shape[B.rank - 1]!, B.shape[B.rank - 2]!] : [B.shape[B.rank - 2]!, B.shape[B.rank - 1]!];
  if (ka !== kb) {
    throw new Error(
      `${opName}: inner dimensions must match: a is ${fmtShape(A.shape)}${transposeA ? ' (transposed)' : ''}, b is ${fmtShape(B.shape)}${transposeB ? ' (transposed)' : ''}`,
    );
  }
  const batch = broadcastShapes(opName, [A.shape.slice(0, -2), B.shape.slice(0, -2)], ['a (batch dims)', 'b (batch dims)']);
  const nb = sizeOf(batch);
  const as3 = (t: Tensor): Tensor => reshape(broadcastTo(t, [...batch, t.shape[t.rank - 2]!, t.shape[t.rank - 1]!]), [nb, t.shape[t.rank - 2]!, t.shape[t.rank - 1]!]);
  const a3 = as3(A);
  const b3 = as3(B);
  const tv = (t: Tensor, tr: boolean): View => {
    const v = t.view();
    return tr ? { ...v, shape: [v.shape[0]!, v.shape[2]!, v.shape[1]!], strides: [v.strides[0]!, v.strides[2]!, v.strides[1]!] } : v;
  };
  return { a: tv(a3, transposeA), b: tv(b3, transposeB), a3, b3, batch, m, n, k: ka };
}

function rawMatMul(A: Tensor, B: Tensor, transposeA: boolean, transposeB: boolean, opName: string, fused?: { bias: Tensor | null; activation: FusedActivation; alpha: number }): Tensor {
  return tidy(() => {
    const { a, b, batch, m, n } = batchedViews(A, B, transposeA, transposeB, opName);
    const dtype: DType = upcastType(A.dtype, B.dtype);
    const be = A.backend;
    const outShape = [...batch, m, n];
    checkBufferSize(be, sizeOf(outShape), dtype, opName);
    // The fused kernel returns the product's dtype: use it only where the composition would give the same.
    if (fused && be.kernels.fusedMatMul && isFloat(dtype) && (!fused.bias || fused.bias.dtype === dtype)) {
      const bias = fused.bias ? reshape(broadcastTo(fused.bias, outShape), [sizeOf(batch), m, n]).view() : null;
      return wrapHandle(be, be.kernels.fusedMatMul(a, b, bias, fused.activation, fused.alpha, dtype), outShape, dtype);
    }
    const out = wrapHandle(be, be.kernels.matMul(a, b, dtype), outShape, dtype);
    if (!fused) return out;
    return applyActivation(fused.bias ? add(out, fused.bias) : out, fused.activation, fused.alpha);
  });
}

function matMulGrad(transposeA: boolean, transposeB: boolean): GradFn {
  return (dys, { inputs }) => {
    const dy = dys[0]!;
    const [a, b] = inputs as [Tensor, Tensor];
    if (!transposeA && !transposeB) return [matMul(dy, b, false, true), matMul(a, dy, true, false)];
    if (!transposeA && transposeB) return [matMul(dy, b, false, false), matMul(dy, a, true, false)];
    if (transposeA && !transposeB) return [matMul(b, dy, false, true), matMul(a, dy, false, false)];
    return [matMul(b, dy, true, true), matMul(dy, a, true, true)];
  };
}

/** Batched matrix product with broadcast batch dims (tfjs's matMul). */
export function matMul(a: TensorLike, b: TensorLike, transposeA = false, transposeB = false): Tensor {
  const [A, B] = binaryOperands(a, b, 'matMul');
  return runOp({ name: 'matMul', inputs: [A, B], attrs: { transposeA, transposeB }, grad: matMulGrad(transposeA, transposeB) }, () =>
    rawMatMul(A, B, transposeA, transposeB, 'matMul'),
  );
}

/** Dot product of vectors and/or matrices (rank 1 or 2), as tfjs's dot. */
export function dot(t1: TensorLike, t2: TensorLike): Tensor {
  const [A, B] = binaryOperands(t1, t2, 'dot');
  if (A.rank < 1 || A.rank > 2 || B.rank < 1 || B.rank > 2) {
    throw new Error(`dot: inputs must be rank 1 or 2. Received: t1 is ${fmtShape(A.shape)}, t2 is ${fmtShape(B.shape)}`);
  }
  const ka = A.shape[A.rank - 1];
  const kb = B.shape[0];
  if (ka !== kb) throw new Error(`dot: inner dimensions must match: t1 is ${fmtShape(A.shape)}, t2 is ${fmtShape(B.shape)}`);
  const shape = [...(A.rank === 2 ? [A.shape[0]!] : []), ...(B.rank === 2 ? [B.shape[1]!] : [])];
  // tidy frees the reshaped operands and the [m,n] product once the result view holds it.
  return ownInputs('dot', [A, B], () => tidy(() => {
    const a2 = A.rank === 1 ? reshape(A, [1, ka!]) : A;
    const b2 = B.rank === 1 ? reshape(B, [kb!, 1]) : B;
    return reshape(matMul(a2, b2), shape);
  }));
}

/** Outer product of two vectors. */
export function outerProduct(v1: TensorLike, v2: TensorLike): Tensor {
  const [A, B] = binaryOperands(v1, v2, 'outerProduct');
  if (A.rank !== 1 || B.rank !== 1) {
    throw new Error(`outerProduct: expected two rank-1 tensors. Received: v1 is ${fmtShape(A.shape)}, v2 is ${fmtShape(B.shape)}`);
  }
  return ownInputs('outerProduct', [A, B], () => tidy(() => matMul(reshape(A, [A.size, 1]), reshape(B, [1, B.size]))));
}

export function applyActivation(x: Tensor, activation: FusedActivation, alpha = 0.2): Tensor {
  switch (activation) {
    case 'linear':
      return x;
    case 'relu':
      return relu(x);
    case 'relu6':
      return relu6(x);
    case 'sigmoid':
      return sigmoid(x);
    case 'tanh':
      return tanh(x);
    case 'elu':
      return elu(x);
    case 'leakyrelu':
      return leakyRelu(x, alpha);
  }
}

/** d activation / d pre-activation, from the activation's output y (and input z where needed). */
function activationGrad(dy: Tensor, y: Tensor, activation: FusedActivation, alpha: number): Tensor {
  switch (activation) {
    case 'linear':
      return dy;
    case 'relu':
      return mul(dy, cast(greater(y, 0), dy.dtype));
    case 'relu6':
      return mul(dy, cast(logicalAnd(greater(y, 0), less(y, 6)), dy.dtype));
    case 'sigmoid':
      return mul(dy, mul(y, sub(1, y)));
    case 'tanh':
      return mul(dy, sub(1, square(y)));
    case 'elu':
      return mul(dy, where(greater(y, 0), cast(1, dy.dtype).broadcastTo([...y.shape]), add(y, 1)));
    case 'leakyrelu':
      return where(greater(y, 0), dy, mul(dy, alpha));
  }
}

const ACTIVATIONS: readonly FusedActivation[] = ['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'elu', 'leakyrelu'];

export interface FusedMatMulArgs {
  a: TensorLike;
  b: TensorLike;
  transposeA?: boolean;
  transposeB?: boolean;
  bias?: TensorLike;
  activation?: FusedActivation;
  leakyreluAlpha?: number;
}

/** matMul + bias + activation in one op (tfjs's fused.matMul); one kernel where the backend has a fused path. */
function fusedMatMul({ a, b, transposeA = false, transposeB = false, bias, activation = 'linear', leakyreluAlpha = 0.2 }: FusedMatMulArgs): Tensor {
  if (!ACTIVATIONS.includes(activation)) {
    throw new Error(`fused.matMul: invalid value for argument \`activation\`. Expected one of ${ACTIVATIONS.join(', ')}. Received: ${String(activation)}`);
  }
  const [A, B] = binaryOperands(a, b, 'fused.matMul');
  const biasT = bias === undefined ? null : convertToTensor(bias, 'bias', 'fused.matMul', A.dtype, A.backend);
  const inputs = biasT ? [A, B, biasT] : [A, B];
  const grad: GradFn = (dys, ctx) => {
    const dz = activationGrad(dys[0]!, ctx.outputs[0]!, activation, leakyreluAlpha);
    const [da, db] = matMulGrad(transposeA, transposeB)([dz], ctx) as [Tensor, Tensor];
    return biasT ? [da, db, dz] : [da, db];
  };
  return runOp({ name: 'fusedMatMul', inputs, attrs: { transposeA, transposeB, activation, leakyreluAlpha }, grad }, () =>
    rawMatMul(A, B, transposeA, transposeB, 'fused.matMul', { bias: biasT, activation, alpha: leakyreluAlpha }),
  );
}

export const fused = { matMul: fusedMatMul };
