import type { DType } from '@tessera/core';
import type { GpuHandle } from '../runtime/handle.js';
import type { KernelSource } from '../runtime/pipelines.js';

/** What kernels get from the backend: fresh buffers and a way to launch a cached pipeline. */
export interface KernelContext {
  alloc(dtype: DType, size: number): GpuHandle;
  /**
   * Compiles (once per key) and queues a kernel. `reads` bind as r0.., `writes` as w0..; when a read carries a
   * known fault, nothing is queued and the writes inherit the fault.
   */
  run(key: string, source: () => KernelSource, reads: readonly GpuHandle[], writes: readonly GpuHandle[], uniforms: Uint32Array, workgroups: number | [number, number, number]): void;
  /** Zero-fills a buffer. */
  clear(h: GpuHandle): void;
}
