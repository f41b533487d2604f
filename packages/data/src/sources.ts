import { clone, isTensor, reshape, slice, tensor, tidy } from '@tessera/core';
import type { DType, Tensor, TypedArray } from '@tessera/core';
import { Dataset } from './dataset.js';
import { describeValue, disposeElement, isPlainObject } from './element.js';

/** Rows to slice: a tensor (rows along axis 0), a typed array (one number per row) or an array of rows. */
export type ArraySource = Tensor | TypedArray | Int8Array | Int16Array | Uint16Array | readonly unknown[];
/** One source, or a named set of same-length sources (for models with several inputs or outputs). */
export type ArraysInput = ArraySource | { readonly [name: string]: ArraySource };

interface Rows {
  length: number;
  row(i: number): unknown;
}

function rowsOf(src: ArraySource, arg: string): Rows {
  if (isTensor(src)) {
    if (src.isDisposed) throw new Error(`fromArrays: \`${arg}\` has been disposed; keep the source tensors alive while the dataset is used.`);
    if (src.rank === 0) throw new Error(`fromArrays: \`${arg}\` must have a row axis; received a scalar tensor.`);
    const rest = src.shape.slice(1);
    return {
      length: src.shape[0]!,
      // A view of row i: no copy; disposing it leaves the source alone.
      row: (i) => tidy(() => reshape(slice(src, [i, ...rest.map(() => 0)], [1, ...rest]), rest)),
    };
  }
  if (ArrayBuffer.isView(src)) {
    const a = src as unknown as ArrayLike<number>;
    return { length: a.length, row: (i) => a[i] };
  }
  if (Array.isArray(src)) {
    return {
      length: src.length,
      row: (i) => {
        const r: unknown = src[i];
        if (typeof r === 'number' || typeof r === 'boolean' || typeof r === 'string') return r;
        if (Array.isArray(r) || ArrayBuffer.isView(r)) return tensor(r as number[], undefined, rowDType(r));
        if (isTensor(r)) return clone(r);
        throw new TypeError(`fromArrays: \`${arg}[${i}]\` is ${describeValue(r)}; expected a number, boolean, string, number array or tensor.`);
      },
    };
  }
  throw new TypeError(
    `fromArrays: invalid value for argument \`${arg}\`. Expected a tensor, a typed array, an array of rows, or an object of them. Received: ${describeValue(src)}`,
  );
}

function rowDType(r: unknown): DType {
  let v: unknown = r;
  while (Array.isArray(v) && v.length > 0) v = v[0];
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof Int32Array) return 'int32';
  return 'float32';
}

function inputRows(x: ArraysInput, arg: string): Rows {
  if (!isPlainObject(x)) return rowsOf(x as ArraySource, arg);
  const names = Object.keys(x);
  if (names.length === 0) throw new Error(`fromArrays: \`${arg}\` is an empty object; give at least one named source.`);
  const parts = names.map((k) => [k, rowsOf((x as Record<string, ArraySource>)[k]!, `${arg}.${k}`)] as const);
  const length = parts[0]![1].length;
  for (const [k, r] of parts) {
    if (r.length !== length) {
      throw new Error(`fromArrays: \`${arg}.${parts[0]![0]}\` has ${length} rows but \`${arg}.${k}\` has ${r.length}.`);
    }
  }
  return {
    length,
    row: (i) => {
      const out: Record<string, unknown> = {};
      try {
        for (const [k, r] of parts) out[k] = r.row(i);
      } catch (err) {
        disposeElement(out);
        throw err;
      }
      return out;
    },
  };
}

/**
 * A dataset of the rows of `x` (and `y`): elements are `x[i]`, or `{ xs: x[i], ys: y[i] }` when `y` is given.
 * Rows are sliced lazily, one per step: tensor rows are views (the dataset does not own `x` or `y`; keep them
 * alive while it is used), number-array rows become float32 tensors, numbers stay numbers.
 */
export function fromArrays(x: ArraysInput, y?: ArraysInput): Dataset<unknown> {
  const xr = inputRows(x, 'x');
  const yr = y === undefined ? null : inputRows(y, 'y');
  if (yr && yr.length !== xr.length) {
    throw new Error(`fromArrays: x has ${xr.length} rows but y has ${yr.length}; they must have the same number of rows.`);
  }
  return new Dataset<unknown>(async function* () {
    for (let i = 0; i < xr.length; i++) {
      if (!yr) {
        yield xr.row(i);
        continue;
      }
      const xs = xr.row(i);
      let ys: unknown;
      try {
        ys = yr.row(i);
      } catch (err) {
        disposeElement(xs);
        throw err;
      }
      yield { xs, ys };
    }
  }, xr.length);
}

/** A dataset of the given elements as they are (tfjs's `tf.data.array`); tensors are cloned for each pass. */
export function fromItems<T>(items: readonly T[]): Dataset<T> {
  if (!Array.isArray(items)) {
    throw new TypeError(`fromItems: invalid value for argument \`items\`. Expected an array. Received: ${describeValue(items)}`);
  }
  const copy = [...items];
  return new Dataset<T>(async function* () {
    for (const item of copy) yield cloneTensors(item) as T;
  }, copy.length);
}

function cloneTensors(x: unknown): unknown {
  if (isTensor(x)) return clone(x);
  if (Array.isArray(x)) return x.map(cloneTensors);
  if (isPlainObject(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, cloneTensors(v)]));
  return x;
}

/** What `fromGenerator`'s function may return: a sync or async iterator or iterable (e.g. a generator). */
export type GeneratorSource<T> = Iterator<T> | Iterable<T> | AsyncIterator<T> | AsyncIterable<T>;

/**
 * A dataset whose passes each call `generator()` afresh (so it can be re-iterated) and yield what it produces.
 * Tensors it yields belong to the consumer, so it should create new ones for each element.
 */
export function fromGenerator<T>(generator: () => GeneratorSource<T>): Dataset<T> {
  if (typeof generator !== 'function') {
    throw new TypeError(
      `fromGenerator: invalid value for argument \`generator\`. Expected a function returning an iterator (e.g. a generator function). Received: ${describeValue(generator)}`,
    );
  }
  return new Dataset<T>(async function* () {
    const src = generator() as unknown as Record<PropertyKey, unknown> | null;
    let it: Iterator<T> | AsyncIterator<T>;
    if (src && typeof src[Symbol.asyncIterator] === 'function') it = (src as unknown as AsyncIterable<T>)[Symbol.asyncIterator]();
    else if (src && typeof src[Symbol.iterator] === 'function') it = (src as unknown as Iterable<T>)[Symbol.iterator]();
    else if (src && typeof src.next === 'function') it = src as unknown as Iterator<T>;
    else {
      throw new TypeError(`fromGenerator: the generator function must return an iterator or (async) iterable. Received: ${describeValue(src)}`);
    }
    let finished = false;
    try {
      for (;;) {
        const r = await it.next();
        if (r.done) {
          finished = true;
          return;
        }
        yield r.value;
      }
    } finally {
      if (!finished) await it.return?.();
    }
  });
}

type ZipOf<D> = { [K in keyof D]: D[K] extends Dataset<infer E> ? E : never };

/**
 * Combines datasets element by element: an array of datasets gives arrays, an object gives objects with the
 * same keys. Stops at the shortest.
 */
export function zip<D extends readonly Dataset<unknown>[] | { readonly [k: string]: Dataset<unknown> }>(datasets: D): Dataset<ZipOf<D>> {
  const isArray = Array.isArray(datasets);
  if (!isArray && !isPlainObject(datasets)) {
    throw new TypeError(`zip: invalid value for argument \`datasets\`. Expected an array or object of Datasets. Received: ${describeValue(datasets)}`);
  }
  const entries = Object.entries(datasets as Record<string, unknown>);
  if (entries.length === 0) throw new Error('zip: give at least one dataset.');
  for (const [k, d] of entries) {
    if (!(d instanceof Dataset)) throw new TypeError(`zip: datasets${isArray ? `[${k}]` : `.${k}`} is ${describeValue(d)}; expected a Dataset.`);
  }
  const ds = entries.map(([, d]) => d as Dataset<unknown>);
  const sizes = ds.map((d) => d.size);
  const size = sizes.some((s) => s === 0) ? 0 : sizes.some((s) => s === null) ? null : Math.min(...(sizes as number[]));
  return new Dataset<ZipOf<D>>(async function* () {
    const its = ds.map((d) => d[Symbol.asyncIterator]());
    try {
      for (;;) {
        const rs = await Promise.allSettled(its.map((it) => it.next()));
        const values = rs.flatMap((r) => (r.status === 'fulfilled' && !r.value.done ? [r.value.value] : []));
        const failed = rs.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed || values.length < its.length) {
          values.forEach(disposeElement);
          if (failed) throw failed.reason;
          return;
        }
        yield (isArray ? values : Object.fromEntries(entries.map(([k], i) => [k, values[i]]))) as ZipOf<D>;
      }
    } finally {
      await Promise.all(its.map((it) => it.return(undefined)));
    }
  }, size);
}
