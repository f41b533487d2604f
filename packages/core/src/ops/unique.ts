import type { TypedArray } from '../dtype.js';
import { runOp, tidy } from '../engine.js';
import { normalizeAxis, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { convertToTensor, fromTypedArray } from './convert.js';
import type { TensorLike } from './convert.js';
import { rawGather, viewAs } from './index-util.js';

/**
 * unique's output shape depends on the data, so it reads x on the host: synchronously in `unique` (only on
 * backends that can), or with `await` in `uniqueAsync` (everywhere). The unique slices are then gathered on the
 * device. No gradient, as in TensorFlow.
 */

export interface UniqueResult {
  values: Tensor;
  indices: Tensor;
}

function prepare(x: TensorLike, axis: number, opName: string): { t: Tensor; ax: number } {
  const t = convertToTensor(x, 'x', opName);
  if (t.rank === 0) throw new Error(`${opName}: invalid value for argument \`x\`. Expected a tensor of rank >= 1. Received: a scalar`);
  return { t, ax: normalizeAxis(axis, t.rank, opName) };
}

/**
 * The unique slices of `x` along `axis` in order of first occurrence, and for each slice of x the int32 index of
 * its unique value (as tfjs's unique). Values compare by their string form, so NaN equals NaN and -0 equals 0.
 * Throws on backends that cannot read synchronously: use `await uniqueAsync(x, axis)` there.
 */
export function unique(x: TensorLike, axis = 0): UniqueResult {
  const { t, ax } = prepare(x, axis, 'unique');
  const b = t.backend;
  if (!b.capabilities.syncRead || !b.readSync) {
    throw new Error(
      `unique: the '${b.name}' backend cannot read synchronously, and unique's output shape depends on the data. Use \`await uniqueAsync(x, axis)\` instead.`,
    );
  }
  return uniqueFromData(t, ax, t.dataSync());
}

/** `unique` for every backend: reads x with `await t.data()`. */
export async function uniqueAsync(x: TensorLike, axis = 0): Promise<UniqueResult> {
  const { t, ax } = prepare(x, axis, 'uniqueAsync');
  return uniqueFromData(t, ax, await t.data());
}

function uniqueFromData(t: Tensor, ax: number, data: TypedArray): UniqueResult {
  const outer = sizeOf(t.shape.slice(0, ax));
  const n = t.shape[ax]!;
  const inner = sizeOf(t.shape.slice(ax + 1));
  const seen = new Map<string, number>();
  const first: number[] = [];
  const indices = new Int32Array(n);
  const parts = new Array<string>(outer * inner);
  for (let i = 0; i < n; i++) {
    let p = 0;
    for (let o = 0; o < outer; o++) for (let c = 0; c < inner; c++) parts[p++] = String(data[(o * n + i) * inner + c]);
    const key = parts.join(',');
    let id = seen.get(key);
    if (id === undefined) {
      id = first.length;
      seen.set(key, id);
      first.push(i);
    }
    indices[i] = id;
  }
  const outShape = [...t.shape];
  outShape[ax] = first.length;
  const [values, idx] = runOp({ name: 'unique', inputs: [t], attrs: { axis: ax } }, () =>
    tidy(() => {
      const firstT = fromTypedArray(Int32Array.from(first), [first.length], 'int32', t.backend);
      return [viewAs(rawGather(t, outer, n, inner, firstT, 'unique'), outShape), fromTypedArray(indices, [n], 'int32', t.backend)];
    }),
  );
  return { values: values!, indices: idx! };
}
