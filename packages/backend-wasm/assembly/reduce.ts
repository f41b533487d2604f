// Reductions over the trailing dims of a strided view, with the reference's semantics: sum/prod accumulate in
// f64; max/min propagate NaN; all/any use JS truthiness (NaN is false); argmax/argmin keep the first best index.

import { F32, F64, esizeShift, loadAsF64, storeFromF64, offs, truthy } from './common';
import { MAXR } from './elementwise';

export const R_SUM: i32 = 0;
export const R_PROD: i32 = 1;
export const R_MAX: i32 = 2;
export const R_MIN: i32 = 3;
export const R_ALL: i32 = 4;
export const R_ANY: i32 = 5;
export const R_ARGMAX: i32 = 6;
export const R_ARGMIN: i32 = 7;

// Accumulator state, per instance (so per thread).
let gAcc: f64 = 0;
let gBest: f64 = 0;
let gIdx: i32 = 0;
let gDone: bool = false;

function initAcc(op: i32, first: f64): void {
  gDone = false;
  gIdx = 0;
  gBest = first;
  if (op == R_SUM || op == R_ANY) gAcc = 0;
  else if (op == R_PROD || op == R_ALL) gAcc = 1;
  else if (op == R_MAX) gAcc = -Infinity;
  else if (op == R_MIN) gAcc = Infinity;
  else gAcc = 0;
}

// @ts-ignore: decorator
@inline
function pick(isMax: bool, acc: f64, v: f64): f64 {
  return (isMax ? v > acc : v < acc) || v != v ? v : acc;
}

/** Folds one run of n elements (element stride st), whose first element has reduced index j0, into the state. */
function foldRun(op: i32, dt: i32, p: usize, st: i32, n: i32, j0: i32): void {
  const sh = esizeShift(dt);
  let i = 0;
  if (op == R_SUM) {
    let acc = gAcc;
    if (st == 1 && dt == F32 && n >= 8) {
      let v0 = f64x2.splat(0);
      let v1 = f64x2.splat(0);
      for (; i + 4 <= n; i += 4) {
        const v = v128.load(p + (<usize>i << 2));
        v0 = f64x2.add(v0, f64x2.promote_low_f32x4(v));
        v1 = f64x2.add(v1, f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 2, 3)));
      }
      const s = f64x2.add(v0, v1);
      acc += f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
    } else if (st == 1 && dt == F64 && n >= 4) {
      let v0 = f64x2.splat(0);
      for (; i + 2 <= n; i += 2) v0 = f64x2.add(v0, v128.load(p + (<usize>i << 3)));
      acc += f64x2.extract_lane(v0, 0) + f64x2.extract_lane(v0, 1);
    }
    for (; i < n; i++) acc += loadAsF64(offs(p, i * st, sh), dt);
    gAcc = acc;
    return;
  }
  if (op == R_PROD) {
    let acc = gAcc;
    for (; i < n; i++) acc *= loadAsF64(offs(p, i * st, sh), dt);
    gAcc = acc;
    return;
  }
  if (op == R_MAX || op == R_MIN) {
    const isMax = op == R_MAX;
    let acc = gAcc;
    if (st == 1 && dt == F32 && n >= 8) {
      let m = v128.load(p);
      for (i = 4; i + 4 <= n; i += 4) {
        const v = v128.load(p + (<usize>i << 2));
        m = isMax ? f32x4.max(m, v) : f32x4.min(m, v);
      }
      acc = pick(isMax, acc, <f64>f32x4.extract_lane(m, 0));
      acc = pick(isMax, acc, <f64>f32x4.extract_lane(m, 1));
      acc = pick(isMax, acc, <f64>f32x4.extract_lane(m, 2));
      acc = pick(isMax, acc, <f64>f32x4.extract_lane(m, 3));
    }
    for (; i < n; i++) acc = pick(isMax, acc, loadAsF64(offs(p, i * st, sh), dt));
    // NaN is sticky: once seen, no later value replaces it (v > NaN is false; a later NaN gives NaN again).
    gAcc = acc;
    return;
  }
  if (op == R_ALL) {
    for (; i < n; i++) {
      if (!truthy(loadAsF64(offs(p, i * st, sh), dt))) {
        gAcc = 0;
        gDone = true;
        return;
      }
    }
    return;
  }
  if (op == R_ANY) {
    for (; i < n; i++) {
      if (truthy(loadAsF64(offs(p, i * st, sh), dt))) {
        gAcc = 1;
        gDone = true;
        return;
      }
    }
    return;
  }
  const isMax = op == R_ARGMAX;
  let best = gBest;
  let idx = gIdx;
  for (; i < n; i++) {
    const v = loadAsF64(offs(p, i * st, sh), dt);
    if (isMax ? v > best : v < best) {
      best = v;
      idx = j0 + i;
    }
  }
  gBest = best;
  gIdx = idx;
}

/**
 * Reduces outputs [o0, o1). P: op, inDt, outDt, inPtr, outPtr, oRank, iRank, nRed, then oShape[MAXR],
 * oStrides[MAXR], iShape[MAXR], iStrides[MAXR] (collapsed; each rank >= 1). T: 2·MAXR int32 scratch.
 */
export function reduceRows(P: usize, T: usize, o0: i32, o1: i32): void {
  const op = load<i32>(P);
  const dt = load<i32>(P, 4);
  const outDt = load<i32>(P, 8);
  const ptr = <usize>load<u32>(P, 12);
  const outPtr = <usize>load<u32>(P, 16);
  const oRank = load<i32>(P, 20);
  const iRank = load<i32>(P, 24);
  const nRed = load<i32>(P, 28);
  const oShape = P + 32;
  const oStr = oShape + (<usize>MAXR << 2);
  const iShape = oStr + (<usize>MAXR << 2);
  const iStr = iShape + (<usize>MAXR << 2);
  const oIdx = T;
  const iIdx = T + (<usize>MAXR << 2);
  const sh = esizeShift(dt);
  const outSh = esizeShift(outDt);
  const iLast = iRank - 1;
  const inner = load<i32>(iShape + (<usize>iLast << 2));
  const ist = load<i32>(iStr + (<usize>iLast << 2));
  const nRuns = nRed / max(inner, 1);

  let rem = o0;
  let base = 0;
  for (let d = oRank - 1; d >= 0; d--) {
    const n = load<i32>(oShape + (<usize>d << 2));
    const q = rem % n;
    rem = rem / n;
    store<i32>(oIdx + (<usize>d << 2), q);
    base += q * load<i32>(oStr + (<usize>d << 2));
  }
  for (let o = o0; o < o1; o++) {
    const p0 = offs(ptr, base, sh);
    initAcc(op, nRed > 0 ? loadAsF64(p0, dt) : 0);
    if (nRed > 0) {
      if (iRank == 1) {
        foldRun(op, dt, p0, ist, inner, 0);
      } else {
        for (let d = 0; d < iLast; d++) store<i32>(iIdx + (<usize>d << 2), 0);
        let off = 0;
        for (let r = 0; r < nRuns && !gDone; r++) {
          foldRun(op, dt, offs(p0, off, sh), ist, inner, r * inner);
          for (let d = iLast - 1; d >= 0; d--) {
            const q = iIdx + (<usize>d << 2);
            const v = load<i32>(q) + 1;
            const sd = load<i32>(iStr + (<usize>d << 2));
            off += sd;
            const n = load<i32>(iShape + (<usize>d << 2));
            if (v < n) {
              store<i32>(q, v);
              break;
            }
            off -= sd * n;
            store<i32>(q, 0);
          }
        }
      }
    }
    const res: f64 = op >= R_ARGMAX ? <f64>gIdx : gAcc;
    storeFromF64(outPtr + (<usize>o << outSh), outDt, res);
    for (let d = oRank - 1; d >= 0; d--) {
      const q = oIdx + (<usize>d << 2);
      const v = load<i32>(q) + 1;
      const sd = load<i32>(oStr + (<usize>d << 2));
      base += sd;
      const n = load<i32>(oShape + (<usize>d << 2));
      if (v < n) {
        store<i32>(q, v);
        break;
      }
      base -= sd * n;
      store<i32>(q, 0);
    }
  }
}

// ----- column reductions: SIMD across four neighbouring outputs -------------------------------------------------

/** Two lanes (byte stride ls between them) as f64x2. */
// @ts-ignore: decorator
@inline
function load2(p: usize, ls: usize, dt: i32): v128 {
  if (dt == F32) {
    if (ls == 4) return f64x2.promote_low_f32x4(v128.load64_zero(p));
    return f64x2.replace_lane(f64x2.splat(<f64>load<f32>(p)), 1, <f64>load<f32>(p + ls));
  }
  if (dt == F64) {
    if (ls == 8) return v128.load(p);
    return f64x2.replace_lane(f64x2.splat(load<f64>(p)), 1, load<f64>(p + ls));
  }
  return f64x2.replace_lane(f64x2.splat(loadAsF64(p, dt)), 1, loadAsF64(p + ls, dt));
}

// @ts-ignore: decorator
@inline
function truthy2(x: v128): v128 {
  return v128.and(f64x2.ne(x, f64x2.splat(0)), f64x2.eq(x, x));
}

/** One step of a reduction for two lanes: acc (and best/index for arg ops) updated with v, the j-th value. */
// @ts-ignore: decorator
@inline
function step2(op: i32, acc: v128, v: v128, best: v128): v128 {
  switch (op) {
    case R_SUM:
      return f64x2.add(acc, v);
    case R_PROD:
      return f64x2.mul(acc, v);
    case R_MAX:
      return v128.bitselect(v, acc, v128.or(f64x2.gt(v, acc), f64x2.ne(v, v)));
    case R_MIN:
      return v128.bitselect(v, acc, v128.or(f64x2.lt(v, acc), f64x2.ne(v, v)));
    case R_ALL:
      return v128.bitselect(acc, f64x2.splat(0), truthy2(v));
    case R_ANY:
      return v128.bitselect(f64x2.splat(1), acc, truthy2(v));
    default:
      return acc;
  }
}

/**
 * Reduces with SIMD across the innermost kept dim: rows [r0, r1) of the kept dims without their innermost one
 * (extent W, input stride sW); the reduced dims are walked with an odometer. Same P layout as reduceRows, with
 * the kept dims' innermost one last in oShape/oStrides; T: 2·MAXR int32 scratch.
 */
export function reduceCols(P: usize, T: usize, r0: i32, r1: i32): void {
  const op = load<i32>(P);
  const dt = load<i32>(P, 4);
  const outDt = load<i32>(P, 8);
  const ptr = <usize>load<u32>(P, 12);
  const outPtr = <usize>load<u32>(P, 16);
  const oRank = load<i32>(P, 20);
  const iRank = load<i32>(P, 24);
  const nRed = load<i32>(P, 28);
  const oShape = P + 32;
  const oStr = oShape + (<usize>MAXR << 2);
  const iShape = oStr + (<usize>MAXR << 2);
  const iStr = iShape + (<usize>MAXR << 2);
  const oIdx = T;
  const iIdx = T + (<usize>MAXR << 2);
  const sh = esizeShift(dt);
  const outSh = esizeShift(outDt);
  const W = load<i32>(oShape + (<usize>(oRank - 1) << 2));
  const sW = load<i32>(oStr + (<usize>(oRank - 1) << 2));
  const rowRank = oRank - 1;
  const iLast = iRank - 1;
  const inner = load<i32>(iShape + (<usize>iLast << 2));
  const ist = load<i32>(iStr + (<usize>iLast << 2));
  const nRuns = nRed / max(inner, 1);
  const isArg = op >= R_ARGMAX;
  const isMax = op == R_ARGMAX;
  let init: f64 = 0;
  if (op == R_PROD || op == R_ALL) init = 1;
  else if (op == R_MAX) init = -Infinity;
  else if (op == R_MIN) init = Infinity;

  let rem = r0;
  let base = 0;
  for (let d = rowRank - 1; d >= 0; d--) {
    const n = load<i32>(oShape + (<usize>d << 2));
    const q = rem % n;
    rem = rem / n;
    store<i32>(oIdx + (<usize>d << 2), q);
    base += q * load<i32>(oStr + (<usize>d << 2));
  }
  const lsBytes = <usize>(sW << <i32>sh);
  for (let r = r0; r < r1; r++) {
    for (let w = 0; w < W; w += 4) {
      const nl = min(4, W - w);
      const p0 = offs(ptr, base + w * sW, sh);
      const p1 = offs(p0, 2 * sW, sh);
      // Lanes past W repeat the last valid lane's address (ls 0) and are never stored.
      const ls0: usize = nl >= 2 ? lsBytes : 0;
      const ls1: usize = nl >= 4 ? lsBytes : 0;
      const two = nl > 2;
      let a0 = f64x2.splat(init);
      let a1 = a0;
      let b0 = a0;
      let b1 = a0;
      let i0 = f64x2.splat(0);
      let i1 = i0;
      if (nRed > 0 && isArg) {
        b0 = load2(p0, ls0, dt);
        if (two) b1 = load2(p1, ls1, dt);
      }
      for (let d = 0; d < iLast; d++) store<i32>(iIdx + (<usize>d << 2), 0);
      let off = 0;
      let j = 0;
      for (let run = 0; run < nRuns; run++) {
        let q = off;
        for (let k = 0; k < inner; k++, j++, q += ist) {
          const v0 = load2(offs(p0, q, sh), ls0, dt);
          if (isArg) {
            const jv = f64x2.splat(<f64>j);
            const m0 = isMax ? f64x2.gt(v0, b0) : f64x2.lt(v0, b0);
            b0 = v128.bitselect(v0, b0, m0);
            i0 = v128.bitselect(jv, i0, m0);
            if (two) {
              const v1 = load2(offs(p1, q, sh), ls1, dt);
              const m1 = isMax ? f64x2.gt(v1, b1) : f64x2.lt(v1, b1);
              b1 = v128.bitselect(v1, b1, m1);
              i1 = v128.bitselect(jv, i1, m1);
            }
          } else {
            a0 = step2(op, a0, v0, b0);
            if (two) a1 = step2(op, a1, load2(offs(p1, q, sh), ls1, dt), b1);
          }
        }
        for (let d = iLast - 1; d >= 0; d--) {
          const qq = iIdx + (<usize>d << 2);
          const v = load<i32>(qq) + 1;
          const sd = load<i32>(iStr + (<usize>d << 2));
          off += sd;
          const n = load<i32>(iShape + (<usize>d << 2));
          if (v < n) {
            store<i32>(qq, v);
            break;
          }
          off -= sd * n;
          store<i32>(qq, 0);
        }
      }
      if (isArg) {
        a0 = i0;
        a1 = i1;
      }
      const o = outPtr + (<usize>(r * W + w) << outSh);
      storeFromF64(o, outDt, f64x2.extract_lane(a0, 0));
      if (nl > 1) storeFromF64(o + (<usize>1 << outSh), outDt, f64x2.extract_lane(a0, 1));
      if (nl > 2) storeFromF64(o + (<usize>2 << outSh), outDt, f64x2.extract_lane(a1, 0));
      if (nl > 3) storeFromF64(o + (<usize>3 << outSh), outDt, f64x2.extract_lane(a1, 1));
    }
    for (let d = rowRank - 1; d >= 0; d--) {
      const q = oIdx + (<usize>d << 2);
      const v = load<i32>(q) + 1;
      const sd = load<i32>(oStr + (<usize>d << 2));
      base += sd;
      const n = load<i32>(oShape + (<usize>d << 2));
      if (v < n) {
        store<i32>(q, v);
        break;
      }
      base -= sd * n;
      store<i32>(q, 0);
    }
  }
}
