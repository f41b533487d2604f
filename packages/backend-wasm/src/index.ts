export { wasm } from './factory.js';
export type { WasmBackendOptions } from './factory.js';
export type { WasmBackend } from './backend.js';
export type { WasmBuffer } from './context.js';
export { OutOfMemoryError } from './allocator.js';
