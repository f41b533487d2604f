// float32 fast path for elementwise trees that are one op on float32 operands: a + b, a * c, max(a, 0), a > b,
// -a, sqrt(a)... Computing these in f32 is exact with respect to the f64 reference: one correctly rounded f32
// op equals the f64 op rounded to f32 (double rounding is innocuous for +, -, ×, ÷ and √ at these precisions),
// and max/min/compares are exact. Operands are contiguous, one broadcast value, or a contiguous period repeated
// (a bias row).

import { OP_NEG, OP_ABS, OP_SQRT, OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MAX, OP_MIN, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE } from './scalar';

// @ts-ignore: decorator
@inline
function binF32(op: i32, x: v128, y: v128): v128 {
  switch (op) {
    case OP_ADD: return f32x4.add(x, y);
    case OP_SUB: return f32x4.sub(x, y);
    case OP_MUL: return f32x4.mul(x, y);
    case OP_DIV: return f32x4.div(x, y);
    case OP_MAX: return v128.bitselect(x, y, v128.or(f32x4.gt(x, y), f32x4.ne(x, x)));
    case OP_MIN: return v128.bitselect(x, y, v128.or(f32x4.lt(x, y), f32x4.ne(x, x)));
    case OP_EQ: return f32x4.eq(x, y);
    case OP_NE: return f32x4.ne(x, y);
    case OP_LT: return f32x4.lt(x, y);
    case OP_LE: return f32x4.le(x, y);
    case OP_GT: return f32x4.gt(x, y);
    case OP_GE: return f32x4.ge(x, y);
    case OP_NEG: return f32x4.neg(x);
    case OP_ABS: return f32x4.abs(x);
    case OP_SQRT: return f32x4.sqrt(x);
    default: return x;
  }
}

/** One run of n values: a and b advance by aInc/bInc bytes per 4 values (0 for a broadcast value). */
function runF32(op: i32, pa: usize, aInc: usize, pb: usize, bInc: usize, out: usize, n: i32, boolOut: bool): void {
  let i = 0;
  const one = i32x4.splat(1);
  // Each op gets its own loop (the switch is resolved once per run).
  switch (op) {
    case OP_ADD: for (; i + 4 <= n; i += 4, pa += aInc, pb += bInc) v128.store(out + (<usize>i << 2), binF32(OP_ADD, v128.load(pa), v128.load(pb))); break;
    case OP_SUB: for (; i + 4 <= n; i += 4, pa += aInc, pb += bInc) v128.store(out + (<usize>i << 2), binF32(OP_SUB, v128.load(pa), v128.load(pb))); break;
    case OP_MUL: for (; i + 4 <= n; i += 4, pa += aInc, pb += bInc) v128.store(out + (<usize>i << 2), binF32(OP_MUL, v128.load(pa), v128.load(pb))); break;
    case OP_DIV: for (; i + 4 <= n; i += 4, pa += aInc, pb += bInc) v128.store(out + (<usize>i << 2), binF32(OP_DIV, v128.load(pa), v128.load(pb))); break;
    case OP_MAX: for (; i + 4 <= n; i += 4, pa += aInc, pb += bInc) v128.store(out + (<usize>i << 2), binF32(OP_MAX, v128.load(pa), v128.load(pb))); break;
    case OP_MIN: for (; i + 4 <= n; i += 4, pa += aInc, pb += bInc) v128.store(out + (<usize>i << 2), binF32(OP_MIN, v128.load(pa), v128.load(pb))); break;
    case OP_NEG: for (; i + 4 <= n; i += 4, pa += aInc) v128.store(out + (<usize>i << 2), f32x4.neg(v128.load(pa))); break;
    case OP_ABS: for (; i + 4 <= n; i += 4, pa += aInc) v128.store(out + (<usize>i << 2), f32x4.abs(v128.load(pa))); break;
    case OP_SQRT: for (; i + 4 <= n; i += 4, pa += aInc) v128.store(out + (<usize>i << 2), f32x4.sqrt(v128.load(pa))); break;
    default: {
      // Comparisons: masks to 0/1 bytes.
      for (; i + 4 <= n; i += 4, pa += aInc, pb += bInc) {
        const m = v128.and(binF32(op, v128.load(pa), v128.load(pb)), one);
        const m16 = i16x8.narrow_i32x4_u(m, m);
        store<i32>(out + <usize>i, i32x4.extract_lane(i8x16.narrow_i16x8_u(m16, m16), 0));
      }
    }
  }
  // Tail, one value at a time (the scalar steps are a quarter of the vector steps).
  const as = aInc >> 2;
  const bs = bInc >> 2;
  for (; i < n; i++, pa += as, pb += bs) {
    const r = binF32(op, f32x4.splat(load<f32>(pa)), f32x4.splat(load<f32>(pb)));
    if (boolOut) store<u8>(out + <usize>i, <u8>(i32x4.extract_lane(r, 0) & 1));
    else store<f32>(out + (<usize>i << 2), f32x4.extract_lane(r, 0));
  }
}

/**
 * Output values [start, end). P: op, boolOut, outPtr, then per operand (a, b): ptr, mode (0 contiguous,
 * 1 broadcast value, 2 contiguous period), period. T: 32 bytes of scratch for broadcast values.
 */
export function ewF32(P: usize, T: usize, start: i32, end: i32): void {
  const op = load<i32>(P);
  const boolOut = load<i32>(P, 4) != 0;
  const out = <usize>load<u32>(P, 8);
  const aPtr = <usize>load<u32>(P, 12);
  const aMode = load<i32>(P, 16);
  const aPer = load<i32>(P, 20);
  const bPtr = <usize>load<u32>(P, 24);
  const bMode = load<i32>(P, 28);
  const bPer = load<i32>(P, 32);
  // Broadcast values become splat vectors read with a zero increment.
  v128.store(T, f32x4.splat(aMode == 1 ? load<f32>(aPtr) : 0));
  v128.store(T, f32x4.splat(bMode == 1 ? load<f32>(bPtr) : 0), 16);
  let i = start;
  while (i < end) {
    let n = end - i;
    let pa: usize = T;
    let pb: usize = T + 16;
    let aInc: usize = 0;
    let bInc: usize = 0;
    if (aMode == 0) {
      pa = aPtr + (<usize>i << 2);
      aInc = 16;
    } else if (aMode == 2) {
      const o = i % aPer;
      pa = aPtr + (<usize>o << 2);
      aInc = 16;
      n = min(n, aPer - o);
    }
    if (bMode == 0) {
      pb = bPtr + (<usize>i << 2);
      bInc = 16;
    } else if (bMode == 2) {
      const o = i % bPer;
      pb = bPtr + (<usize>o << 2);
      bInc = 16;
      n = min(n, bPer - o);
    }
    runF32(op, pa, aInc, pb, bInc, out + (<usize>i << (boolOut ? 0 : 2)), n, boolOut);
    i += n;
  }
}
