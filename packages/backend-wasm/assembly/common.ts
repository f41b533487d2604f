// Shared helpers: dtype codes (must match src/dtypes.ts), element loads/stores with the reference conversions
// (float32 rounds, int32 wraps like JS ToInt32, bool stores like a Uint8Array), and truthiness.

export const F32: i32 = 0;
export const I32: i32 = 1;
export const BOOL: i32 = 2;
export const F64: i32 = 3;

// @ts-ignore: decorator
@inline
export function esize(dt: i32): usize {
  return dt == F64 ? 8 : dt == BOOL ? 1 : 4;
}

// @ts-ignore: decorator
@inline
export function esizeShift(dt: i32): usize {
  return dt == F64 ? 3 : dt == BOOL ? 0 : 2;
}

/** JS ToInt32: truncate, wrap modulo 2^32; NaN and ±Infinity give 0. */
export function toInt32(x: f64): i32 {
  if (Math.abs(x) < 2147483648.0) return <i32>x;
  if (!isFinite(x)) return 0;
  let m = Math.trunc(x) % 4294967296.0;
  if (m < 0) m += 4294967296.0;
  return <i32>(<u32>m);
}

// @ts-ignore: decorator
@inline
export function loadAsF64(p: usize, dt: i32): f64 {
  if (dt == F32) return <f64>load<f32>(p);
  if (dt == I32) return <f64>load<i32>(p);
  if (dt == BOOL) return <f64>load<u8>(p);
  return load<f64>(p);
}

// @ts-ignore: decorator
@inline
export function storeFromF64(p: usize, dt: i32, v: f64): void {
  if (dt == F32) store<f32>(p, <f32>v);
  else if (dt == I32) store<i32>(p, toInt32(v));
  else if (dt == BOOL) store<u8>(p, <u8>toInt32(v));
  else store<f64>(p, v);
}

// @ts-ignore: decorator
@inline
export function truthy(x: f64): bool {
  return x != 0 && x == x;
}

/** Pointer plus a signed element offset in bytes (strides may be negative). */
// @ts-ignore: decorator
@inline
export function offs(p: usize, elems: i32, shift: usize): usize {
  return p + <usize>(elems << <i32>shift);
}

export function heapBase(): usize {
  return __heap_base;
}

/** memory.copy for non-overlapping ranges; short copies inline (memory.copy is a call into the engine). */
export function copyBytes(d: usize, s: usize, n: usize): void {
  if (n >= 128) {
    memory.copy(d, s, n);
    return;
  }
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) v128.store(d + i, v128.load(s + i));
  for (; i + 4 <= n; i += 4) store<u32>(d + i, load<u32>(s + i));
  for (; i < n; i++) store<u8>(d + i, load<u8>(s + i));
}
