import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tessera/core';
import type { AnyBackend } from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import * as tfjs from '@tensorflow/tfjs';

/**
 * Backend pairs: each Tessera backend against the TensorFlow.js backend of the same kind, in one process.
 * The wasm and webgpu packages of Tessera are loaded by name at run time, so this app builds and runs while they
 * are missing or unfinished; a pair whose factory does not resolve is reported as unavailable.
 */
export const BACKEND_IDS = ['cpu', 'wasm', 'wasm-1t', 'webgpu'] as const;
export type BackendId = (typeof BACKEND_IDS)[number];

export interface BackendPair {
  id: BackendId;
  /** What runs on each side, for the report. */
  ours: string;
  theirs: string;
  /** Makes both libraries' default backend this pair's (Tessera's setBackend, tfjs's setBackend). */
  activate(): Promise<void>;
}

export interface UnavailablePair {
  id: BackendId;
  unavailable: string;
}

const require = createRequire(import.meta.url);

/** Loads a module by a name TypeScript does not follow, so a package that is still being written cannot break the build. */
async function importByName(name: string): Promise<Record<string, unknown>> {
  return (await import(name)) as Record<string, unknown>;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}

let tfjsWasmReady: Promise<void> | null = null;

/** Registers tfjs-backend-wasm with its .wasm binaries read from the package's dist folder. */
function loadTfjsWasm(): Promise<void> {
  tfjsWasmReady ??= (async () => {
    const mod = await import('@tensorflow/tfjs-backend-wasm');
    const dist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
    mod.setWasmPaths(dist);
  })();
  return tfjsWasmReady;
}

let dawn: Promise<unknown> | null = null;

/**
 * One Dawn instance (the `webgpu` package) for both libraries: installed as navigator.gpu, which tfjs-backend-webgpu
 * reads when it is imported and Tessera's webgpu() factory reads when it is called.
 */
function dawnGpu(): Promise<unknown> {
  dawn ??= (async () => {
    const g = globalThis as { navigator?: { gpu?: unknown } };
    if (g.navigator?.gpu) return g.navigator.gpu;
    const mod = await importByName('webgpu');
    const gpu = (mod.create as (o: string[]) => unknown)([]);
    Object.assign(globalThis, mod.globals as object);
    if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
    else {
      Object.defineProperty(globalThis, 'navigator', {
        value: { gpu, userAgent: `Node.js ${process.version}`, hardwareConcurrency: availableParallelism() },
        configurable: true,
        writable: true,
      });
    }
    return gpu;
  })();
  return dawn;
}

async function tesseraWasm(threads: number | undefined, name: string): Promise<AnyBackend> {
  const mod = await importByName('@tessera/backend-wasm');
  if (typeof mod.wasm !== 'function') throw new Error('@tessera/backend-wasm exports no wasm() factory');
  const opts: Record<string, unknown> = { name };
  if (threads !== undefined) opts.threads = threads;
  return (await (mod.wasm as (o: object) => Promise<AnyBackend>)(opts)) as AnyBackend;
}

function describeWasm(be: AnyBackend): string {
  const f = (be as { features?: { threads?: number; relaxedSimd?: boolean } }).features;
  return f ? `Tessera wasm (${f.threads ?? '?'} thread${f.threads === 1 ? '' : 's'}${f.relaxedSimd ? ', relaxed SIMD' : ', SIMD'})` : 'Tessera wasm';
}

async function useTfjs(name: string): Promise<void> {
  if (tfjs.getBackend() === name) return;
  const ok = await tfjs.setBackend(name);
  if (!ok) throw new Error(`tfjs could not initialise its '${name}' backend`);
  await tfjs.ready();
}

/** Builds one pair, or says why it cannot run here. */
export async function preparePair(id: BackendId): Promise<BackendPair | UnavailablePair> {
  let ours: AnyBackend;
  let theirs: string;
  let tfjsName: string;
  try {
    switch (id) {
      case 'cpu':
        ours = tf.listBackends().includes('cpu') ? tf.getBackend('cpu') : cpu();
        tfjsName = 'cpu';
        theirs = 'tfjs cpu (pure JS)';
        break;
      case 'wasm':
      case 'wasm-1t': {
        const name = id === 'wasm' ? 'wasm' : 'wasm-1t';
        ours = tf.listBackends().includes(name) ? tf.getBackend(name) : await tesseraWasm(id === 'wasm' ? undefined : 1, name);
        await loadTfjsWasm();
        tfjsName = 'wasm';
        // tfjs-backend-wasm turns threads off in Node (WASM_HAS_MULTITHREAD_SUPPORT is false there: tfjs#3830).
        theirs = 'tfjs wasm (XNNPACK, SIMD, 1 thread: tfjs-backend-wasm has no threads in Node)';
        break;
      }
      case 'webgpu': {
        const mod = await importByName('@tessera/backend-webgpu');
        if (typeof mod.webgpu !== 'function') throw new Error('@tessera/backend-webgpu exports no webgpu() factory');
        await dawnGpu();
        ours = tf.listBackends().includes('webgpu') ? tf.getBackend('webgpu') : await (mod.webgpu as () => Promise<AnyBackend>)();
        await import('@tensorflow/tfjs-backend-webgpu');
        tfjsName = 'webgpu';
        theirs = 'tfjs webgpu (same Dawn instance)';
        break;
      }
    }
    tf.registerBackend(ours);
    await useTfjs(tfjsName);
  } catch (e) {
    return { id, unavailable: firstLine(e) };
  }
  const label = id === 'cpu' ? 'Tessera cpu (TypeScript)' : id === 'webgpu' ? 'Tessera webgpu' : describeWasm(ours);
  return {
    id,
    ours: label,
    theirs,
    activate: async () => {
      await tf.setBackend(ours);
      await useTfjs(tfjsName);
    },
  };
}

export function isAvailable(p: BackendPair | UnavailablePair): p is BackendPair {
  return !('unavailable' in p);
}
