import type { DType, TypedArray } from '../dtype.js';
import type { ScalarExpr } from '../scalar/expr.js';

/**
 * The backend contract, version 1. Everything a backend must provide is here; core lowers every public op onto
 * these primitives. A backend that leaves out a required kernel fails to type-check. Optional kernels are fast
 * paths: when absent, core uses its own lowering (conv2d/pooling become strided views + matMul/reduce).
 *
 * Buffers are opaque handles owned by the backend. Core never reads a handle synchronously unless the backend
 * sets `capabilities.syncRead` and provides `readSync`.
 */
export interface BackendV1<H = unknown> {
  readonly specificationVersion: 'v1';
  /** A short unique name, as shown in errors and in memory(): 'cpu', 'wasm', 'webgpu'. */
  readonly name: string;
  readonly capabilities: BackendCapabilities;

  alloc(dtype: DType, size: number): H;
  /** Copies host data into a buffer allocated with the same dtype and size. */
  write(buffer: H, data: TypedArray): void;
  read(buffer: H): Promise<TypedArray>;
  readSync?(buffer: H): TypedArray;
  /** Releases a buffer. Backends with queued work defer the real release until that work no longer needs it. */
  free(buffer: H): void;
  /** Resolves once all queued work has been submitted and completed. */
  flush(): Promise<void>;
  memory(): BackendMemory;
  readonly kernels: KernelsV1<H>;
  dispose(): void;
}

export interface BackendCapabilities {
  readonly dtypes: readonly DType[];
  readonly syncRead: boolean;
  /** Largest buffer in bytes that a single tensor may occupy. */
  readonly maxBufferBytes: number;
}

export interface BackendMemory {
  readonly buffers: number;
  readonly bytes: number;
  readonly [extra: string]: unknown;
}

/** A strided window onto a buffer: how non-contiguous tensors (transpose, slice, broadcast) reach kernels. */
export interface View<H = unknown> {
  readonly buffer: H;
  readonly dtype: DType;
  readonly shape: readonly number[];
  /** Elements, not bytes. A stride of 0 broadcasts. */
  readonly strides: readonly number[];
  readonly offset: number;
}

/** A place to write into: a strided window onto a buffer that core allocated and has not shared yet. */
export interface Target<H = unknown> {
  readonly buffer: H;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

export type ReduceOp = 'sum' | 'prod' | 'max' | 'min' | 'all' | 'any' | 'argmax' | 'argmin';
export type ScanOp = 'sum' | 'prod';
export type FusedActivation = 'linear' | 'relu' | 'relu6' | 'sigmoid' | 'tanh' | 'elu' | 'leakyrelu';

export interface KernelsV1<H = unknown> {
  /**
   * out[i] = expr(inputs[0][i], inputs[1][i], ...), computed in the reference semantics of the scalar tree and
   * stored as `outDtype`. Every input view already has the output's shape (broadcast dims have stride 0).
   */
  elementwise(expr: ScalarExpr, inputs: readonly View<H>[], outShape: readonly number[], outDtype: DType): H;

  /**
   * Reduces the last `reduceRank` dims of `x`; the result has shape x.shape.slice(0, -reduceRank), contiguous.
   * arg-reductions take reduceRank 1 and give int32 indices. sum/prod keep x's dtype except bool, which gives int32.
   */
  reduce(op: ReduceOp, x: View<H>, reduceRank: number, outDtype: DType): H;

  /** Batched matrix product: a [B,M,K] · b [B,K,N] → contiguous [B,M,N]; transposes and broadcasts arrive as strides. */
  matMul(a: View<H>, b: View<H>, outDtype: DType): H;

  /** x viewed as [outer, n, inner], indices int32 [k] → contiguous [outer, k, inner]. Indices are in range. */
  gather(x: View<H>, indices: View<H>): H;

  /** updates [outer, k, inner], indices int32 [k] → contiguous [outer, n, inner] holding the sums per index. */
  scatterAdd(updates: View<H>, indices: View<H>, n: number): H;

  /** Writes (or adds) `src` into `target`; both have the same shape. Used on fresh buffers only. */
  assign(target: Target<H>, src: View<H>, mode: 'set' | 'add'): void;

  /** Inclusive or exclusive scan along the last dim of x [outer, n] → contiguous, optionally from the end. */
  scan(op: ScanOp, x: View<H>, exclusive: boolean, reverse: boolean): H;

  /** Largest (or smallest) k values of each row of x [outer, n], ties by lower index; values and int32 indices. */
  topk(x: View<H>, k: number, largest: boolean): { values: H; indices: H };

  /** Optional fast paths. Each must agree with core's lowering; the conformance kit checks that. */
  fusedMatMul?(a: View<H>, b: View<H>, bias: View<H> | null, activation: FusedActivation, alpha: number, outDtype: DType): H;
}

/** Loose type for a backend whatever its handle type, as stored in the registry. */
export type AnyBackend = BackendV1<any>;
