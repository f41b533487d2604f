import type { AnyBackend } from '../backend/spec.js';
import type { DType, TypedArray } from '../dtype.js';
import { assertDType, dtypeOfTypedArray, toTypedArray, typedArrayFor, bytesPerElement } from '../dtype.js';
import { describe, getBackend } from '../engine.js';
import { fmtShape, sizeOf } from '../shape.js';
import { Storage, Tensor, isTensor } from '../tensor.js';

export type NestedValues = number | boolean | NestedValues[] | TypedArray;
/** Anything an op accepts where a tensor is expected: numbers and nested arrays become tensors. */
export type TensorLike = Tensor | NestedValues;

/** @internal Wraps a freshly computed contiguous backend buffer as a tensor. */
export function wrapHandle(backend: AnyBackend, handle: unknown, shape: readonly number[], dtype: DType): Tensor {
  return new Tensor(new Storage(backend, handle, dtype, sizeOf(shape)), shape, dtype);
}

/** @internal Uploads host values to a backend as a new contiguous tensor. */
export function fromTypedArray(values: TypedArray, shape: readonly number[], dtype: DType, backend?: AnyBackend): Tensor {
  const b = backend ?? getBackend();
  checkDTypeSupported(b, dtype, 'tensor');
  checkBufferSize(b, sizeOf(shape), dtype, 'tensor');
  const handle = b.alloc(dtype, values.length);
  if (values.length > 0) b.write(handle, values);
  return wrapHandle(b, handle, shape, dtype);
}

export function checkDTypeSupported(b: AnyBackend, dtype: DType, opName: string): void {
  if (!b.capabilities.dtypes.includes(dtype)) {
    throw new TypeError(
      `${opName}: the '${b.name}' backend does not support dtype ${dtype}. Supported: ${b.capabilities.dtypes.join(', ')}.`,
    );
  }
}

export function checkBufferSize(b: AnyBackend, size: number, dtype: DType, opName: string): void {
  const bytes = size * bytesPerElement(dtype);
  if (bytes > b.capabilities.maxBufferBytes) {
    throw new RangeError(
      `${opName}: a ${dtype} tensor of ${size} elements needs ${bytes} bytes, over the '${b.name}' backend's limit of ${b.capabilities.maxBufferBytes} bytes per tensor. Split the work into smaller tensors.`,
    );
  }
}

function inferShape(values: NestedValues, opName: string): number[] {
  const shape: number[] = [];
  let v: NestedValues = values;
  while (Array.isArray(v) || ArrayBuffer.isView(v)) {
    shape.push((v as ArrayLike<unknown>).length);
    if (!Array.isArray(v)) break;
    if (v.length === 0) break;
    v = v[0]!;
  }
  if (shape.length === 0 && typeof values !== 'number' && typeof values !== 'boolean') {
    throw new TypeError(`${opName}: expected numbers, booleans, nested arrays or a typed array. Received: ${describe(values)}`);
  }
  return shape;
}

function flatten(values: NestedValues, shape: readonly number[], opName: string): (number | boolean)[] | TypedArray {
  if (ArrayBuffer.isView(values)) return values;
  if (!Array.isArray(values)) return [values];
  const out: (number | boolean)[] = [];
  const walk = (v: NestedValues, dim: number) => {
    if (dim === shape.length) {
      if (typeof v !== 'number' && typeof v !== 'boolean') {
        throw new TypeError(`${opName}: nested array is ragged or holds a non-number: expected shape ${fmtShape(shape)}. Received an element ${describe(v)} at depth ${dim}`);
      }
      out.push(v);
      return;
    }
    const len = Array.isArray(v) || ArrayBuffer.isView(v) ? (v as ArrayLike<unknown>).length : -1;
    if (len !== shape[dim]) {
      throw new TypeError(`${opName}: nested array is ragged: expected length ${shape[dim]} at depth ${dim} (shape ${fmtShape(shape)}). Received: ${describe(v)}`);
    }
    if (ArrayBuffer.isView(v)) for (const x of v as TypedArray) out.push(x);
    else for (const x of v as NestedValues[]) walk(x, dim + 1);
  };
  if (shape.length > 0 && ArrayBuffer.isView((values as NestedValues[])[0])) {
    // arrays of typed arrays: the last dim is a typed array
  }
  walk(values, 0);
  return out;
}

function inferDType(values: NestedValues): DType {
  if (ArrayBuffer.isView(values)) return dtypeOfTypedArray(values as TypedArray);
  let v: NestedValues = values;
  while (Array.isArray(v)) {
    if (v.length === 0) return 'float32';
    v = v[0]!;
  }
  if (typeof v === 'boolean') return 'bool';
  if (ArrayBuffer.isView(v)) return dtypeOfTypedArray(v as TypedArray);
  return 'float32';
}

/** Creates a tensor from (nested) numbers, booleans or a typed array, as tfjs's `tensor`. */
export function tensor(values: NestedValues, shape?: readonly number[], dtype?: DType): Tensor {
  if (dtype !== undefined) assertDType(dtype, 'dtype', 'tensor');
  const inferred = inferShape(values, 'tensor');
  const flat = flatten(values, inferred, 'tensor');
  const dt = dtype ?? inferDType(values);
  let finalShape = inferred;
  if (shape !== undefined) {
    if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new TypeError(`tensor: invalid value for argument \`shape\`. Expected an array of non-negative integers. Received: ${JSON.stringify(shape)}`);
    }
    const n = sizeOf(shape);
    if (flat.length === 1 && n !== 1 && inferred.length === 0) {
      return fromTypedArray(toTypedArray(new Array(n).fill(flat[0]), dt), shape, dt);
    }
    if (n !== flat.length) {
      throw new Error(`tensor: the shape ${fmtShape(shape)} has ${n} elements but ${flat.length} values were given.`);
    }
    finalShape = shape;
  }
  const data =
    ArrayBuffer.isView(flat) && dtypeOfTypedArray(flat as TypedArray) === dt
      ? (flat as TypedArray).slice()
      : toTypedArray(flat as ArrayLike<number>, dt);
  return fromTypedArray(data, finalShape, dt);
}

export function scalar(value: number | boolean, dtype?: DType): Tensor {
  if (typeof value !== 'number' && typeof value !== 'boolean') {
    throw new TypeError(`scalar: invalid value for argument \`value\`. Expected a number or boolean. Received: ${describe(value)}`);
  }
  return tensor(value, [], dtype);
}

function rankedTensor(rank: number, name: string) {
  return (values: NestedValues, shape?: readonly number[], dtype?: DType): Tensor => {
    const t = tensor(values, shape, dtype);
    if (t.rank !== rank) {
      t.dispose();
      throw new Error(`${name}: expected values of rank ${rank}. Received rank ${t.rank} (shape ${fmtShape(t.shape)})`);
    }
    return t;
  };
}

export const tensor1d = rankedTensor(1, 'tensor1d');
export const tensor2d = rankedTensor(2, 'tensor2d');
export const tensor3d = rankedTensor(3, 'tensor3d');
export const tensor4d = rankedTensor(4, 'tensor4d');
export const tensor5d = rankedTensor(5, 'tensor5d');
export const tensor6d = rankedTensor(6, 'tensor6d');

/**
 * @internal Turns an op argument into a tensor. Plain numbers take `dtypeHint` (the other operand's dtype, as tfjs
 * does for `a.add(2)`), and new tensors are created on `backend`.
 */
export function convertToTensor(x: TensorLike, argName: string, opName: string, dtypeHint?: DType, backend?: AnyBackend): Tensor {
  if (isTensor(x)) {
    x.assertAlive(`${opName}(${argName})`);
    return x;
  }
  if (typeof x === 'number' || typeof x === 'boolean' || Array.isArray(x) || ArrayBuffer.isView(x)) {
    let dt = inferDType(x);
    if (dtypeHint && dt !== 'bool' && !ArrayBuffer.isView(x)) {
      dt = dtypeHint === 'bool' ? 'float32' : dtypeHint;
      if (dtypeHint === 'int32' && !allIntegers(x)) dt = 'float32';
    }
    const shape = inferShape(x, opName);
    const flat = flatten(x, shape, opName);
    const t = fromTypedArray(toTypedArray(flat as ArrayLike<number>, dt), shape, dt, backend);
    t.converted = opName;
    return t;
  }
  throw new TypeError(`${opName}: invalid value for argument \`${argName}\`. Expected a Tensor, number, boolean or array. Received: ${describe(x)}`);
}

function allIntegers(x: NestedValues): boolean {
  if (typeof x === 'number') return Number.isInteger(x);
  if (typeof x === 'boolean') return true;
  if (Array.isArray(x)) return x.every(allIntegers);
  return true;
}

/** @internal New zero-filled contiguous tensor. */
export function emptyLike(shape: readonly number[], dtype: DType, backend: AnyBackend): Tensor {
  return fromTypedArray(typedArrayFor(dtype, sizeOf(shape)), shape, dtype, backend);
}
