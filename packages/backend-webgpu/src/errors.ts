/// <reference types="@webgpu/types" preserve="true" />
/**
 * The errors this backend raises, each saying what happened and what to do. They share one class so callers can
 * tell GPU faults from argument errors (`err instanceof WebGpuError` and `err.kind`).
 */
export type WebGpuFault = 'no-webgpu' | 'no-adapter' | 'device-lost' | 'out-of-memory' | 'buffer-too-large' | 'gpu-error' | 'disposed';

export class WebGpuError extends Error {
  readonly kind: WebGpuFault;
  constructor(kind: WebGpuFault, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WebGpuError';
    this.kind = kind;
  }
}

const HOW_TO_GET_AN_ADAPTER =
  'In a browser, use one with WebGPU enabled (Chrome/Edge 113+, or --enable-unsafe-webgpu). In Node, install the npm ' +
  'package `webgpu` (Dawn) and a Vulkan, Metal or D3D12 driver; on Linux without a GPU, Mesa\'s software Vulkan ' +
  'driver lavapipe works (Debian/Ubuntu: `mesa-vulkan-drivers` 25 or newer, e.g. from bookworm-backports; see ' +
  'scripts/install-vulkan.sh in @tessera/backend-webgpu).';

export function noWebGpu(detail: string): WebGpuError {
  return new WebGpuError('no-webgpu', `webgpu: WebGPU is not available here (${detail}). ${HOW_TO_GET_AN_ADAPTER} Or pass \`{ gpu }\` to webgpu(), or use the cpu or wasm backend.`);
}

export function noAdapter(detail = ''): WebGpuError {
  return new WebGpuError(
    'no-adapter',
    `webgpu: no WebGPU adapter was found${detail ? ` (${detail})` : ''}: requestAdapter() returned null. ${HOW_TO_GET_AN_ADAPTER}`,
  );
}

export function deviceLost(name: string, reason: string, message: string): WebGpuError {
  return new WebGpuError(
    'device-lost',
    `${name}: the GPU device was lost (${reason}${message ? `: ${message}` : ''}). Its tensors are gone. Create a new backend with \`await webgpu()\`, register it, and recreate the tensors from host data (or move them from another backend).`,
  );
}

export function disposedBackend(name: string): WebGpuError {
  return new WebGpuError('disposed', `${name}: the backend has been disposed; create a new one with \`await webgpu()\`.`);
}

export function bufferTooLarge(name: string, what: string, bytes: number, limit: number, limitName: string): WebGpuError {
  return new WebGpuError(
    'buffer-too-large',
    `${name}: ${what} needs ${bytes} bytes, over this device's ${limitName} of ${limit} bytes. Split the work into smaller tensors (smaller batches), or pass a device created with a higher \`requiredLimits.${limitName}\` if the adapter allows it (adapter.limits.${limitName}).`,
  );
}

function isOutOfMemory(e: GPUError): boolean {
  return e.constructor?.name === 'GPUOutOfMemoryError' || /out of memory|\bOOM\b/i.test(e.message);
}

/** A GPU buffer could not be created. */
export function allocationFailed(name: string, bytes: number, gpuError: GPUError): WebGpuError {
  if (isOutOfMemory(gpuError)) {
    return new WebGpuError(
      'out-of-memory',
      `${name}: the GPU is out of memory: a buffer of ${bytes} bytes could not be allocated (${gpuError.message.trim()}). The tensor that needed it, and the tensors computed from it, are unusable (reading them throws this error); other tensors are intact. Free GPU memory (dispose tensors you no longer need, wrap steps in tidy(), use smaller batches) and compute it again.`,
      { cause: gpuError },
    );
  }
  return new WebGpuError(
    'gpu-error',
    `${name}: the GPU refused to create a buffer of ${bytes} bytes (${gpuError.message.trim()}). The tensor that needed it, and the tensors computed from it, are unusable (reading them throws this error); other tensors are intact.`,
    { cause: gpuError },
  );
}

/** An error reported by the GPU for a batch of queued kernels, turned into advice. */
export function batchFailed(name: string, gpuError: GPUError, kernels: number): WebGpuError {
  if (isOutOfMemory(gpuError)) {
    return new WebGpuError(
      'out-of-memory',
      `${name}: the GPU ran out of memory while running ${kernels} queued kernel(s): ${gpuError.message.trim()}. The tensors computed by that work are unusable (reading them throws this error); tensors computed before it are intact. Free memory (dispose tensors, use tidy(), smaller batches) and compute them again.`,
      { cause: gpuError },
    );
  }
  return new WebGpuError(
    'gpu-error',
    `${name}: the GPU rejected ${kernels} queued kernel(s): ${gpuError.message.trim()}. The tensors computed by that work are unusable (reading them throws this error); tensors computed before it are intact. If it used a buffer whose allocation failed (out of memory), that is the cause; otherwise this is a bug in @tessera/backend-webgpu (unless other code shares the device): please report it with the op that failed.`,
    { cause: gpuError },
  );
}
