/// <reference types="@webgpu/types" preserve="true" />
import type { BackendV1, DType, KernelsV1, TypedArray } from '@tessera/core';
import type { GpuHandle } from './runtime/handle.js';
import { ELEMENT_BYTES } from './runtime/handle.js';
import { BufferPool } from './runtime/pool.js';
import { PipelineCache } from './runtime/pipelines.js';
import type { KernelSource } from './runtime/pipelines.js';
import { Scheduler } from './runtime/scheduler.js';
import { TENSOR_USAGE } from './runtime/usage.js';
import { bufferTooLarge, deviceLost, disposedBackend, WebGpuError } from './errors.js';
import type { KernelContext } from './kernels/context.js';
import { elementwise } from './kernels/elementwise.js';
import { reduce } from './kernels/reduce.js';
import { fusedMatMul, matMul } from './kernels/matmul.js';
import { assign, gather, scatterAdd } from './kernels/indexing.js';
import { scan } from './kernels/scan.js';
import { topk } from './kernels/topk.js';

export interface WebGpuBackendConfig {
  name: string;
  device: GPUDevice;
  /** Whether the backend created the device (and so destroys it on dispose). */
  ownsDevice: boolean;
  adapterInfo: string;
  maxPooledBytes: number;
}

/** Extra fields of memory() on this backend. */
export interface WebGpuMemory {
  buffers: number;
  bytes: number;
  /** Bytes of pooled GPU buffers handed out (size classes; includes buffers whose release awaits a submit). */
  poolBytesInUse: number;
  /** Bytes of GPU buffers kept for reuse. */
  poolBytesFree: number;
  poolBuffersFree: number;
  /** GPU buffers created so far (pool misses). */
  buffersCreated: number;
  pipelines: number;
  pipelinesCompiled: number;
  /** Milliseconds spent compiling pipelines. */
  compileMs: number;
  submits: number;
  [extra: string]: unknown;
}

/**
 * The WebGPU backend. All kernels are queued; `read` is the only way data comes back (there is no `readSync`:
 * core's dataSync() says to use `await data()`). See ../README.md for the design.
 */
export class WebGpuBackend implements BackendV1<GpuHandle> {
  readonly specificationVersion = 'v1' as const;
  readonly name: string;
  readonly capabilities: { dtypes: readonly DType[]; syncRead: false; maxBufferBytes: number };
  readonly kernels: KernelsV1<GpuHandle>;
  readonly device: GPUDevice;
  readonly adapterInfo: string;
  private readonly pool: BufferPool;
  private readonly pipelines: PipelineCache;
  private readonly sched: Scheduler;
  private readonly ownsDevice: boolean;
  private nextId = 0;
  private live = 0;
  private liveBytes = 0;
  private disposed = false;
  private lost: GPUDeviceLostInfo | null = null;
  private readonly maxBytes: number;

  constructor(cfg: WebGpuBackendConfig) {
    this.name = cfg.name;
    this.device = cfg.device;
    this.ownsDevice = cfg.ownsDevice;
    this.adapterInfo = cfg.adapterInfo;
    const limits = cfg.device.limits;
    this.maxBytes = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
    // float64 is left out: WGSL has no f64.
    this.capabilities = { dtypes: ['float32', 'int32', 'bool'], syncRead: false, maxBufferBytes: this.maxBytes };
    // On a pool miss the queued work is submitted first: that returns the buffers it freed to the pool (one of
    // them may fit), and if a new buffer still has to be created and fails (out of memory), the failure is pinned
    // to the work that needs it rather than to everything queued before.
    this.pool = new BufferPool(
      (size, usage) => {
        this.sched.begin();
        return this.sched.createBuffer(size, usage, (bad) => this.pool.discard(bad));
      },
      cfg.maxPooledBytes,
      () => this.sched.submit(),
    );
    this.sched = new Scheduler(cfg.device, cfg.name, this.pool);
    this.pipelines = new PipelineCache(cfg.device);
    void cfg.device.lost.then((info) => {
      this.lost = info;
    });
    const ctx: KernelContext = {
      alloc: (dtype, size) => this.alloc(dtype, size),
      run: (key, source, reads, writes, uniforms, workgroups) => this.run(key, source, reads, writes, uniforms, workgroups),
      clear: (h) => this.sched.clear(h),
    };
    this.kernels = {
      elementwise: (expr, inputs, shape, dtype) => elementwise(ctx, expr, inputs, shape, dtype),
      reduce: (op, x, rank, dtype) => reduce(ctx, op, x, rank, dtype),
      matMul: (a, b, dtype) => matMul(ctx, a, b, dtype),
      fusedMatMul: (a, b, bias, act, alpha, dtype) => fusedMatMul(ctx, a, b, bias, act, alpha, dtype),
      gather: (x, idx) => gather(ctx, x, idx),
      scatterAdd: (u, idx, n) => scatterAdd(ctx, u, idx, n),
      assign: (t, s, mode) => assign(ctx, t, s, mode),
      scan: (op, x, exclusive, reverse) => scan(ctx, op, x, exclusive, reverse),
      topk: (x, k, largest) => topk(ctx, x, k, largest),
    };
  }

  alloc(dtype: DType, size: number): GpuHandle {
    this.assertUsable();
    if (dtype === 'float64') {
      throw new TypeError(`${this.name}: float64 is not supported on WebGPU (WGSL has no 64-bit floats). Cast to float32, or use the cpu or wasm backend for float64.`);
    }
    const bytes = Math.max(size, 1) * ELEMENT_BYTES;
    if (bytes > this.maxBytes) {
      const limitName = this.device.limits.maxStorageBufferBindingSize <= this.device.limits.maxBufferSize ? 'maxStorageBufferBindingSize' : 'maxBufferSize';
      throw bufferTooLarge(this.name, `a ${dtype} tensor of ${size} elements`, bytes, this.maxBytes, limitName);
    }
    const { buffer, fresh } = this.pool.acquire(bytes, TENSOR_USAGE);
    this.live++;
    this.liveBytes += size * ELEMENT_BYTES;
    return { id: this.nextId++, dtype, size, buffer, lastUse: 0, freed: false, deps: [], fault: null, fresh };
  }

  write(h: GpuHandle, data: TypedArray): void {
    this.assertUsable();
    if (data.length !== h.size) throw new RangeError(`${this.name}.write: expected ${h.size} values. Received: ${data.length}`);
    if (h.size === 0) return;
    let words: Float32Array | Int32Array | Uint32Array;
    if (h.dtype === 'bool') words = Uint32Array.from(data as ArrayLike<number>, (v) => (v ? 1 : 0));
    else if (h.dtype === 'int32') words = data instanceof Int32Array ? data : Int32Array.from(data as ArrayLike<number>);
    else words = data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
    this.sched.begin();
    this.device.queue.writeBuffer(h.buffer, 0, words.buffer, words.byteOffset, words.byteLength);
    this.sched.written(h, []);
    this.sched.submitIfFresh();
  }

  async read(h: GpuHandle): Promise<TypedArray> {
    this.assertUsable();
    if (h.freed) throw new Error(`${this.name}.read: the buffer has been freed`);
    if (h.size === 0) return emptyOf(h.dtype);
    const fault = this.sched.faultOf([h]);
    if (fault) throw fault;
    const words = await this.sched.read(h, () => this.lostCheck());
    switch (h.dtype) {
      case 'int32':
        return new Int32Array(words.buffer, 0, h.size);
      case 'bool':
        return Uint8Array.from(words.subarray(0, h.size));
      default:
        return new Float32Array(words.buffer, 0, h.size);
    }
  }

  free(h: GpuHandle): void {
    if (h.freed) return;
    h.freed = true;
    this.live--;
    this.liveBytes -= h.size * ELEMENT_BYTES;
    if (this.disposed || this.lost) return;
    this.sched.release(h);
  }

  async flush(): Promise<void> {
    if (this.disposed || this.lost) return;
    await this.sched.flush();
  }

  memory(): WebGpuMemory {
    const p = this.pool.stats();
    return {
      buffers: this.live,
      bytes: this.liveBytes,
      poolBytesInUse: p.bytesInUse,
      poolBytesFree: p.bytesPooled,
      poolBuffersFree: p.buffersPooled,
      buffersCreated: p.created,
      pipelines: this.pipelines.size,
      pipelinesCompiled: this.pipelines.compiled,
      compileMs: Math.round(this.pipelines.compileMs),
      submits: this.sched.submits,
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.lost) return;
    this.sched.submit();
    this.sched.destroy();
    this.pool.clear();
    if (this.ownsDevice) this.device.destroy();
  }

  /** Queues one kernel (see KernelContext.run). */
  private run(key: string, source: () => KernelSource, reads: readonly GpuHandle[], writes: readonly GpuHandle[], uniforms: Uint32Array, workgroups: number | [number, number, number]): void {
    this.assertUsable();
    const fault = this.sched.faultOf(reads);
    if (fault) {
      for (const w of writes) w.fault = fault;
      return;
    }
    this.sched.dispatch({
      kernel: () => this.pipelines.get(key, source),
      reads,
      writes,
      uniforms,
      workgroups: typeof workgroups === 'number' ? workgroups : 0,
      grid: typeof workgroups === 'number' ? undefined : workgroups,
    });
  }

  private assertUsable(): void {
    if (this.disposed) throw disposedBackend(this.name);
    if (this.lost) throw deviceLost(this.name, this.lost.reason, this.lost.message);
  }

  /** After a failed map: if the device was lost, say so (the lost promise may settle a moment later). */
  private async lostCheck(): Promise<void> {
    if (!this.lost) await Promise.race([this.device.lost, new Promise((r) => setTimeout(r, 200))]);
    if (this.lost) throw deviceLost(this.name, this.lost.reason, this.lost.message);
    if (this.disposed) throw disposedBackend(this.name);
  }
}

function emptyOf(dtype: DType): TypedArray {
  return dtype === 'int32' ? new Int32Array(0) : dtype === 'bool' ? new Uint8Array(0) : new Float32Array(0);
}

export { WebGpuError };
