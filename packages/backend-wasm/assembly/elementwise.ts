// Elementwise kernel: runs a small program (core's scalar expression tree, flattened by src/kernels/program.ts)
// over chunks of C values held as f64 in per-thread scratch slots, so temporaries stay in cache. Inputs are
// converted to f64 on load (contiguous and broadcast fast paths, a strided gather otherwise), the result is
// converted to the output dtype on store.

import { F32, I32, F64, esizeShift, loadAsF64, toInt32, offs, copyBytes } from './common';
import { unary, binary, where, OP_WHERE } from './scalar';

export const MAXR: i32 = 16;
const INREC: usize = (5 + 2 * MAXR) << 2;
const HEADER: usize = 32;

/** dst[0..cnt) = src values (dtype dt, element stride st) as f64. */
export function loadRun(dt: i32, p: usize, st: i32, dst: usize, cnt: i32): void {
  if (st == 0) {
    const v = f64x2.splat(loadAsF64(p, dt));
    const bytes = <usize>((cnt + 1) & ~1) << 3;
    for (let i: usize = 0; i < bytes; i += 16) v128.store(dst + i, v);
    return;
  }
  let i = 0;
  if (st == 1) {
    if (dt == F32) {
      for (; i + 4 <= cnt; i += 4) {
        const v = v128.load(p + (<usize>i << 2));
        const q = dst + (<usize>i << 3);
        v128.store(q, f64x2.promote_low_f32x4(v));
        v128.store(q, f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 2, 3)), 16);
      }
    } else if (dt == I32) {
      for (; i + 4 <= cnt; i += 4) {
        const v = v128.load(p + (<usize>i << 2));
        const q = dst + (<usize>i << 3);
        v128.store(q, f64x2.convert_low_i32x4_s(v));
        v128.store(q, f64x2.convert_low_i32x4_s(i32x4.shuffle(v, v, 2, 3, 2, 3)), 16);
      }
    } else if (dt == F64) {
      copyBytes(dst, p, <usize>cnt << 3);
      return;
    } else {
      // bool bytes: widen 4 at a time.
      for (; i + 4 <= cnt; i += 4) {
        const v = i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(p + <usize>i)));
        const q = dst + (<usize>i << 3);
        v128.store(q, f64x2.convert_low_i32x4_s(v));
        v128.store(q, f64x2.convert_low_i32x4_s(i32x4.shuffle(v, v, 2, 3, 2, 3)), 16);
      }
    }
  }
  const sh = esizeShift(dt);
  for (; i < cnt; i++) store<f64>(dst + (<usize>i << 3), loadAsF64(offs(p, i * st, sh), dt));
}

/** Contiguous dst[0..cnt) of dtype dt = f64 src values, with the reference's store conversions. */
export function storeRun(dt: i32, p: usize, src: usize, cnt: i32): void {
  let i = 0;
  if (dt == F32) {
    for (; i + 4 <= cnt; i += 4) {
      const q = src + (<usize>i << 3);
      const lo = f32x4.demote_f64x2_zero(v128.load(q));
      const hi = f32x4.demote_f64x2_zero(v128.load(q, 16));
      v128.store(p + (<usize>i << 2), i32x4.shuffle(lo, hi, 0, 1, 4, 5));
    }
    for (; i < cnt; i++) store<f32>(p + (<usize>i << 2), <f32>load<f64>(src + (<usize>i << 3)));
  } else if (dt == F64) {
    copyBytes(p, src, <usize>cnt << 3);
  } else if (dt == I32) {
    const lim = f64x2.splat(2147483648.0);
    for (; i + 4 <= cnt; i += 4) {
      const q = src + (<usize>i << 3);
      const a = v128.load(q);
      const b = v128.load(q, 16);
      if (!v128.all_true<i64>(v128.and(f64x2.lt(f64x2.abs(a), lim), f64x2.lt(f64x2.abs(b), lim)))) break;
      const r = i32x4.shuffle(i32x4.trunc_sat_f64x2_s_zero(a), i32x4.trunc_sat_f64x2_s_zero(b), 0, 1, 4, 5);
      v128.store(p + (<usize>i << 2), r);
    }
    for (; i < cnt; i++) store<i32>(p + (<usize>i << 2), toInt32(load<f64>(src + (<usize>i << 3))));
  } else {
    // bool: values are almost always 0/1; anything outside [0, 256) takes the exact wrap-around path.
    const lo = f64x2.splat(0);
    const hi = f64x2.splat(256.0);
    for (; i + 4 <= cnt; i += 4) {
      const q = src + (<usize>i << 3);
      const a = v128.load(q);
      const b = v128.load(q, 16);
      const ok = v128.and(v128.and(f64x2.ge(a, lo), f64x2.lt(a, hi)), v128.and(f64x2.ge(b, lo), f64x2.lt(b, hi)));
      if (!v128.all_true<i64>(ok)) break;
      const v = i32x4.shuffle(i32x4.trunc_sat_f64x2_s_zero(a), i32x4.trunc_sat_f64x2_s_zero(b), 0, 1, 4, 5);
      const v16 = i16x8.narrow_i32x4_u(v, v);
      store<i32>(p + <usize>i, i32x4.extract_lane(i8x16.narrow_i16x8_u(v16, v16), 0));
    }
    for (; i < cnt; i++) store<u8>(p + <usize>i, <u8>toInt32(load<f64>(src + (<usize>i << 3))));
  }
}

/** Loads L values starting at flat index s of a strided input record into dst. `idx` is per-thread scratch. */
function loadStrided(rec: usize, dst: usize, s: i32, L: i32, idx: usize): void {
  const dt = load<i32>(rec, 4);
  const ptr = <usize>load<u32>(rec, 8);
  const rank = load<i32>(rec, 16);
  const shapes = rec + 20;
  const strides = rec + 20 + (<usize>MAXR << 2);
  const sh = esizeShift(dt);
  if (rank == 2) {
    // [rows, cols] (a broadcast row or column, a transpose): two plain loops, no odometer.
    const C = load<i32>(shapes, 4);
    const s0 = load<i32>(strides);
    const s1 = load<i32>(strides, 4);
    let r = s / C;
    let c = s - r * C;
    let done = 0;
    while (done < L) {
      const cnt = min(C - c, L - done);
      const q = dst + (<usize>done << 3);
      const p = offs(ptr, r * s0 + c * s1, sh);
      if (cnt < 8) {
        for (let k = 0; k < cnt; k++) store<f64>(q + (<usize>k << 3), loadAsF64(offs(p, k * s1, sh), dt));
      } else {
        loadRun(dt, p, s1, q, cnt);
      }
      done += cnt;
      r++;
      c = 0;
    }
    return;
  }
  let rem = s;
  let off = 0;
  for (let d = rank - 1; d >= 0; d--) {
    const n = load<i32>(shapes + (<usize>d << 2));
    const q = rem % n;
    rem = rem / n;
    store<i32>(idx + (<usize>d << 2), q);
    off += q * load<i32>(strides + (<usize>d << 2));
  }
  const last = rank - 1;
  const inner = load<i32>(shapes + (<usize>last << 2));
  const st = load<i32>(strides + (<usize>last << 2));
  const lastIdx = idx + (<usize>last << 2);
  let done = 0;
  while (done < L) {
    const at = load<i32>(lastIdx);
    let cnt = inner - at;
    if (cnt > L - done) cnt = L - done;
    if (cnt < 8) {
      // Short runs (window columns, small channel counts) inline: a call per run would dominate.
      const q = dst + (<usize>done << 3);
      for (let k = 0; k < cnt; k++) store<f64>(q + (<usize>k << 3), loadAsF64(offs(ptr, off + k * st, sh), dt));
    } else {
      loadRun(dt, offs(ptr, off, sh), st, dst + (<usize>done << 3), cnt);
    }
    done += cnt;
    if (done >= L) break;
    // The run ended at the end of the innermost dim: carry into the outer ones.
    off += (inner - at) * st - inner * st;
    store<i32>(lastIdx, 0);
    for (let d = last - 1; d >= 0; d--) {
      const p = idx + (<usize>d << 2);
      const v = load<i32>(p) + 1;
      const sd = load<i32>(strides + (<usize>d << 2));
      off += sd;
      const n = load<i32>(shapes + (<usize>d << 2));
      if (v < n) {
        store<i32>(p, v);
        break;
      }
      off -= sd * n;
      store<i32>(p, 0);
    }
  }
}

/**
 * Runs the program at P over flat output indices [start, end). T is this thread's scratch: nSlots·C f64 values,
 * then MAXR int32 indices per input.
 */
export function ewRun(P: usize, T: usize, start: i32, end: i32): void {
  const nIn = load<i32>(P);
  const nSlots = load<i32>(P, 4);
  const nInstr = load<i32>(P, 8);
  const outDt = load<i32>(P, 12);
  const outPtr = <usize>load<u32>(P, 16);
  const result = load<i32>(P, 20);
  const nConst = load<i32>(P, 24);
  const C = load<i32>(P, 28);
  const slotBytes = <usize>C << 3;
  const consts = P + HEADER;
  const ins = consts + (<usize>nConst << 4);
  const instrs = ins + <usize>nIn * INREC;
  const idxBase = T + <usize>nSlots * slotBytes;

  // Constants and broadcast scalars fill their slots once.
  for (let k = 0; k < nConst; k++) {
    const c = consts + (<usize>k << 4);
    loadRun(F64, c + 8, 0, T + <usize>load<i32>(c) * slotBytes, C);
  }
  for (let k = 0; k < nIn; k++) {
    const rec = ins + <usize>k * INREC;
    if (load<i32>(rec, 12) == 1) loadRun(load<i32>(rec, 4), <usize>load<u32>(rec, 8), 0, T + <usize>load<i32>(rec) * slotBytes, C);
  }
  const outShift = esizeShift(outDt);
  const resPtr = T + <usize>result * slotBytes;
  for (let s = start; s < end; s += C) {
    const L = min(C, end - s);
    for (let k = 0; k < nIn; k++) {
      const rec = ins + <usize>k * INREC;
      const mode = load<i32>(rec, 12);
      const dst = T + <usize>load<i32>(rec) * slotBytes;
      if (mode == 0) {
        const dt = load<i32>(rec, 4);
        loadRun(dt, offs(<usize>load<u32>(rec, 8), s, esizeShift(dt)), 1, dst, L);
      } else if (mode == 2) {
        loadStrided(rec, dst, s, L, idxBase + <usize>k * (<usize>MAXR << 2));
      }
    }
    for (let j = 0; j < nInstr; j++) {
      const r = instrs + <usize>j * 20;
      const op = load<i32>(r);
      const d = T + <usize>load<i32>(r, 4) * slotBytes;
      const a = T + <usize>load<i32>(r, 8) * slotBytes;
      if (op < 40) {
        unary(op, d, a, L);
      } else if (op < OP_WHERE) {
        binary(op, d, a, T + <usize>load<i32>(r, 12) * slotBytes, L);
      } else {
        where(d, a, T + <usize>load<i32>(r, 12) * slotBytes, T + <usize>load<i32>(r, 16) * slotBytes, L);
      }
    }
    storeRun(outDt, offs(outPtr, s, outShift), resPtr, L);
  }
}
