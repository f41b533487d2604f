/**
 * WebGPU's numeric flags, spelled out: in Node, `GPUBufferUsage` and friends exist only if the caller copied the
 * `webgpu` package's globals onto globalThis, so the backend never reads them.
 */
export const BufferUsage = {
  MAP_READ: 0x1,
  MAP_WRITE: 0x2,
  COPY_SRC: 0x4,
  COPY_DST: 0x8,
  UNIFORM: 0x40,
  STORAGE: 0x80,
} as const;

export const MapMode = { READ: 0x1, WRITE: 0x2 } as const;

export const ShaderStage = { COMPUTE: 0x4 } as const;

/** Usage of every tensor buffer: kernels read and write it, reads copy out of it, uploads and clears copy in. */
export const TENSOR_USAGE = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;
/** Usage of the staging buffers that reads map. */
export const STAGING_USAGE = BufferUsage.MAP_READ | BufferUsage.COPY_DST;
