import type { BackendV1, DType, KernelsV1, TypedArray } from '@tessera/core';
import { Allocator, fmtBytes, sizeClass } from './allocator.js';
import type { Block } from './allocator.js';
import type { KernelContext, WasmBuffer } from './context.js';
import { elementBytes } from './dtypes.js';
import { splitRange } from './strided.js';
import { Heap } from './heap.js';
import type { KernelExports, KernelName } from './module.js';
import { elementwise } from './kernels/elementwise.js';
import { reduce } from './kernels/reduce.js';
import { matMul } from './kernels/matmul.js';
import { assignInto, gather, scan, scatterAdd, topk } from './kernels/indexing.js';

/** Runs kernel tasks: on the calling thread, or spread over worker threads (src/threads/pool.ts). */
export interface Executor {
  readonly threads: number;
  run(exports: KernelExports, fn: KernelName, P: number, scratch: readonly number[], tasks: readonly (readonly number[])[]): void;
  dispose(): void;
}

export const inlineExecutor: Executor = {
  threads: 1,
  run(exports, fn, P, scratch, tasks) {
    const f = exports[fn] as (...args: number[]) => void;
    for (const t of tasks) f(P, scratch[0]!, ...t);
  },
  dispose() {},
};

export interface WasmBackendInit {
  name: string;
  memory: WebAssembly.Memory;
  exports: KernelExports;
  executor: Executor;
  /** Describes the build in use (relaxed SIMD, threads), reported by memory(). */
  features: { relaxedSimd: boolean; threads: number; sharedMemory: boolean };
  splitAll?: boolean;
}

const PARAM_BYTES = 4096;

/** The WebAssembly backend: buffers are blocks of one linear memory; kernels are the AssemblyScript exports. */
export class WasmBackend implements BackendV1<WasmBuffer> {
  readonly specificationVersion = 'v1' as const;
  readonly name: string;
  readonly capabilities = {
    dtypes: ['float32', 'int32', 'bool', 'float64'] as const,
    syncRead: true,
    // Kernels index elements with int32 and the memory is wasm32: one tensor stays under 2 GiB.
    maxBufferBytes: 2 ** 31 - 1,
  };
  readonly kernels: KernelsV1<WasmBuffer>;
  readonly features: WasmBackendInit['features'];

  private readonly memoryObj: WebAssembly.Memory;
  private readonly heap: Heap;
  private readonly allocator: Allocator;
  private readonly exports: KernelExports;
  private readonly executor: Executor;
  private paramBlock: Block;
  private readonly scratch: (Block | null)[] = [];
  private pending: WasmBuffer[] | null = null;
  private liveBuffers = 0;
  private liveBytes = 0;
  private disposed = false;

  constructor(init: WasmBackendInit) {
    this.name = init.name;
    this.memoryObj = init.memory;
    this.exports = init.exports;
    this.executor = init.executor;
    this.features = init.features;
    this.heap = new Heap(init.memory);
    this.allocator = new Allocator(init.memory, init.exports.heapBase());
    this.paramBlock = this.allocator.alloc(PARAM_BYTES, () => 'kernel parameters');
    const ctx = this.context(init);
    const g = <A extends unknown[], R>(f: (...args: A) => R) => (...args: A): R => this.guarded(() => f(...args));
    this.kernels = {
      elementwise: g((expr, inputs, shape, dtype) => elementwise(ctx, expr, inputs, shape, dtype)),
      reduce: g((op, x, rank, dtype) => reduce(ctx, op, x, rank, dtype)),
      matMul: g((a, b, dtype) => matMul(ctx, a, b, null, 'linear', 0, dtype)),
      fusedMatMul: g((a, b, bias, act, alpha, dtype) => matMul(ctx, a, b, bias, act, alpha, dtype)),
      gather: g((x, idx) => gather(ctx, x, idx)),
      scatterAdd: g((u, idx, n) => scatterAdd(ctx, u, idx, n)),
      assign: g((t, s, mode) => assignInto(ctx, t, s, mode)),
      scan: g((op, x, ex, rev) => scan(ctx, op, x, ex, rev)),
      topk: g((x, k, largest) => topk(ctx, x, k, largest)),
    };
  }

  /** Runs a kernel; if it throws, the buffers it allocated are freed again (nothing leaks on a failed kernel). */
  private guarded<R>(f: () => R): R {
    const outer = this.pending;
    const mine: WasmBuffer[] = [];
    this.pending = mine;
    try {
      return f();
    } catch (err) {
      for (const b of mine) if (!b.freed) this.free(b);
      throw err;
    } finally {
      this.pending = outer;
    }
  }

  private context(init: WasmBackendInit): KernelContext {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    return {
      exports: this.exports,
      heap: this.heap,
      get threads() {
        return self.executor.threads;
      },
      splitAll: init.splitAll ?? false,
      split: (total, minChunk) => splitRange(total, this.executor.threads, init.splitAll ? 1 : minChunk),
      alloc: (dtype, size) => this.alloc(dtype, size),
      begin: (paramBytes, scratchBytes, threads = 1) => this.begin(paramBytes, scratchBytes, threads),
      run: (fn, P, tasks) => {
        this.assertLive();
        this.executor.run(this.exports, fn, P, this.scratch.map((b) => b?.ptr ?? 0), tasks);
      },
    };
  }

  private begin(paramBytes: number, scratchBytes: number, threads: number): number {
    if (paramBytes > this.paramBlock.cls) {
      this.allocator.free(this.paramBlock);
      this.paramBlock = this.allocator.alloc(paramBytes, () => 'kernel parameters');
    }
    const want = Math.max(scratchBytes, 1);
    for (let t = 0; t < threads; t++) {
      const cur = this.scratch[t];
      if (cur && cur.cls >= want) continue;
      if (cur) this.allocator.free(cur);
      this.scratch[t] = null;
      // Round up generously so that slightly larger requests later reuse the block.
      this.scratch[t] = this.allocator.alloc(sizeClass(Math.max(want * 1.25, 65536)), () => `kernel scratch space for thread ${t}`);
    }
    this.heap.refresh();
    return this.paramBlock.ptr;
  }

  alloc(dtype: DType, size: number): WasmBuffer {
    this.assertLive();
    const bytes = size * elementBytes(dtype);
    let block: Block | null = null;
    if (bytes > 0) {
      block = this.allocator.alloc(bytes, () => `a ${dtype} buffer of ${size} elements`);
    }
    this.liveBuffers++;
    this.liveBytes += bytes;
    const buffer: WasmBuffer = { ptr: block?.ptr ?? 0, size, dtype, bytes, block, freed: false, owner: this.name };
    this.pending?.push(buffer);
    return buffer;
  }

  write(buffer: WasmBuffer, data: TypedArray): void {
    this.assertUsable(buffer, 'write');
    if (data.length !== buffer.size) {
      throw new RangeError(`${this.name}.write: expected ${buffer.size} values. Received: ${data.length}`);
    }
    if (buffer.bytes === 0) return;
    const src = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (src.length !== buffer.bytes) {
      throw new TypeError(`${this.name}.write: expected ${buffer.dtype} data (${buffer.bytes} bytes). Received: ${src.length} bytes`);
    }
    this.heap.refresh().u8.set(src, buffer.ptr);
  }

  async read(buffer: WasmBuffer): Promise<TypedArray> {
    return this.readSync(buffer);
  }

  readSync(buffer: WasmBuffer): TypedArray {
    this.assertUsable(buffer, 'read');
    const bytes = this.heap.refresh().u8.slice(buffer.ptr, buffer.ptr + buffer.bytes);
    switch (buffer.dtype) {
      case 'float32':
        return new Float32Array(bytes.buffer, 0, buffer.size);
      case 'int32':
        return new Int32Array(bytes.buffer, 0, buffer.size);
      case 'float64':
        return new Float64Array(bytes.buffer, 0, buffer.size);
      case 'bool':
        return bytes;
    }
  }

  free(buffer: WasmBuffer): void {
    if (buffer.freed) throw new Error(`${this.name}.free: the buffer (${buffer.dtype}, ${buffer.size} elements) was already freed`);
    buffer.freed = true;
    if (this.disposed) return;
    if (buffer.block) this.allocator.free(buffer.block);
    this.liveBuffers--;
    this.liveBytes -= buffer.bytes;
  }

  async flush(): Promise<void> {}

  memory() {
    const a = this.allocator;
    return {
      buffers: this.liveBuffers,
      bytes: this.liveBytes,
      /** Bytes the linear memory spans now (it grows on demand up to 4 GiB). */
      wasmMemoryBytes: this.disposed ? 0 : a.heapBytes,
      /** Live blocks (tensors, scratch, parameters) and their bytes, rounded up to size classes. */
      blocks: a.liveBlocks,
      blockBytes: a.liveBytes,
      /** Bytes in freed blocks waiting for reuse. */
      freeBlockBytes: a.freeBytes,
      threads: this.executor.threads,
      sharedMemory: this.features.sharedMemory,
      relaxedSimd: this.features.relaxedSimd,
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.executor.dispose();
  }

  /** For messages and tests: the memory as a human string. */
  describeMemory(): string {
    const m = this.memory();
    return `${m.buffers} buffers, ${fmtBytes(m.bytes)} in tensors, ${fmtBytes(m.wasmMemoryBytes)} of linear memory`;
  }

  /** @internal for tests: the raw exports, memory and executor. */
  get raw(): { exports: KernelExports; memory: WebAssembly.Memory; executor: Executor } {
    return { exports: this.exports, memory: this.memoryObj, executor: this.executor };
  }

  private assertLive(): void {
    if (this.disposed) throw new Error(`The '${this.name}' backend has been disposed; create a new one with wasm().`);
  }

  private assertUsable(buffer: WasmBuffer, what: string): void {
    this.assertLive();
    if (buffer.freed) throw new Error(`${this.name}.${what}: the buffer (${buffer.dtype}, ${buffer.size} elements) has been freed`);
  }
}
