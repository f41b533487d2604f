import type { DType, ScalarExpr, View } from '@tessera/core';
import { exprKey, sizeOf } from '@tessera/core';
import type { KernelContext, WasmBuffer } from '../context.js';
import { DT_CODE, elementBytes } from '../dtypes.js';
import { collapseDims } from '../strided.js';
import { compileProgram } from './program.js';
import type { Program } from './program.js';
import { assignInto } from './indexing.js';

/** Values per block: 1024 f64 (8 KiB) per slot keeps a program's temporaries in L1/L2. */
const CHUNK = 1024;
const MAXR = 16;
const INREC_WORDS = 5 + 2 * MAXR;
/** Below this many elements a kernel stays on one thread. */
const MIN_PER_THREAD = 65536;

const programs = new Map<string, Program>();
const PROGRAM_CACHE_LIMIT = 1024;

function programFor(expr: ScalarExpr): Program {
  const key = exprKey(expr);
  let p = programs.get(key);
  if (!p) {
    p = compileProgram(expr);
    if (programs.size >= PROGRAM_CACHE_LIMIT) programs.delete(programs.keys().next().value!);
    programs.set(key, p);
  }
  return p;
}

interface InputRecord {
  slot: number;
  dtype: DType;
  ptr: number;
  /** 0 contiguous, 1 one value broadcast, 2 strided. */
  mode: number;
  shape: number[];
  strides: number[];
}

function inputRecord(v: View<WasmBuffer>, slot: number, outShape: readonly number[], n: number): InputRecord {
  const ptr = v.buffer.ptr + v.offset * elementBytes(v.dtype);
  const { shape, strides } = collapseDims(outShape, [v.strides]);
  const st = strides[0]!;
  let mode = 2;
  if (st.every((s) => s === 0)) mode = 1;
  else if (shape.length === 1 && st[0] === 1 && shape[0] === n) mode = 0;
  if (shape.length > MAXR) throw new Error(`wasm backend: elementwise input has ${shape.length} non-mergeable dims (at most ${MAXR})`);
  return { slot, dtype: v.dtype, ptr, mode, shape, strides: st };
}

export function elementwise(
  ctx: KernelContext,
  expr: ScalarExpr,
  inputs: readonly View<WasmBuffer>[],
  outShape: readonly number[],
  outDtype: DType,
): WasmBuffer {
  const n = sizeOf(outShape);
  const out = ctx.alloc(outDtype, n);
  if (n === 0) return out;
  // A plain copy in the same dtype (materialising a view) is a strided memcpy.
  if (expr.k === 'in' && inputs[expr.i]!.dtype === outDtype) {
    let stride = 1;
    const strides = new Array<number>(outShape.length);
    for (let d = outShape.length - 1; d >= 0; d--) {
      strides[d] = stride;
      stride *= outShape[d]!;
    }
    assignInto(ctx, { buffer: out, dtype: outDtype, shape: outShape, strides, offset: 0 }, inputs[expr.i]!, 'set');
    return out;
  }
  if (fastF32(ctx, expr, inputs, outShape, outDtype, out, n)) return out;
  // A final cast to the output's own float32/int32 is what storing does anyway (bool casts differ: 256 → 1).
  const body = expr.k === 'cast' && expr.to === outDtype && outDtype !== 'bool' ? expr.a : expr;
  const prog = programFor(body);
  const records: InputRecord[] = [];
  for (const [index, slot] of prog.inputs) records.push(inputRecord(inputs[index]!, slot, outShape, n));

  const words = 8 + 4 * prog.consts.length + INREC_WORDS * records.length + 5 * prog.instrs.length;
  const parts = ctx.split(n, MIN_PER_THREAD);
  const scratch = prog.nSlots * CHUNK * 8 + records.length * MAXR * 4;
  const P = ctx.begin(words * 4, scratch, parts.length);
  const { i32, f64 } = ctx.heap;
  let w = P >>> 2;
  i32[w] = records.length;
  i32[w + 1] = prog.nSlots;
  i32[w + 2] = prog.instrs.length;
  i32[w + 3] = DT_CODE[outDtype];
  i32[w + 4] = out.ptr;
  i32[w + 5] = prog.result;
  i32[w + 6] = prog.consts.length;
  i32[w + 7] = CHUNK;
  w += 8;
  for (const c of prog.consts) {
    i32[w] = c.slot;
    f64[(w + 2) >>> 1] = c.value;
    w += 4;
  }
  for (const r of records) {
    i32[w] = r.slot;
    i32[w + 1] = DT_CODE[r.dtype];
    i32[w + 2] = r.ptr;
    i32[w + 3] = r.mode;
    i32[w + 4] = r.shape.length;
    for (let d = 0; d < r.shape.length; d++) {
      i32[w + 5 + d] = r.shape[d]!;
      i32[w + 5 + MAXR + d] = r.strides[d]!;
    }
    w += INREC_WORDS;
  }
  for (const ins of prog.instrs) {
    for (let j = 0; j < 5; j++) i32[w + j] = ins[j]!;
    w += 5;
  }
  ctx.run('ewRun', P, parts);
  return out;
}

const FAST_BINARY: Partial<Record<string, number>> = { add: 40, sub: 41, mul: 42, div: 43, max: 47, min: 48 };
const FAST_COMPARE: Partial<Record<string, number>> = { eq: 50, ne: 51, lt: 52, le: 53, gt: 54, ge: 55 };
const FAST_UNARY: Partial<Record<string, number>> = { neg: 1, abs: 2, sqrt: 4 };

/** Operand modes of the float32 fast path: [mode, ptr, period] or null when the layout does not fit. */
function fastOperand(v: View<WasmBuffer>, outShape: readonly number[], n: number): [number, number, number] | null {
  if (v.dtype !== 'float32') return null;
  const ptr = v.buffer.ptr + v.offset * 4;
  const { shape, strides } = collapseDims(outShape, [v.strides]);
  const st = strides[0]!;
  if (st.every((s) => s === 0)) return [1, ptr, 1];
  if (shape.length === 1 && st[0] === 1 && shape[0] === n) return [0, ptr, n];
  if (shape.length === 2 && st[0] === 0 && st[1] === 1) return [2, ptr, shape[1]!];
  return null;
}

/**
 * One float32 op (+ − × ÷ max min, a comparison, neg/abs/sqrt) on contiguous, broadcast or bias-like operands:
 * computed in f32 directly (exact, see assembly/fastpath.ts). Returns false when the tree does not fit.
 */
function fastF32(
  ctx: KernelContext,
  expr: ScalarExpr,
  inputs: readonly View<WasmBuffer>[],
  outShape: readonly number[],
  outDtype: DType,
  out: WasmBuffer,
  n: number,
): boolean {
  let op: number | undefined;
  let operands: ScalarExpr[];
  let boolOut = false;
  if (expr.k === 'bin') {
    op = FAST_BINARY[expr.op];
    if (op === undefined) {
      op = FAST_COMPARE[expr.op];
      boolOut = true;
    }
    operands = [expr.a, expr.b];
  } else if (expr.k === 'un') {
    op = FAST_UNARY[expr.op];
    operands = [expr.a];
  } else {
    return false;
  }
  if (op === undefined || outDtype !== (boolOut ? 'bool' : 'float32')) return false;
  const modes: [number, number, number][] = [];
  const consts: number[] = [];
  for (const e of operands) {
    if (e.k === 'in') {
      const m = fastOperand(inputs[e.i]!, outShape, n);
      if (!m) return false;
      modes.push(m);
    } else if (e.k === 'const' && (Math.fround(e.v) === e.v || Number.isNaN(e.v))) {
      // Only constants that float32 holds exactly: x · 0.1 must round once, from the f64 product.
      modes.push([1, -1, 1]);
      consts.push(e.v);
    } else {
      return false;
    }
  }
  if (modes.every((m) => m[1] === -1)) return false;
  while (modes.length < 2) modes.push([1, -1, 1]);
  const parts = ctx.split(n, MIN_PER_THREAD);
  const P = ctx.begin(12 * 4, 32, parts.length);
  const { i32, f32 } = ctx.heap;
  const w = P >>> 2;
  // Constants live in the parameter block itself (words 10 and 11).
  let c = 0;
  modes.forEach((m) => {
    if (m[1] === -1) {
      f32[w + 10 + c] = consts[c] ?? 0;
      m[1] = P + (10 + c) * 4;
      c++;
    }
  });
  const vals = [op, boolOut ? 1 : 0, out.ptr, modes[0]![1], modes[0]![0], modes[0]![2], modes[1]![1], modes[1]![0], modes[1]![2]];
  vals.forEach((v, j) => (i32[w + j] = v));
  ctx.run('ewF32', P, parts);
  return true;
}
