import { isTensor, stack, tensor, tidy } from '@tessera/core';
import type { DType, Tensor, TensorContainer } from '@tessera/core';
import { describeValue, isPlainObject } from './element.js';

/**
 * Stacks a list of same-structured elements along a new axis 0. Tensors are stacked; numbers, booleans, typed
 * arrays and nested number arrays become one tensor (numbers as float32, as tfjs); strings stay a string array;
 * arrays holding tensors or objects, and plain objects, are batched member by member.
 * The caller owns the result; the rows are left alone (the caller disposes them).
 */
export function batchElements(rows: readonly unknown[], op = 'batch'): unknown {
  if (rows.length === 0) throw new Error(`${op}: cannot make a batch of zero elements.`);
  return tidy(() => batchAt(rows, '', op) as TensorContainer);
}

function batchAt(rows: readonly unknown[], path: string, op: string): unknown {
  const first = rows[0];
  const where = path === '' ? '' : ` at ${path}`;
  const mismatch = (i: number, expected: string): never => {
    throw new Error(
      `${op}: element ${i}${where} is ${describeValue(rows[i])}, but element 0${where} is ${expected}; every element of a batch must have the same structure.`,
    );
  };
  if (isTensor(first)) {
    const ts = rows.map((r, i) => (isTensor(r) ? r : mismatch(i, describeValue(first))));
    ts.forEach((t, i) => {
      if (t.dtype !== first.dtype || t.rank !== first.rank || t.shape.some((d, k) => d !== first.shape[k])) {
        mismatch(i, describeValue(first));
      }
    });
    return stack(ts, 0);
  }
  if (typeof first === 'number' || typeof first === 'boolean') {
    rows.forEach((r, i) => typeof r !== typeof first && mismatch(i, describeValue(first)));
    return tensor(rows as number[], undefined, typeof first === 'boolean' ? 'bool' : 'float32');
  }
  if (typeof first === 'string') {
    rows.forEach((r, i) => typeof r !== 'string' && mismatch(i, describeValue(first)));
    return [...(rows as string[])];
  }
  if (ArrayBuffer.isView(first) || (Array.isArray(first) && isNumeric(first))) {
    return numericBatch(rows, first, mismatch);
  }
  if (Array.isArray(first)) {
    rows.forEach((r, i) => (!Array.isArray(r) || r.length !== first.length) && mismatch(i, describeValue(first)));
    return first.map((_, k) => batchAt(rows.map((r) => (r as unknown[])[k]), `${path}[${k}]`, op));
  }
  if (isPlainObject(first)) {
    const keys = Object.keys(first);
    rows.forEach((r, i) => {
      if (!isPlainObject(r)) mismatch(i, 'a plain object');
      const rk = Object.keys(r as object);
      if (rk.length !== keys.length || rk.some((k) => !(k in first))) {
        throw new Error(`${op}: element ${i}${where} has keys {${rk.join(', ')}}, but element 0 has {${keys.join(', ')}}.`);
      }
    });
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = batchAt(rows.map((r) => (r as Record<string, unknown>)[k]), `${path}.${k}`, op);
    return out;
  }
  throw new Error(
    `${op}: cannot batch ${describeValue(first)}${where}. Elements must be tensors, numbers, booleans, strings, typed arrays, number arrays, or arrays / plain objects of them.`,
  );
}

/** True when an array's first leaf is a number, boolean or typed array (a tensor-like value, not a container). */
function isNumeric(a: readonly unknown[]): boolean {
  let v: unknown = a;
  while (Array.isArray(v)) {
    if (v.length === 0) return true;
    v = v[0];
  }
  return typeof v === 'number' || typeof v === 'boolean' || ArrayBuffer.isView(v);
}

function dtypeFor(first: unknown): DType {
  let v: unknown = first;
  while (Array.isArray(v) && v.length > 0) v = v[0];
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof Int32Array || v instanceof Int16Array || v instanceof Int8Array || v instanceof Uint16Array) return 'int32';
  return 'float32';
}

function numericBatch(rows: readonly unknown[], first: unknown, mismatch: (i: number, expected: string) => never): Tensor {
  const len = (first as ArrayLike<unknown>).length;
  rows.forEach((r, i) => {
    const ok = (Array.isArray(r) || ArrayBuffer.isView(r)) && (r as unknown as ArrayLike<unknown>).length === len;
    if (!ok) mismatch(i, describeValue(first));
  });
  const dtype = dtypeFor(first);
  const plain = rows.map((r) => (ArrayBuffer.isView(r) ? Array.from(r as unknown as ArrayLike<number>) : r));
  try {
    return tensor(plain as number[][], undefined, dtype);
  } catch (err) {
    throw new Error(`batch: the rows are number arrays of different shapes: ${(err as Error).message}`);
  }
}
