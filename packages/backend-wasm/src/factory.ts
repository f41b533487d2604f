import type { BackendV1 } from '@tessera/core';
import { WasmBackend, inlineExecutor } from './backend.js';
import type { Executor } from './backend.js';
import type { WasmBuffer } from './context.js';
import { canShareMemory, compileVariant, hasSimd, instantiate } from './module.js';
import { ThreadPool } from './threads/pool.js';

export interface WasmBackendOptions {
  /** Registry name; change it to run two WASM backends side by side. Default 'wasm'. */
  name?: string;
  /**
   * Threads for large kernels, the calling thread included. Default: the available cores. Needs shared memory
   * (Node, or a cross-origin-isolated page); otherwise the backend runs on one thread and says so once.
   */
  threads?: number;
  /** Use the relaxed-SIMD FMA build where the engine validates it (default true). */
  relaxedSimd?: boolean;
  /** How long a kernel waits for a worker thread before reporting it stopped (default 60 000 ms). */
  workerTimeoutMs?: number;
  /** Where notices go (falling back to one thread, a worker lost). Default console.warn. */
  onNotice?: (message: string) => void;
  /** @internal Split even tiny kernels over the threads, to test the threaded paths on small cases. */
  splitSmallKernels?: boolean;
}

const INITIAL_PAGES = 256; // 16 MiB; grows on demand
const MAX_PAGES = 65536; // 4 GiB, the wasm32 limit

async function availableCores(): Promise<number> {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  if (nav?.hardwareConcurrency) return nav.hardwareConcurrency;
  try {
    const os = await import('node:os');
    return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  } catch {
    return 1;
  }
}

/**
 * Creates a WebAssembly backend. Async because compiling and instantiating wasm (and starting workers) is;
 * nothing is registered until you pass it to `setBackend`.
 */
export async function wasm(options: WasmBackendOptions = {}): Promise<BackendV1<WasmBuffer>> {
  const name = options.name ?? 'wasm';
  const notice = options.onNotice ?? ((m: string) => console.warn(m));
  if (options.threads !== undefined && !(Number.isInteger(options.threads) && options.threads >= 1)) {
    throw new TypeError(`wasm: invalid value for argument \`options.threads\`. Expected an integer >= 1. Received: ${String(options.threads)}`);
  }
  const timeoutMs = options.workerTimeoutMs ?? 60_000;
  if (!(timeoutMs > 0)) {
    throw new TypeError(`wasm: invalid value for argument \`options.workerTimeoutMs\`. Expected a positive number. Received: ${String(options.workerTimeoutMs)}`);
  }
  if (!hasSimd()) {
    throw new Error('wasm: this JavaScript engine does not support WebAssembly SIMD (128-bit), which the wasm backend needs. Use the cpu backend instead.');
  }
  let threads = options.threads ?? (await availableCores());
  let shared = false;
  if (threads > 1) {
    if (canShareMemory()) shared = true;
    else {
      notice(`wasm backend: ${threads} threads need SharedArrayBuffer (in browsers, a cross-origin-isolated page); running on one thread.`);
      threads = 1;
    }
  }
  const wantRelaxed = options.relaxedSimd ?? true;
  let module = wantRelaxed ? await compileVariant({ relaxed: true, shared }) : null;
  const relaxed = module !== null;
  module ??= await compileVariant({ relaxed: false, shared });
  if (!module) throw new Error('wasm: the kernels do not validate on this engine');
  const memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES, shared });
  const exports = await instantiate(module, memory);
  let executor: Executor = inlineExecutor;
  if (threads > 1) {
    try {
      executor = await ThreadPool.create(module, memory, threads - 1, timeoutMs, notice);
    } catch (err) {
      notice(`wasm backend: could not start worker threads (${(err as Error).message}); running on one thread.`);
      threads = 1;
    }
  }
  return new WasmBackend({ name, memory, exports, executor, features: { relaxedSimd: relaxed, threads, sharedMemory: shared }, splitAll: options.splitSmallKernels ?? false });
}
