import type { DType, ScalarExpr, TypedArray, View } from '@tessera/core';
import { exprArity, exprKey, renderJs, SCALAR_HELPERS, sizeOf } from '@tessera/core';
import { collapseDims } from './strided.js';
import { newArray } from '../buffers.js';

type Compiled = (out: TypedArray, ins: TypedArray[], offs: number[], shape: number[], strides: number[][], H: typeof SCALAR_HELPERS) => void;

/** Compiled loops, keyed by expression, operand count, collapsed rank and whether it is a flat unit-stride loop. */
const cache = new Map<string, Compiled>();
const CACHE_LIMIT = 2048;

/**
 * Renders the expression once into a loop: a flat loop when every operand is unit-stride or broadcast, otherwise
 * an inner loop along the last collapsed dim with an odometer over the others.
 */
function compile(expr: ScalarExpr, nIn: number, rank: number, flat: boolean): Compiled {
  const body = renderJs(expr, (i) => `x${i}`);
  const lines: string[] = [];
  for (let k = 0; k < nIn; k++) lines.push(`const a${k} = ins[${k}];`);
  if (flat) {
    for (let k = 0; k < nIn; k++) lines.push(`const o${k} = offs[${k}], s${k} = strides[${k}][0];`);
    lines.push('const n = shape[0];');
    lines.push('for (let i = 0; i < n; i++) {');
    for (let k = 0; k < nIn; k++) lines.push(`  const x${k} = a${k}[o${k} + i * s${k}];`);
    lines.push(`  out[i] = ${body};`);
    lines.push('}');
  } else {
    const r = rank;
    lines.push(`const inner = shape[${r - 1}];`);
    lines.push('let total = 1; for (let d = 0; d < shape.length; d++) total *= shape[d];');
    lines.push('const outerN = total / inner;');
    lines.push(`const idx = new Int32Array(${r - 1});`);
    for (let k = 0; k < nIn; k++) lines.push(`let b${k} = offs[${k}]; const S${k} = strides[${k}]; const s${k} = S${k}[${r - 1}];`);
    lines.push('let o = 0;');
    lines.push('for (let q = 0; q < outerN; q++) {');
    for (let k = 0; k < nIn; k++) lines.push(`  let p${k} = b${k};`);
    lines.push('  for (let j = 0; j < inner; j++, o++) {');
    for (let k = 0; k < nIn; k++) lines.push(`    const x${k} = a${k}[p${k}]; p${k} += s${k};`);
    lines.push(`    out[o] = ${body};`);
    lines.push('  }');
    lines.push(`  for (let d = ${r - 2}; d >= 0; d--) {`);
    lines.push('    idx[d]++;');
    for (let k = 0; k < nIn; k++) lines.push(`    b${k} += S${k}[d];`);
    lines.push('    if (idx[d] < shape[d]) break;');
    for (let k = 0; k < nIn; k++) lines.push(`    b${k} -= S${k}[d] * shape[d];`);
    lines.push('    idx[d] = 0;');
    lines.push('  }');
    lines.push('}');
  }
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('out', 'ins', 'offs', 'shape', 'strides', 'H', lines.join('\n')) as Compiled;
}

export function elementwise(expr: ScalarExpr, inputs: readonly View<TypedArray>[], outShape: readonly number[], outDtype: DType): TypedArray {
  const n = sizeOf(outShape);
  const out = newArray(outDtype, n);
  if (n === 0) return out;
  const nIn = Math.max(exprArity(expr), 0);
  const used = inputs.slice(0, nIn);
  const { shape, strides } = collapseDims(outShape, used.map((v) => v.strides));
  const flat = shape.length === 1;
  const key = `${exprKey(expr)}|${nIn}|${flat ? 'f' : shape.length}`;
  let fn = cache.get(key);
  if (!fn) {
    fn = compile(expr, nIn, shape.length, flat);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, fn);
  }
  fn(out, used.map((v) => v.buffer), used.map((v) => v.offset), shape, strides, SCALAR_HELPERS);
  return out;
}
