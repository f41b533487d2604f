import type { DType } from '@tessera/core';
import type { Block } from './allocator.js';
import type { Heap } from './heap.js';
import type { KernelExports, KernelName } from './module.js';

/** A buffer handle: a block of linear memory holding `size` elements of `dtype` at byte address `ptr`. */
export interface WasmBuffer {
  readonly ptr: number;
  readonly size: number;
  readonly dtype: DType;
  readonly bytes: number;
  /** null for empty buffers, which own no memory. */
  readonly block: Block | null;
  freed: boolean;
  /** Registry name of the owning backend, for error messages. */
  readonly owner: string;
}

/** What the kernel wrappers (src/kernels/*.ts) need from the backend. */
export interface KernelContext {
  readonly exports: KernelExports;
  readonly heap: Heap;
  /** Threads a parallel kernel may use (1 without workers). */
  readonly threads: number;
  /** Split even small kernels over the threads (tests of the threaded paths). */
  readonly splitAll: boolean;
  /** [0, total) split over the threads in parts of at least `minChunk` (1 when splitAll). */
  split(total: number, minChunk: number): [number, number][];
  alloc(dtype: DType, size: number): WasmBuffer;
  /**
   * Reserves a parameter block of `paramBytes` and `scratchBytes` of scratch for each of `threads` threads, and
   * returns the parameter block's address. Call after allocating outputs; the heap views are fresh afterwards.
   */
  begin(paramBytes: number, scratchBytes: number, threads?: number): number;
  /** Runs exports[fn](P, T_thread, ...args) for each task, spread over the threads reserved by `begin`. */
  run(fn: KernelName, P: number, tasks: readonly (readonly number[])[]): void;
}
