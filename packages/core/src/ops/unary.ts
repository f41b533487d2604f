import type { DType } from '../dtype.js';
import { isFloat } from '../dtype.js';
import type { GradFn } from '../engine.js';
import { S } from '../scalar/expr.js';
import type { ScalarExpr, UnaryOp } from '../scalar/expr.js';
import type { Tensor } from '../tensor.js';
import { convertToTensor } from './convert.js';
import type { TensorLike } from './convert.js';
import { elementwiseOp } from './internal.js';
import { add, div, mul, sub, greater, less, lessEqual, greaterEqual, logicalAnd } from './binary.js';
import { cast, onesLike } from './basic.js';
import { zeroGrad } from './grad-util.js';
import { where } from './where.js';

/** How a unary op picks its output dtype: keep the input's, promote integers to float32, or give bool. */
type DTypeRule = 'same' | 'float' | 'bool';

function outDType(rule: DTypeRule, dtype: DType): DType {
  if (rule === 'bool') return 'bool';
  if (rule === 'float') return isFloat(dtype) ? dtype : 'float32';
  return dtype === 'bool' ? 'float32' : dtype;
}

/** Declares one elementwise unary op: its scalar expression, dtype rule and gradient, in one place. */
function defineUnary(
  name: string,
  expr: (x: ScalarExpr) => ScalarExpr,
  rule: DTypeRule,
  grad?: (dy: Tensor, x: Tensor, y: Tensor) => Tensor,
) {
  const gradFn: GradFn | undefined = grad && ((dys, { inputs, outputs }) => [grad(dys[0]!, inputs[0]!, outputs[0]!)]);
  const fn = (x: TensorLike): Tensor => {
    const t = convertToTensor(x, 'x', name);
    const dt = outDType(rule, t.dtype);
    // Integer inputs of float ops are computed as float (the expression sees doubles either way).
    return elementwiseOp(name, expr(S.in(0)), [t], dt, gradFn ?? zeroGrad);
  };
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
}


const u = (op: UnaryOp) => (x: ScalarExpr) => S.un(op, x);
const c = S.c;

// Scalar building blocks reused by several ops (and by backends' fused paths).
export const exprs = {
  sigmoid: (x: ScalarExpr) => S.div(c(1), S.add(c(1), S.un('exp', S.un('neg', x)))),
  /** Stable softplus: max(x, 0) + log1p(exp(-|x|)). */
  softplus: (x: ScalarExpr) => S.add(S.bin('max', x, c(0)), S.un('log1p', S.un('exp', S.un('neg', S.un('abs', x))))),
  relu: (x: ScalarExpr) => S.bin('max', x, c(0)),
  relu6: (x: ScalarExpr) => S.bin('min', S.bin('max', x, c(0)), c(6)),
  elu: (x: ScalarExpr) => S.where(S.bin('gt', x, c(0)), x, S.un('expm1', x)),
  selu: (x: ScalarExpr) =>
    S.mul(c(SELU_SCALE), S.where(S.bin('gt', x, c(0)), x, S.mul(c(SELU_ALPHA), S.un('expm1', x)))),
  leakyRelu: (alpha: number) => (x: ScalarExpr) => S.where(S.bin('gt', x, c(0)), x, S.mul(c(alpha), x)),
  geluExact: (x: ScalarExpr) => S.mul(S.mul(c(0.5), x), S.add(c(1), S.un('erf', S.mul(x, c(Math.SQRT1_2))))),
  geluTanh: (x: ScalarExpr) =>
    S.mul(
      S.mul(c(0.5), x),
      S.add(c(1), S.un('tanh', S.mul(c(Math.sqrt(2 / Math.PI)), S.add(x, S.mul(c(0.044715), S.mul(x, S.mul(x, x))))))),
    ),
};

export const SELU_ALPHA = 1.6732632423543772848170429916717;
export const SELU_SCALE = 1.0507009873554804934193349852946;

export const neg = defineUnary('neg', u('neg'), 'same', (dy) => neg(dy));
export const abs = defineUnary('abs', u('abs'), 'same', (dy, x) => mul(dy, sign(x)));
export const sign = defineUnary('sign', u('sign'), 'same');
export const reciprocal = defineUnary('reciprocal', (x) => S.div(c(1), x), 'float', (dy, _x, y) => neg(mul(dy, mul(y, y))));
export const square = defineUnary('square', (x) => S.mul(x, x), 'same', (dy, x) => mul(dy, mul(x, 2)));
export const sqrt = defineUnary('sqrt', u('sqrt'), 'float', (dy, _x, y) => div(dy, mul(y, 2)));
export const rsqrt = defineUnary('rsqrt', (x) => S.div(c(1), S.un('sqrt', x)), 'float', (dy, _x, y) =>
  mul(dy, mul(mul(y, mul(y, y)), -0.5)),
);
export const exp = defineUnary('exp', u('exp'), 'float', (dy, _x, y) => mul(dy, y));
export const expm1 = defineUnary('expm1', u('expm1'), 'float', (dy, x) => mul(dy, exp(x)));
export const log = defineUnary('log', u('log'), 'float', (dy, x) => div(dy, cast(x, dy.dtype)));
export const log1p = defineUnary('log1p', u('log1p'), 'float', (dy, x) => div(dy, add(x, 1)));
export const round = defineUnary('round', u('round'), 'same');
export const floor = defineUnary('floor', u('floor'), 'same');
export const ceil = defineUnary('ceil', u('ceil'), 'same');
export const sin = defineUnary('sin', u('sin'), 'float', (dy, x) => mul(dy, cos(x)));
export const cos = defineUnary('cos', u('cos'), 'float', (dy, x) => neg(mul(dy, sin(x))));
export const tan = defineUnary('tan', u('tan'), 'float', (dy, x) => div(dy, square(cos(x))));
export const asin = defineUnary('asin', u('asin'), 'float', (dy, x) => div(dy, sqrt(sub(1, square(cast(x, dy.dtype))))));
export const acos = defineUnary('acos', u('acos'), 'float', (dy, x) => neg(div(dy, sqrt(sub(1, square(cast(x, dy.dtype)))))));
export const atan = defineUnary('atan', u('atan'), 'float', (dy, x) => div(dy, add(square(cast(x, dy.dtype)), 1)));
export const sinh = defineUnary('sinh', u('sinh'), 'float', (dy, x) => mul(dy, cosh(x)));
export const cosh = defineUnary('cosh', u('cosh'), 'float', (dy, x) => mul(dy, sinh(x)));
export const tanh = defineUnary('tanh', u('tanh'), 'float', (dy, _x, y) => mul(dy, sub(1, square(y))));
export const asinh = defineUnary('asinh', u('asinh'), 'float', (dy, x) => div(dy, sqrt(add(square(cast(x, dy.dtype)), 1))));
export const acosh = defineUnary('acosh', u('acosh'), 'float', (dy, x) => div(dy, sqrt(sub(square(cast(x, dy.dtype)), 1))));
export const atanh = defineUnary('atanh', u('atanh'), 'float', (dy, x) => div(dy, sub(1, square(cast(x, dy.dtype)))));
export const erf = defineUnary('erf', u('erf'), 'float', (dy, x) =>
  mul(dy, mul(exp(neg(square(cast(x, dy.dtype)))), 2 / Math.sqrt(Math.PI))),
);
export const sigmoid = defineUnary('sigmoid', exprs.sigmoid, 'float', (dy, _x, y) => mul(dy, mul(y, sub(1, y))));
export const softplus = defineUnary('softplus', exprs.softplus, 'float', (dy, x) => mul(dy, sigmoid(x)));
export const relu = defineUnary('relu', exprs.relu, 'same', (dy, x) => mul(dy, cast(greater(x, 0), dy.dtype)));
export const relu6 = defineUnary('relu6', exprs.relu6, 'same', (dy, x) =>
  mul(dy, cast(logicalAnd(greater(x, 0), less(x, 6)), dy.dtype)),
);
export const elu = defineUnary('elu', exprs.elu, 'float', (dy, _x, y) => mul(dy, where(greater(y, 0), onesLike(y), add(y, 1))));
export const selu = defineUnary('selu', exprs.selu, 'float', (dy, x) =>
  mul(dy, where(greater(x, 0), mul(onesLike(x), SELU_SCALE), mul(exp(x), SELU_SCALE * SELU_ALPHA))),
);
export const isNaN = defineUnary('isNaN', u('isnan'), 'bool');
export const isFinite = defineUnary('isFinite', u('isfinite'), 'bool');
export const isInf = defineUnary('isInf', u('isinf'), 'bool');
export const logicalNot = defineUnary('logicalNot', u('not'), 'bool');

const geluExactOp = defineUnary('gelu', exprs.geluExact, 'float', (dy, x) => {
  // d/dx [x Φ(x)] = Φ(x) + x φ(x)
  const cdf = mul(add(erf(mul(x, Math.SQRT1_2)), 1), 0.5);
  const pdf = mul(exp(mul(square(x), -0.5)), 1 / Math.sqrt(2 * Math.PI));
  return mul(dy, add(cdf, mul(x, pdf)));
});
const geluTanhOp = defineUnary('geluApproximate', exprs.geluTanh, 'float', (dy, x) => {
  const k = Math.sqrt(2 / Math.PI);
  const inner = mul(add(x, mul(mul(x, square(x)), 0.044715)), k);
  const t = tanh(inner);
  const dinner = mul(add(mul(square(x), 3 * 0.044715), 1), k);
  return mul(dy, add(mul(add(t, 1), 0.5), mul(mul(mul(x, 0.5), sub(1, square(t))), dinner)));
});

/** Gaussian error linear unit; `approximate` uses the tanh form (Keras's default is exact). */
export function gelu(x: TensorLike, approximate = false): Tensor {
  return approximate ? geluTanhOp(x) : geluExactOp(x);
}

/** x for x > 0, alpha·x otherwise (tfjs's default alpha is 0.2). */
export function leakyRelu(x: TensorLike, alpha = 0.2): Tensor {
  if (typeof alpha !== 'number' || !Number.isFinite(alpha)) {
    throw new TypeError(`leakyRelu: invalid value for argument \`alpha\`. Expected a finite number. Received: alpha=${String(alpha)}`);
  }
  const t = convertToTensor(x, 'x', 'leakyRelu');
  const grad: GradFn = (dys, { inputs }) => [where(greater(inputs[0]!, 0), dys[0]!, mul(dys[0]!, alpha))];
  return elementwiseOp('leakyRelu', exprs.leakyRelu(alpha)(S.in(0)), [t], outDType('float', t.dtype), grad, { alpha });
}

/** alpha for x > 0... as tfjs's step: 1 where x > 0, alpha elsewhere. */
export function step(x: TensorLike, alpha = 0): Tensor {
  const t = convertToTensor(x, 'x', 'step');
  const e = S.where(S.bin('gt', S.in(0), c(0)), c(1), c(alpha));
  return elementwiseOp('step', S.where(S.un('isnan', S.in(0)), c(NaN), e), [t], outDType('float', t.dtype), zeroGrad, { alpha });
}

/** Clamps to [min, max]; the gradient passes where min ≤ x ≤ max. */
export function clipByValue(x: TensorLike, clipValueMin: number, clipValueMax: number): Tensor {
  const t = convertToTensor(x, 'x', 'clipByValue');
  if (!(clipValueMin <= clipValueMax)) {
    throw new RangeError(
      `clipByValue: invalid values for arguments \`clipValueMin\` and \`clipValueMax\`. Expected clipValueMin <= clipValueMax. Received: clipValueMin=${clipValueMin}, clipValueMax=${clipValueMax}`,
    );
  }
  const grad: GradFn = (dys, { inputs }) => {
    const xi = inputs[0]!;
    return [mul(dys[0]!, cast(logicalAnd(greaterEqual(xi, clipValueMin), lessEqual(xi, clipValueMax)), dys[0]!.dtype))];
  };
  const e = S.bin('min', S.bin('max', S.in(0), c(clipValueMin)), c(clipValueMax));
  return elementwiseOp('clipByValue', e, [t], t.dtype, grad, { clipValueMin, clipValueMax });
}
