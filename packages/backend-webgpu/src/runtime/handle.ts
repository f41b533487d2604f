/// <reference types="@webgpu/types" preserve="true" />
import type { DType } from '@tessera/core';

/**
 * The backend's buffer handle: one pooled GPUBuffer holding `size` elements of 4 bytes (float32 as f32, int32 as
 * i32, bool as u32 0/1). `deps` lists the batches of GPU work the contents come from whose outcome is not known
 * yet; a read waits for them and throws `fault` if any failed, so a failed batch never yields wrong values.
 */
export interface GpuHandle {
  readonly id: number;
  readonly dtype: DType;
  readonly size: number;
  readonly buffer: GPUBuffer;
  /** The batch that last recorded work touching the buffer (freeing waits until that batch is submitted). */
  lastUse: number;
  freed: boolean;
  deps: number[];
  fault: Error | null;
  /** The buffer was just created: its first use is submitted on its own, so a failed allocation stays isolated. */
  fresh: boolean;
}

/** Bytes per element of every dtype on this backend (bool is widened to u32: WGSL has no byte stores). */
export const ELEMENT_BYTES = 4;
