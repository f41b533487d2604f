// Strided copies and adds (assign, and the materialising copy), gather, scatterAdd and scan.

import { F32, I32, BOOL, F64, esize, esizeShift, loadAsF64, storeFromF64, offs, copyBytes } from './common';
import { MAXR } from './elementwise';

/** One run of `n` elements: t[i·ts] (+)= s[i·ss]. */
// @ts-ignore: decorator
@inline
function runSetAdd(add: bool, dt: i32, t: usize, ts: i32, s: usize, ss: i32, n: i32): void {
  const sh = esizeShift(dt);
  if (!add) {
    if (ts == 1 && ss == 1) {
      copyBytes(t, s, <usize>n << sh);
      return;
    }
    if (dt == F64) {
      for (let i = 0; i < n; i++) store<u64>(offs(t, i * ts, 3), load<u64>(offs(s, i * ss, 3)));
    } else if (dt == BOOL) {
      for (let i = 0; i < n; i++) store<u8>(t + <usize>(i * ts), load<u8>(s + <usize>(i * ss)));
    } else if (ts == 1 && ss == 0) {
      const v = i32x4.splat(load<i32>(s));
      let i = 0;
      for (; i + 4 <= n; i += 4) v128.store(t + (<usize>i << 2), v);
      for (; i < n; i++) store<i32>(t + (<usize>i << 2), load<i32>(s));
    } else {
      for (let i = 0; i < n; i++) store<u32>(offs(t, i * ts, 2), load<u32>(offs(s, i * ss, 2)));
    }
    return;
  }
  if (dt == F32) {
    let i = 0;
    if (ts == 1 && ss == 1) {
      for (; i + 4 <= n; i += 4) {
        const q = t + (<usize>i << 2);
        v128.store(q, f32x4.add(v128.load(q), v128.load(s + (<usize>i << 2))));
      }
    }
    for (; i < n; i++) {
      const q = offs(t, i * ts, 2);
      store<f32>(q, load<f32>(q) + load<f32>(offs(s, i * ss, 2)));
    }
  } else if (dt == I32) {
    for (let i = 0; i < n; i++) {
      const q = offs(t, i * ts, 2);
      store<i32>(q, load<i32>(q) + load<i32>(offs(s, i * ss, 2)));
    }
  } else if (dt == F64) {
    for (let i = 0; i < n; i++) {
      const q = offs(t, i * ts, 3);
      store<f64>(q, load<f64>(q) + load<f64>(offs(s, i * ss, 3)));
    }
  } else {
    for (let i = 0; i < n; i++) {
      const q = t + <usize>(i * ts);
      store<u8>(q, load<u8>(q) + load<u8>(s + <usize>(i * ss)));
    }
  }
}

/**
 * assign over rows [r0, r1) of a jointly collapsed [rows, inner] walk. P: mode (0 set, 1 add), dtype, tptr, sptr,
 * rank, shape[MAXR], tstrides[MAXR], sstrides[MAXR]. T: MAXR int32 scratch.
 */
export function assignRows(P: usize, T: usize, r0: i32, r1: i32): void {
  const add = load<i32>(P) == 1;
  const dt = load<i32>(P, 4);
  const tptr = <usize>load<u32>(P, 8);
  const sptr = <usize>load<u32>(P, 12);
  const rank = load<i32>(P, 16);
  const shape = P + 20;
  const tstr = shape + (<usize>MAXR << 2);
  const sstr = tstr + (<usize>MAXR << 2);
  const sh = esizeShift(dt);
  const last = rank - 1;
  const inner = load<i32>(shape + (<usize>last << 2));
  const tsi = load<i32>(tstr + (<usize>last << 2));
  const ssi = load<i32>(sstr + (<usize>last << 2));
  // Decompose the first row index into the outer dims.
  let rem = r0;
  let toff = 0;
  let soff = 0;
  for (let d = last - 1; d >= 0; d--) {
    const n = load<i32>(shape + (<usize>d << 2));
    const q = rem % n;
    rem = rem / n;
    store<i32>(T + (<usize>d << 2), q);
    toff += q * load<i32>(tstr + (<usize>d << 2));
    soff += q * load<i32>(sstr + (<usize>d << 2));
  }
  for (let r = r0; r < r1; r++) {
    runSetAdd(add, dt, offs(tptr, toff, sh), tsi, offs(sptr, soff, sh), ssi, inner);
    for (let d = last - 1; d >= 0; d--) {
      const p = T + (<usize>d << 2);
      const v = load<i32>(p) + 1;
      const td = load<i32>(tstr + (<usize>d << 2));
      const sd = load<i32>(sstr + (<usize>d << 2));
      toff += td;
      soff += sd;
      const n = load<i32>(shape + (<usize>d << 2));
      if (v < n) {
        store<i32>(p, v);
        break;
      }
      toff -= td * n;
      soff -= sd * n;
      store<i32>(p, 0);
    }
  }
}

/** Position of the first index outside [0, n) in an int32 vector, or -1. */
export function checkIndices(iptr: usize, k: i32, sk: i32, n: i32): i32 {
  for (let j = 0; j < k; j++) {
    const r = load<i32>(offs(iptr, j * sk, 2));
    if (r < 0 || r >= n) return j;
  }
  return -1;
}

/**
 * gather: x [O,N,I] (strides so, sn, si), indices [K] (stride sk) → contiguous out [O,K,I], for outer rows
 * [o0, o1). Indices were checked by checkIndices. P: dtype, xptr, O, N, I, so, sn, si, iptr, K, sk, outPtr.
 */
export function gather(P: usize, _T: usize, o0: i32, o1: i32): void {
  const dt = load<i32>(P);
  const x = <usize>load<u32>(P, 4);
  const I = load<i32>(P, 16);
  const so = load<i32>(P, 20);
  const sn = load<i32>(P, 24);
  const si = load<i32>(P, 28);
  const ip = <usize>load<u32>(P, 32);
  const K = load<i32>(P, 36);
  const sk = load<i32>(P, 40);
  const out = <usize>load<u32>(P, 44);
  const sh = esizeShift(dt);
  for (let a = o0; a < o1; a++) {
    for (let j = 0; j < K; j++) {
      const r = load<i32>(offs(ip, j * sk, 2));
      const src = offs(x, a * so + r * sn, sh);
      const dst = out + ((<usize>(a * K + j) * <usize>I) << sh);
      runSetAdd(false, dt, dst, 1, src, si, I);
    }
  }
}

/**
 * scatterAdd: updates [O,K,I] (strides so, sk, si), indices [K] (stride sik) → out [O,N,I], zero-filled by the
 * caller, with the updates summed per index. P: dtype, uptr, O, K, I, so, sk, si, iptr, sik, N, outPtr.
 */
export function scatterAdd(P: usize, _T: usize, o0: i32, o1: i32): void {
  const dt = load<i32>(P);
  const u = <usize>load<u32>(P, 4);
  const K = load<i32>(P, 12);
  const I = load<i32>(P, 16);
  const so = load<i32>(P, 20);
  const sk = load<i32>(P, 24);
  const si = load<i32>(P, 28);
  const ip = <usize>load<u32>(P, 32);
  const sik = load<i32>(P, 36);
  const N = load<i32>(P, 40);
  const out = <usize>load<u32>(P, 44);
  const sh = esizeShift(dt);
  for (let a = o0; a < o1; a++) {
    for (let j = 0; j < K; j++) {
      const r = load<i32>(offs(ip, j * sik, 2));
      const src = offs(u, a * so + j * sk, sh);
      const dst = out + ((<usize>(a * N + r) * <usize>I) << sh);
      runSetAdd(true, dt, dst, 1, src, si, I);
    }
  }
}

/**
 * Inclusive or exclusive cumulative sum/product along the last dim of x [O,N] (strides so, sn), accumulated in
 * f64 and stored per element (as the reference). P: op (0 sum, 1 prod), dtype, exclusive, reverse, xptr, O, N,
 * so, sn, outPtr.
 */
export function scan(P: usize, _T: usize, o0: i32, o1: i32): void {
  const prod = load<i32>(P) == 1;
  const dt = load<i32>(P, 4);
  const exclusive = load<i32>(P, 8) != 0;
  const reverse = load<i32>(P, 12) != 0;
  const x = <usize>load<u32>(P, 16);
  const N = load<i32>(P, 24);
  const so = load<i32>(P, 28);
  const sn = load<i32>(P, 32);
  const out = <usize>load<u32>(P, 36);
  const sh = esizeShift(dt);
  const es = esize(dt);
  for (let a = o0; a < o1; a++) {
    let acc: f64 = prod ? 1 : 0;
    for (let t = 0; t < N; t++) {
      const j = reverse ? N - 1 - t : t;
      const v = loadAsF64(offs(x, a * so + j * sn, sh), dt);
      const q = out + <usize>(a * N + j) * es;
      if (exclusive) {
        storeFromF64(q, dt, acc);
        acc = prod ? acc * v : acc + v;
      } else {
        acc = prod ? acc * v : acc + v;
        storeFromF64(q, dt, acc);
      }
    }
  }
}
