import type { AnyBackend, View } from './backend/spec.js';
import type { DType, TypedArray } from './dtype.js';
import { bytesPerElement } from './dtype.js';
import { engine, trackTensor, untrackTensor } from './engine.js';
import { contiguousStrides, sizeOf } from './shape.js';
import type { Shape } from './shape.js';
import { S } from './scalar/expr.js';
import { formatTensor } from './format.js';
import * as ops from './ops/index.js';
import type { TensorLike } from './ops/convert.js';

/** A backend buffer shared by a tensor and its views; freed when the last of them is disposed. */
export class Storage {
  refs = 0;
  constructor(
    readonly backend: AnyBackend,
    readonly handle: unknown,
    readonly dtype: DType,
    readonly size: number,
  ) {
    engine().liveStorages.add(this);
  }

  retain(): this {
    this.refs++;
    return this;
  }

  release(): void {
    if (--this.refs === 0) {
      engine().liveStorages.delete(this);
      this.backend.free(this.handle);
    }
  }

  get bytes(): number {
    return this.size * bytesPerElement(this.dtype);
  }
}

type Rank = number;

/**
 * An immutable n-dimensional array on one backend. A tensor may be a strided view onto another tensor's storage
 * (transpose, slice, broadcast, reshape share memory); views are materialised only when a kernel needs it.
 */
export class Tensor {
  readonly isTesseraTensor = true as const;
  readonly id: number;
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** @internal */ storage: Storage;
  /** @internal */ strides: readonly number[];
  /** @internal */ offset: number;
  /** @internal set by keep() */ kept = false;
  /** @internal */ disposedFlag = false;
  /** @internal the op that made this tensor from a plain number or array; that op frees it */ converted: string | null = null;

  /** @internal Use the op functions (tensor(), zeros(), ...) to create tensors. */
  constructor(storage: Storage, shape: Shape, dtype: DType, strides?: Shape, offset = 0) {
    this.id = engine().nextTensorId++;
    this.storage = storage.retain();
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
    this.strides = Object.freeze(strides ? [...strides] : contiguousStrides(shape));
    this.offset = offset;
    trackTensor(this);
  }

  get rank(): Rank {
    return this.shape.length;
  }

  get size(): number {
    return sizeOf(this.shape);
  }

  get backend(): AnyBackend {
    return this.storage.backend;
  }

  get isDisposed(): boolean {
    return this.disposedFlag;
  }

  /** True when the tensor covers its whole storage in row-major order, so it can be read or passed as is. */
  get isContiguousWhole(): boolean {
    if (this.offset !== 0 || this.size !== this.storage.size) return false;
    const c = contiguousStrides(this.shape);
    for (let i = 0; i < c.length; i++) if (this.shape[i]! > 1 && c[i] !== this.strides[i]) return false;
    return true;
  }

  /** @internal The strided window kernels receive. */
  view(): View {
    this.assertAlive('view');
    return { buffer: this.storage.handle, dtype: this.dtype, shape: this.shape, strides: this.strides, offset: this.offset };
  }

  /** @internal */
  assertAlive(what: string): void {
    if (this.disposedFlag) {
      throw new Error(`${what}: the tensor (id ${this.id}, ${this.dtype} [${this.shape.join(',')}]) has been disposed.`);
    }
  }

  dispose(): void {
    if (this.disposedFlag) return;
    this.disposedFlag = true;
    untrackTensor(this);
    this.storage.release();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  /** Reads the values, row-major, as a typed array (a copy). Works on every backend. */
  async data(): Promise<TypedArray> {
    this.assertAlive('data');
    const b = this.backend;
    if (this.isContiguousWhole) return b.read(this.storage.handle);
    const handle = b.kernels.elementwise(S.in(0), [this.view()], this.shape, this.dtype);
    try {
      return await b.read(handle);
    } finally {
      b.free(handle);
    }
  }

  /** Reads synchronously; only on backends that can (the CPU and WASM backends). */
  dataSync(): TypedArray {
    this.assertAlive('dataSync');
    const b = this.backend;
    if (!b.capabilities.syncRead || !b.readSync) {
      throw new Error(
        `dataSync: the '${b.name}' backend cannot read synchronously (GPU reads are asynchronous). Use \`await tensor.data()\` or \`await tensor.array()\` instead.`,
      );
    }
    if (this.isContiguousWhole) return b.readSync(this.storage.handle);
    const handle = b.kernels.elementwise(S.in(0), [this.view()], this.shape, this.dtype);
    try {
      return b.readSync(handle);
    } finally {
      b.free(handle);
    }
  }

  async array(): Promise<NestedArray> {
    return toNested(await this.data(), this.shape);
  }

  arraySync(): NestedArray {
    return toNested(this.dataSync(), this.shape);
  }

  toString(verbose = false): string {
    if (this.disposedFlag) return `Tensor (disposed) ${this.dtype} [${this.shape.join(',')}]`;
    const canRead = this.backend.capabilities.syncRead && this.backend.readSync;
    const header = verbose ? `Tensor\n  dtype: ${this.dtype}\n  rank: ${this.rank}\n  shape: [${this.shape.join(',')}]\n  values:\n` : 'Tensor\n';
    if (!canRead) return `${header}    <${this.backend.name} tensor: use await t.array() to read>`;
    return header + formatTensor(this.dataSync(), this.shape, this.dtype);
  }

  print(verbose = false): void {
    console.log(this.toString(verbose));
  }

  // ----- chainable ops (each forwards to the functional op of the same name) -----
  add(b: TensorLike): Tensor { return ops.add(this, b); }
  sub(b: TensorLike): Tensor { return ops.sub(this, b); }
  mul(b: TensorLike): Tensor { return ops.mul(this, b); }
  div(b: TensorLike): Tensor { return ops.div(this, b); }
  floorDiv(b: TensorLike): Tensor { return ops.floorDiv(this, b); }
  mod(b: TensorLike): Tensor { return ops.mod(this, b); }
  pow(b: TensorLike): Tensor { return ops.pow(this, b); }
  maximum(b: TensorLike): Tensor { return ops.maximum(this, b); }
  minimum(b: TensorLike): Tensor { return ops.minimum(this, b); }
  squaredDifference(b: TensorLike): Tensor { return ops.squaredDifference(this, b); }
  equal(b: TensorLike): Tensor { return ops.equal(this, b); }
  notEqual(b: TensorLike): Tensor { return ops.notEqual(this, b); }
  less(b: TensorLike): Tensor { return ops.less(this, b); }
  lessEqual(b: TensorLike): Tensor { return ops.lessEqual(this, b); }
  greater(b: TensorLike): Tensor { return ops.greater(this, b); }
  greaterEqual(b: TensorLike): Tensor { return ops.greaterEqual(this, b); }
  logicalAnd(b: TensorLike): Tensor { return ops.logicalAnd(this, b); }
  logicalOr(b: TensorLike): Tensor { return ops.logicalOr(this, b); }
  logicalNot(): Tensor { return ops.logicalNot(this); }
  neg(): Tensor { return ops.neg(this); }
  abs(): Tensor { return ops.abs(this); }
  sign(): Tensor { return ops.sign(this); }
  square(): Tensor { return ops.square(this); }
  sqrt(): Tensor { return ops.sqrt(this); }
  rsqrt(): Tensor { return ops.rsqrt(this); }
  reciprocal(): Tensor { return ops.reciprocal(this); }
  exp(): Tensor { return ops.exp(this); }
  log(): Tensor { return ops.log(this); }
  log1p(): Tensor { return ops.log1p(this); }
  floor(): Tensor { return ops.floor(this); }
  ceil(): Tensor { return ops.ceil(this); }
  round(): Tensor { return ops.round(this); }
  sin(): Tensor { return ops.sin(this); }
  cos(): Tensor { return ops.cos(this); }
  tanh(): Tensor { return ops.tanh(this); }
  sigmoid(): Tensor { return ops.sigmoid(this); }
  relu(): Tensor { return ops.relu(this); }
  elu(): Tensor { return ops.elu(this); }
  softplus(): Tensor { return ops.softplus(this); }
  clipByValue(min: number, max: number): Tensor { return ops.clipByValue(this, min, max); }
  cast(dtype: DType): Tensor { return ops.cast(this, dtype); }
  clone(): Tensor { return ops.clone(this); }
  reshape(shape: readonly number[]): Tensor { return ops.reshape(this, shape); }
  flatten(): Tensor { return ops.reshape(this, [this.size]); }
  expandDims(axis = 0): Tensor { return ops.expandDims(this, axis); }
  squeeze(axis?: number[]): Tensor { return ops.squeeze(this, axis); }
  transpose(perm?: number[]): Tensor { return ops.transpose(this, perm); }
  broadcastTo(shape: readonly number[]): Tensor { return ops.broadcastTo(this, shape); }
  slice(begin: number | number[], size?: number | number[]): Tensor { return ops.slice(this, begin, size); }
  matMul(b: TensorLike, transposeA = false, transposeB = false): Tensor { return ops.matMul(this, b, transposeA, transposeB); }
  sum(axis?: number | number[], keepDims = false): Tensor { return ops.sum(this, axis, keepDims); }
  mean(axis?: number | number[], keepDims = false): Tensor { return ops.mean(this, axis, keepDims); }
  prod(axis?: number | number[], keepDims = false): Tensor { return ops.prod(this, axis, keepDims); }
  max(axis?: number | number[], keepDims = false): Tensor { return ops.max(this, axis, keepDims); }
  min(axis?: number | number[], keepDims = false): Tensor { return ops.min(this, axis, keepDims); }
  argMax(axis = 0): Tensor { return ops.argMax(this, axis); }
  argMin(axis = 0): Tensor { return ops.argMin(this, axis); }
  all(axis?: number | number[], keepDims = false): Tensor { return ops.all(this, axis, keepDims); }
  any(axis?: number | number[], keepDims = false): Tensor { return ops.any(this, axis, keepDims); }
  softmax(axis = -1): Tensor { return ops.softmax(this, axis); }
  logSoftmax(axis = -1): Tensor { return ops.logSoftmax(this, axis); }
}

export type NestedArray = number | NestedArray[];

function toNested(data: TypedArray, shape: readonly number[]): NestedArray {
  if (shape.length === 0) return data[0]!;
  const build = (dim: number, offset: number, stride: number): NestedArray[] => {
    const n = shape[dim]!;
    const inner = stride / (n || 1);
    const out: NestedArray[] = new Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = dim === shape.length - 1 ? data[offset + i]! : build(dim + 1, offset + i * inner, inner);
    }
    return out;
  };
  return build(0, 0, sizeOf(shape));
}

export function isTensor(x: unknown): x is Tensor {
  return typeof x === 'object' && x !== null && (x as { isTesseraTensor?: unknown }).isTesseraTensor === true;
}
