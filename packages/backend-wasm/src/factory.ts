import type { BackendV1 } from '@tessera/core';
import { WasmBackend, inlineExecutor } from './backend.js';
import type { Executor } from './backend.js';
import type { WasmBuffer } from './context.js';
import { canShareMemory, compileVariant, hasSimd, instantiate } from './module.js';

export interface WasmBackendOptions {
  /** Registry name; change it to run two WASM backends side by side. Default 'wasm'. */
  name?: string;
  /**
   * Threads for large kernels, the calling thread included. Default: the available cores. Needs shared memory
   * (Node, or a cross-origin-isolated page); otherwise the backend runs on one thread and says so once.
   */
  threads?: number;
  /** Use relaxed-SIMD FMA where the engine has it (default true). */
  relaxedSimd?: boolean;
}

const INITIAL_PAGES = 256; // 16 MiB; grows on demand
const MAX_PAGES = 65536; // 4 GiB

/**
 * Creates a WebAssembly backend. Async because compiling and instantiating wasm is; nothing is registered until
 * you pass it to `setBackend`.
 */
export async function wasm(options: WasmBackendOptions = {}): Promise<BackendV1<WasmBuffer>> {
  const name = options.name ?? 'wasm';
  if (options.threads !== undefined && !(Number.isInteger(options.threads) && options.threads >= 1)) {
    throw new TypeError(`wasm: invalid value for argument \`options.threads\`. Expected an integer >= 1. Received: ${String(options.threads)}`);
  }
  if (!hasSimd()) {
    throw new Error('wasm: this JavaScript engine does not support WebAssembly SIMD (128-bit), which the wasm backend needs. Use the cpu backend instead.');
  }
  const threads = 1;
  const shared = false;
  const wantRelaxed = options.relaxedSimd ?? true;
  let module = wantRelaxed ? await compileVariant({ relaxed: true, shared }) : null;
  const relaxed = module !== null;
  module ??= await compileVariant({ relaxed: false, shared });
  if (!module) throw new Error('wasm: the kernels do not validate on this engine');
  void canShareMemory;
  const memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES });
  const exports = await instantiate(module, memory);
  const executor: Executor = inlineExecutor;
  return new WasmBackend({ name, memory, exports, executor, features: { relaxedSimd: relaxed, threads, sharedMemory: shared } });
}
