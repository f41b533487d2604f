import type { DType } from '../dtype.js';
import { isFloat, upcastType } from '../dtype.js';
import type { GradFn } from '../engine.js';
import { S } from '../scalar/expr.js';
import type { BinaryOp, ScalarExpr } from '../scalar/expr.js';
import { isTensor } from '../tensor.js';
import type { Tensor } from '../tensor.js';
import { convertToTensor } from './convert.js';
import type { TensorLike } from './convert.js';
import { backendOf, elementwiseOp } from './internal.js';
import { cast, zerosLike } from './basic.js';
import { neg, square, log } from './unary.js';
import { zeroGrad } from './grad-util.js';
import { where } from './where.js';

/** How a binary op picks its output dtype from the promoted input dtype. */
type DTypeRule = 'same' | 'bool' | 'float';

/** Converts both operands; a plain number takes the other operand's dtype (as tfjs). */
export function binaryOperands(a: TensorLike, b: TensorLike, opName: string): [Tensor, Tensor] {
  const ta = isTensor(a) ? a : undefined;
  const tb = isTensor(b) ? b : undefined;
  const backend = ta?.backend ?? tb?.backend;
  const A = convertToTensor(a, 'a', opName, tb?.dtype, backend);
  const B = convertToTensor(b, 'b', opName, A.dtype, backend);
  backendOf(opName, [A, B]);
  return [A, B];
}

function defineBinary(
  name: string,
  expr: (a: ScalarExpr, b: ScalarExpr) => ScalarExpr,
  rule: DTypeRule,
  grad?: (dy: Tensor, a: Tensor, b: Tensor, y: Tensor) => [Tensor | null, Tensor | null],
  opts: { boolInputs?: boolean } = {},
) {
  const gradFn: GradFn = grad
    ? (dys, { inputs, outputs }) => grad(dys[0]!, inputs[0]!, inputs[1]!, outputs[0]!)
    : zeroGrad;
  const fn = (a: TensorLike, b: TensorLike): Tensor => {
    const [A, B] = binaryOperands(a, b, name);
    if (opts.boolInputs && (A.dtype !== 'bool' || B.dtype !== 'bool')) {
      throw new TypeError(`${name}: expected bool tensors for both arguments. Received: a is ${A.dtype}, b is ${B.dtype}`);
    }
    const dt = upcastType(A.dtype, B.dtype);
    const out: DType = rule === 'bool' ? 'bool' : rule === 'float' ? (isFloat(dt) ? dt : 'float32') : dt === 'bool' && !opts.boolInputs ? 'int32' : dt;
    return elementwiseOp(name, expr(S.in(0), S.in(1)), [A, B], out, gradFn);
  };
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
}

const bin = (op: BinaryOp) => (a: ScalarExpr, b: ScalarExpr) => S.bin(op, a, b);

export const add = defineBinary('add', bin('add'), 'same', (dy) => [dy, dy]);
export const sub = defineBinary('sub', bin('sub'), 'same', (dy) => [dy, neg(dy)]);
export const mul = defineBinary('mul', bin('mul'), 'same', (dy, a, b) => [mul(dy, cast(b, dy.dtype)), mul(dy, cast(a, dy.dtype))]);
const realDiv = defineBinary('div', bin('div'), 'float', (dy, a, b) => [div(dy, b), neg(div(mul(dy, a), square(b)))]);
export const floorDiv = defineBinary('floorDiv', bin('floordiv'), 'same');
export const mod = defineBinary('mod', bin('mod'), 'same', (dy, a, b) => [dy, mul(dy, neg(floorDiv(a, b)))]);
export const pow = defineBinary('pow', bin('pow'), 'same', (dy, a, b, y) => {
  const A = cast(a, dy.dtype);
  const B = cast(b, dy.dtype);
  const da = mul(dy, mul(B, pow(A, sub(B, 1))));
  const db = mul(dy, where(greater(A, 0), mul(y, log(A)), zerosLike(A)));
  return [da, db];
});
export const squaredDifference = defineBinary(
  'squaredDifference',
  (a, b) => S.mul(S.sub(a, b), S.sub(a, b)),
  'same',
  (dy, a, b) => {
    const d = mul(sub(a, b), mul(dy, 2));
    return [d, neg(d)];
  },
);
export const maximum = defineBinary('maximum', bin('max'), 'same', (dy, a, b) => [
  mul(dy, cast(greaterEqual(a, b), dy.dtype)),
  mul(dy, cast(less(a, b), dy.dtype)),
]);
export const minimum = defineBinary('minimum', bin('min'), 'same', (dy, a, b) => [
  mul(dy, cast(lessEqual(a, b), dy.dtype)),
  mul(dy, cast(greater(a, b), dy.dtype)),
]);
export const atan2 = defineBinary('atan2', bin('atan2'), 'float', (dy, a, b) => {
  const d = add(square(a), square(b));
  return [mul(dy, div(b, d)), neg(mul(dy, div(a, d)))];
});
export const equal = defineBinary('equal', bin('eq'), 'bool');
export const notEqual = defineBinary('notEqual', bin('ne'), 'bool');
export const less = defineBinary('less', bin('lt'), 'bool');
export const lessEqual = defineBinary('lessEqual', bin('le'), 'bool');
export const greater = defineBinary('greater', bin('gt'), 'bool');
export const greaterEqual = defineBinary('greaterEqual', bin('ge'), 'bool');
export const logicalAnd = defineBinary('logicalAnd', bin('and'), 'bool', undefined, { boolInputs: true });
export const logicalOr = defineBinary('logicalOr', bin('or'), 'bool', undefined, { boolInputs: true });
export const logicalXor = defineBinary('logicalXor', bin('xor'), 'bool', undefined, { boolInputs: true });

/** Division; two int32 operands divide with floor, as in tfjs. */
export function div(a: TensorLike, b: TensorLike): Tensor {
  const [A, B] = binaryOperands(a, b, 'div');
  if (A.dtype === 'int32' && B.dtype === 'int32') return floorDiv(A, B);
  return realDiv(A, B);
}

/** Division that returns 0 where the divisor is 0. */
export function divNoNan(a: TensorLike, b: TensorLike): Tensor {
  const [A, B] = binaryOperands(a, b, 'divNoNan');
  const dt = upcastType(A.dtype, B.dtype);
  const e = S.where(S.bin('eq', S.in(1), S.c(0)), S.c(0), S.div(S.in(0), S.in(1)));
  const grad: GradFn = (dys, { inputs }) => {
    const [x, y] = inputs as [Tensor, Tensor];
    const safe = where(equal(y, 0), zerosLike(dys[0]!), dys[0]!);
    return [divNoNan(safe, y), neg(divNoNan(mul(safe, x), square(y)))];
  };
  return elementwiseOp('divNoNan', e, [A, B], isFloat(dt) ? dt : 'float32', grad);
}

/** prelu: x for x > 0, alpha·x otherwise, with a (broadcast) alpha tensor. */
export function prelu(x: TensorLike, alpha: TensorLike): Tensor {
  const [X, A] = binaryOperands(x, alpha, 'prelu');
  const e = S.where(S.bin('gt', S.in(0), S.c(0)), S.in(0), S.mul(S.in(1), S.in(0)));
  const grad: GradFn = (dys, { inputs }) => {
    const [xi, ai] = inputs as [Tensor, Tensor];
    const pos = greater(xi, 0);
    return [where(pos, dys[0]!, mul(dys[0]!, ai)), where(pos, zerosLike(dys[0]!), mul(dys[0]!, xi))];
  };
  return elementwiseOp('prelu', e, [X, A], upcastType(X.dtype, A.dtype), grad);
}

