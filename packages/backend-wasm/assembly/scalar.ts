// The scalar ops of core's expression tree over f64 blocks, with the NaN/rounding rules of core's reference
// renderer (packages/core/src/scalar/render-js.ts). Each op runs over `n` values of 8 bytes; SIMD ops may touch
// one value past `n` (blocks have even capacity).

import { toInt32 } from './common';

export const OP_COPY: i32 = 0;
export const OP_NEG: i32 = 1;
export const OP_ABS: i32 = 2;
export const OP_SIGN: i32 = 3;
export const OP_SQRT: i32 = 4;
export const OP_EXP: i32 = 5;
export const OP_EXPM1: i32 = 6;
export const OP_LOG: i32 = 7;
export const OP_LOG1P: i32 = 8;
export const OP_ROUND: i32 = 9;
export const OP_FLOOR: i32 = 10;
export const OP_CEIL: i32 = 11;
export const OP_SIN: i32 = 12;
export const OP_COS: i32 = 13;
export const OP_TAN: i32 = 14;
export const OP_ASIN: i32 = 15;
export const OP_ACOS: i32 = 16;
export const OP_ATAN: i32 = 17;
export const OP_SINH: i32 = 18;
export const OP_COSH: i32 = 19;
export const OP_TANH: i32 = 20;
export const OP_ASINH: i32 = 21;
export const OP_ACOSH: i32 = 22;
export const OP_ATANH: i32 = 23;
export const OP_ERF: i32 = 24;
export const OP_ISNAN: i32 = 25;
export const OP_ISFINITE: i32 = 26;
export const OP_ISINF: i32 = 27;
export const OP_NOT: i32 = 28;
export const OP_CAST_I32: i32 = 29;
export const OP_CAST_BOOL: i32 = 30;
export const OP_CAST_F32: i32 = 31;

export const OP_ADD: i32 = 40;
export const OP_SUB: i32 = 41;
export const OP_MUL: i32 = 42;
export const OP_DIV: i32 = 43;
export const OP_FLOORDIV: i32 = 44;
export const OP_MOD: i32 = 45;
export const OP_POW: i32 = 46;
export const OP_MAX: i32 = 47;
export const OP_MIN: i32 = 48;
export const OP_ATAN2: i32 = 49;
export const OP_EQ: i32 = 50;
export const OP_NE: i32 = 51;
export const OP_LT: i32 = 52;
export const OP_LE: i32 = 53;
export const OP_GT: i32 = 54;
export const OP_GE: i32 = 55;
export const OP_AND: i32 = 56;
export const OP_OR: i32 = 57;
export const OP_XOR: i32 = 58;

export const OP_WHERE: i32 = 60;

/** erf with max error ~1.2e-7: the reference renderer's formula (Numerical Recipes erfc, Chebyshev fit). */
export function erf(x: f64): f64 {
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
}

/** JS Math.pow: a NaN exponent gives NaN, and (±1) ** ±Infinity is NaN (C's pow says 1). */
export function jsPow(a: f64, b: f64): f64 {
  if (b != b) return NaN;
  if (Math.abs(a) == 1 && Math.abs(b) == Infinity) return NaN;
  return Math.pow(a, b);
}

/** Floor modulo: the result has the sign of the divisor. */
export function floorMod(a: f64, b: f64): f64 {
  const r = a % b;
  return r != 0 && (r < 0) != (b < 0) ? r + b : r;
}

// @ts-ignore: decorator
@inline
function truthyMask(x: v128): v128 {
  return v128.and(f64x2.ne(x, f64x2.splat(0)), f64x2.eq(x, x));
}

// @ts-ignore: decorator
@inline
function ones(mask: v128): v128 {
  return v128.and(mask, f64x2.splat(1.0));
}

/** Applies a unary op: d[i] = op(a[i]) for i < n. */
export function unary(op: i32, d: usize, a: usize, n: i32): void {
  const n2 = (n + 1) & ~1;
  const bytes = <usize>n2 << 3;
  const zero = f64x2.splat(0);
  const one = f64x2.splat(1.0);
  switch (op) {
    case OP_COPY: {
      memory.copy(d, a, bytes);
      return;
    }
    case OP_NEG: {
      for (let i: usize = 0; i < bytes; i += 16) v128.store(d + i, f64x2.neg(v128.load(a + i)));
      return;
    }
    case OP_ABS: {
      for (let i: usize = 0; i < bytes; i += 16) v128.store(d + i, f64x2.abs(v128.load(a + i)));
      return;
    }
    case OP_SIGN: {
      const m1 = f64x2.splat(-1.0);
      const nan = f64x2.splat(NaN);
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a + i);
        const r = v128.bitselect(one, v128.bitselect(m1, v128.bitselect(zero, nan, f64x2.eq(x, zero)), f64x2.lt(x, zero)), f64x2.gt(x, zero));
        v128.store(d + i, r);
      }
      return;
    }
    case OP_SQRT: {
      for (let i: usize = 0; i < bytes; i += 16) v128.store(d + i, f64x2.sqrt(v128.load(a + i)));
      return;
    }
    case OP_ROUND: {
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a + i);
        const r = f64x2.nearest(x);
        // A zero result is +0 unless x itself is a zero (the reference's floor-based rounding).
        const z = v128.bitselect(x, zero, f64x2.eq(x, zero));
        v128.store(d + i, v128.bitselect(z, r, f64x2.eq(r, zero)));
      }
      return;
    }
    case OP_FLOOR: {
      for (let i: usize = 0; i < bytes; i += 16) v128.store(d + i, f64x2.floor(v128.load(a + i)));
      return;
    }
    case OP_CEIL: {
      for (let i: usize = 0; i < bytes; i += 16) v128.store(d + i, f64x2.ceil(v128.load(a + i)));
      return;
    }
    case OP_ISNAN: {
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a + i);
        v128.store(d + i, ones(f64x2.ne(x, x)));
      }
      return;
    }
    case OP_ISFINITE: {
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a + i);
        v128.store(d + i, ones(f64x2.eq(f64x2.sub(x, x), zero)));
      }
      return;
    }
    case OP_ISINF: {
      const inf = f64x2.splat(Infinity);
      for (let i: usize = 0; i < bytes; i += 16) v128.store(d + i, ones(f64x2.eq(f64x2.abs(v128.load(a + i)), inf)));
      return;
    }
    case OP_NOT: {
      for (let i: usize = 0; i < bytes; i += 16) v128.store(d + i, v128.bitselect(zero, one, truthyMask(v128.load(a + i))));
      return;
    }
    case OP_CAST_BOOL: {
      for (let i: usize = 0; i < bytes; i += 16) v128.store(d + i, ones(f64x2.ne(v128.load(a + i), zero)));
      return;
    }
    case OP_CAST_F32: {
      for (let i: usize = 0; i < bytes; i += 16) {
        v128.store(d + i, f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(v128.load(a + i))));
      }
      return;
    }
    default:
      break;
  }
  const end = <usize>n << 3;
  switch (op) {
    case OP_EXP: for (let i: usize = 0; i < end; i += 8) store<f64>(d + i, Math.exp(load<f64>(a + i))); break;
    case OP_EXPM1: for (let i: usize = 0; i < end; i += 8) store<f64>(d + i, Math.expm1(load<f64>(a + i))); break;
    case OP_LOG: for (let i: usize = 0; i < end; i += 8) store<f64>(d + i, Math.log(load<f64>(a + i))); break;
    case OP_LOG1P: for (let i: usize = 0; i < end; i += 8) store<f64>(d + i, Math.log1p(load<f64>(a + i))); break;
    case OP_SIN: for (let i: usize = 0; i < end; i += 8) store<f64>(d + i, Math.sin(load<f64>(a + i))); break;
    case OP_COS: for (let i: usize = 0; i < end; i += 8) store<f64>(d + i, Math.cos(load<f64>(a + i))); break;
    case OP_TAN: for (let i: usize = 0; i < end; i += 8) store<f64>(d + i, Math.tan(load<f64>(a + i))); break;
    case OP_ASIN: for (let i: usize = 0; i < end; i += 8) store<f64>(d + i, Math.asin(load<f64>(a + i))); break;
    case OP_ACOS: for (let i: usize = 0; i < end; i += 8) store<f64>(d + i, Math.acos(load<f64>(a + i))); break;
    case OP_ATAN: for (let i: usize = 0; i < end; i += 8) store<f64>(d + i, Math.atan(load<f64>(a + i))); break;
    case OP_SINH: for (let i: usize = 0; i < end; i += 8) store<f64>(d + i, Math.sinh(load<f64>(a + i))); break;
    case OP_COSH: for (let i: usize = 0; i < end; i += 8) store<f64>(d + i, Math.cosh(load<f64>(a + i))); break;
    case OP_TANH: for (let i: usize = 0; i < end; i += 8) store<f64>(d + i, Math.tanh(load<f64>(a + i))); break;
    case OP_ASINH: for (let i: usize = 0; i < end; i += 8) store<f64>(d + i, Math.asinh(load<f64>(a + i))); break;
    case OP_ACOSH: for (let i: usize = 0; i < end; i += 8) store<f64>(d + i, Math.acosh(load<f64>(a + i))); break;
    case OP_ATANH: for (let i: usize = 0; i < end; i += 8) store<f64>(d + i, Math.atanh(load<f64>(a + i))); break;
    case OP_ERF: for (let i: usize = 0; i < end; i += 8) store<f64>(d + i, erf(load<f64>(a + i))); break;
    case OP_CAST_I32: for (let i: usize = 0; i < end; i += 8) store<f64>(d + i, <f64>toInt32(load<f64>(a + i))); break;
    default: unreachable();
  }
}

/** Applies a binary op: d[i] = op(a[i], b[i]) for i < n. */
export function binary(op: i32, d: usize, a: usize, b: usize, n: i32): void {
  const bytes = <usize>((n + 1) & ~1) << 3;
  switch (op) {
    case OP_ADD: for (let i: usize = 0; i < bytes; i += 16) v128.store(d + i, f64x2.add(v128.load(a + i), v128.load(b + i))); return;
    case OP_SUB: for (let i: usize = 0; i < bytes; i += 16) v128.store(d + i, f64x2.sub(v128.load(a + i), v128.load(b + i))); return;
    case OP_MUL: for (let i: usize = 0; i < bytes; i += 16) v128.store(d + i, f64x2.mul(v128.load(a + i), v128.load(b + i))); return;
    case OP_DIV: for (let i: usize = 0; i < bytes; i += 16) v128.store(d + i, f64x2.div(v128.load(a + i), v128.load(b + i))); return;
    case OP_FLOORDIV: for (let i: usize = 0; i < bytes; i += 16) v128.store(d + i, f64x2.floor(f64x2.div(v128.load(a + i), v128.load(b + i)))); return;
    case OP_MAX: {
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a + i);
        const y = v128.load(b + i);
        v128.store(d + i, v128.bitselect(x, y, v128.or(f64x2.gt(x, y), f64x2.ne(x, x))));
      }
      return;
    }
    case OP_MIN: {
      for (let i: usize = 0; i < bytes; i += 16) {
        const x = v128.load(a + i);
        const y = v128.load(b + i);
        v128.store(d + i, v128.bitselect(x, y, v128.or(f64x2.lt(x, y), f64x2.ne(x, x))));
      }
      return;
    }
    case OP_EQ: for (let i: usize = 0; i < bytes; i += 16) v128.store(d + i, ones(f64x2.eq(v128.load(a + i), v128.load(b + i)))); return;
    case OP_NE: for (let i: usize = 0; i < bytes; i += 16) v128.store(d + i, ones(f64x2.ne(v128.load(a + i), v128.load(b + i)))); return;
    case OP_LT: for (let i: usize = 0; i < bytes; i += 16) v128.store(d + i, ones(f64x2.lt(v128.load(a + i), v128.load(b + i)))); return;
    case OP_LE: for (let i: usize = 0; i < bytes; i += 16) v128.store(d + i, ones(f64x2.le(v128.load(a + i), v128.load(b + i)))); return;
    case OP_GT: for (let i: usize = 0; i < bytes; i += 16) v128.store(d + i, ones(f64x2.gt(v128.load(a + i), v128.load(b + i)))); return;
    case OP_GE: for (let i: usize = 0; i < bytes; i += 16) v128.store(d + i, ones(f64x2.ge(v128.load(a + i), v128.load(b + i)))); return;
    case OP_AND: for (let i: usize = 0; i < bytes; i += 16) v128.store(d + i, ones(v128.and(truthyMask(v128.load(a + i)), truthyMask(v128.load(b + i))))); return;
    case OP_OR: for (let i: usize = 0; i < bytes; i += 16) v128.store(d + i, ones(v128.or(truthyMask(v128.load(a + i)), truthyMask(v128.load(b + i))))); return;
    case OP_XOR: for (let i: usize = 0; i < bytes; i += 16) v128.store(d + i, ones(v128.xor(truthyMask(v128.load(a + i)), truthyMask(v128.load(b + i))))); return;
    default:
      break;
  }
  const end = <usize>n << 3;
  switch (op) {
    case OP_MOD: for (let i: usize = 0; i < end; i += 8) store<f64>(d + i, floorMod(load<f64>(a + i), load<f64>(b + i))); break;
    case OP_POW: for (let i: usize = 0; i < end; i += 8) store<f64>(d + i, jsPow(load<f64>(a + i), load<f64>(b + i))); break;
    case OP_ATAN2: for (let i: usize = 0; i < end; i += 8) store<f64>(d + i, Math.atan2(load<f64>(a + i), load<f64>(b + i))); break;
    default: unreachable();
  }
}

/** d[i] = truthy(c[i]) ? a[i] : b[i]. */
export function where(d: usize, c: usize, a: usize, b: usize, n: i32): void {
  const bytes = <usize>((n + 1) & ~1) << 3;
  for (let i: usize = 0; i < bytes; i += 16) {
    v128.store(d + i, v128.bitselect(v128.load(a + i), v128.load(b + i), truthyMask(v128.load(c + i))));
  }
}
