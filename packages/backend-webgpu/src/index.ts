/// <reference types="@webgpu/types" preserve="true" />
export { webgpu, hasWebGpu, findGpu } from './factory.js';
export type { WebGpuBackendOptions } from './factory.js';
export type { WebGpuBackend, WebGpuMemory } from './backend.js';
export type { GpuHandle } from './runtime/handle.js';
export { WebGpuError } from './errors.js';
export type { WebGpuFault } from './errors.js';
