import type { ScalarExpr, UnaryOp, BinaryOp } from './expr.js';

/**
 * The reference semantics of the scalar expression tree, as JavaScript source over doubles. Values are stored
 * into the output's typed array afterwards (float32 rounds, int32 wraps, bool is 0/1), as tfjs's CPU backend does.
 * Helpers referenced here live in SCALAR_HELPERS and are passed to the generated function as `H`.
 */
export function renderJs(e: ScalarExpr, input: (i: number) => string): string {
  const r = (x: ScalarExpr) => renderJs(x, input);
  switch (e.k) {
    case 'in':
      return input(e.i);
    case 'const':
      return Number.isNaN(e.v) ? 'NaN' : e.v === Infinity ? 'Infinity' : e.v === -Infinity ? '-Infinity' : `(${e.v})`;
    case 'un':
      return renderUnary(e.op, r(e.a));
    case 'bin':
      return renderBinary(e.op, r(e.a), r(e.b));
    case 'where':
      return `(${r(e.c)} ? ${r(e.a)} : ${r(e.b)})`;
    case 'cast':
      switch (e.to) {
        case 'int32':
          return `(${r(e.a)} | 0)`;
        case 'bool':
          return `(${r(e.a)} !== 0 ? 1 : 0)`;
        case 'float32':
          return `Math.fround(${r(e.a)})`;
        case 'float64':
          return `(+${r(e.a)})`;
      }
  }
}

function renderUnary(op: UnaryOp, a: string): string {
  switch (op) {
    case 'neg':
      return `(-${a})`;
    case 'abs':
      return `Math.abs(${a})`;
    case 'sign':
      return `H.sign(${a})`;
    case 'sqrt':
      return `Math.sqrt(${a})`;
    case 'exp':
      return `Math.exp(${a})`;
    case 'expm1':
      return `Math.expm1(${a})`;
    case 'log':
      return `Math.log(${a})`;
    case 'log1p':
      return `Math.log1p(${a})`;
    case 'round':
      return `H.roundHalfEven(${a})`;
    case 'floor':
      return `Math.floor(${a})`;
    case 'ceil':
      return `Math.ceil(${a})`;
    case 'sin':
    case 'cos':
    case 'tan':
    case 'asin':
    case 'acos':
    case 'atan':
    case 'sinh':
    case 'cosh':
    case 'tanh':
    case 'asinh':
    case 'acosh':
    case 'atanh':
      return `Math.${op}(${a})`;
    case 'erf':
      return `H.erf(${a})`;
    case 'isnan':
      return `(Number.isNaN(${a}) ? 1 : 0)`;
    case 'isfinite':
      return `(Number.isFinite(${a}) ? 1 : 0)`;
    case 'isinf':
      return `H.isInf(${a})`;
    case 'not':
      return `(${a} ? 0 : 1)`;
  }
}

function renderBinary(op: BinaryOp, a: string, b: string): string {
  switch (op) {
    case 'add':
      return `(${a} + ${b})`;
    case 'sub':
      return `(${a} - ${b})`;
    case 'mul':
      return `(${a} * ${b})`;
    case 'div':
      return `(${a} / ${b})`;
    case 'floordiv':
      return `Math.floor(${a} / ${b})`;
    case 'mod':
      return `H.mod(${a}, ${b})`;
    case 'pow':
      return `Math.pow(${a}, ${b})`;
    case 'max':
      return `H.max(${a}, ${b})`;
    case 'min':
      return `H.min(${a}, ${b})`;
    case 'atan2':
      return `Math.atan2(${a}, ${b})`;
    case 'eq':
      return `(${a} === ${b} ? 1 : 0)`;
    case 'ne':
      return `(${a} !== ${b} ? 1 : 0)`;
    case 'lt':
      return `(${a} < ${b} ? 1 : 0)`;
    case 'le':
      return `(${a} <= ${b} ? 1 : 0)`;
    case 'gt':
      return `(${a} > ${b} ? 1 : 0)`;
    case 'ge':
      return `(${a} >= ${b} ? 1 : 0)`;
    case 'and':
      return `(${a} && ${b} ? 1 : 0)`;
    case 'or':
      return `(${a} || ${b} ? 1 : 0)`;
    case 'xor':
      return `((${a} ? 1 : 0) !== (${b} ? 1 : 0) ? 1 : 0)`;
  }
}

/** Scalar helpers with NaN rules pinned: max/min propagate NaN (as TensorFlow), sign(NaN) is NaN. */
export const SCALAR_HELPERS = {
  sign(x: number): number {
    return x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN;
  },
  max(a: number, b: number): number {
    return a > b || Number.isNaN(a) ? a : b;
  },
  min(a: number, b: number): number {
    return a < b || Number.isNaN(a) ? a : b;
  },
  /** Floor modulo: the result has the sign of the divisor (tfjs, NumPy and TensorFlow's floormod). */
  mod(a: number, b: number): number {
    const r = a % b;
    return r !== 0 && r < 0 !== b < 0 ? r + b : r;
  },
  /** Round half to even, as tfjs's and TensorFlow's round. */
  roundHalfEven(x: number): number {
    const f = Math.floor(x);
    const d = x - f;
    if (d < 0.5) return f;
    if (d > 0.5) return f + 1;
    return f % 2 === 0 ? f : f + 1;
  },
  isInf(x: number): number {
    return x === Infinity || x === -Infinity ? 1 : 0;
  },
  /** erf with max error ~1.2e-7 (Numerical Recipes erfc, Chebyshev fit): float32-exact in practice. */
  erf(x: number): number {
    const z = Math.abs(x);
    const t = 1 / (1 + 0.5 * z);
    const r =
      t *
      Math.exp(
        -z * z -
          1.26551223 +
          t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 +
          t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
      );
    return x >= 0 ? 1 - r : r - 1;
  },
};

export type ScalarHelpers = typeof SCALAR_HELPERS;
