/**
 * Loading the kernels: the .wasm files ship in dist/wasm/ (built from assembly/ by scripts/build-wasm.mjs) and are
 * found relative to this module, from src/ (tests) and dist/ (published) alike. Four variants exist; which one
 * runs is decided by feature detection: relaxed-SIMD FMA where the engine validates it (Node 20 needs
 * --experimental-wasm-relaxed-simd), shared memory where threads are possible.
 */

export interface KernelExports {
  heapBase(): number;
  ewRun(P: number, T: number, start: number, end: number): void;
  ewF32(P: number, T: number, start: number, end: number): void;
  reduceRows(P: number, T: number, o0: number, o1: number): void;
  reduceCols(P: number, T: number, r0: number, r1: number): void;
  mmF32(P: number, T: number, i0: number, i1: number, j0: number, j1: number): void;
  mmGeneric(P: number, T: number, i0: number, i1: number): void;
  assignRows(P: number, T: number, r0: number, r1: number): void;
  checkIndices(iptr: number, k: number, sk: number, n: number): number;
  gather(P: number, T: number, o0: number, o1: number): void;
  scatterAdd(P: number, T: number, o0: number, o1: number): void;
  scan(P: number, T: number, o0: number, o1: number): void;
}

export type KernelName = Exclude<keyof KernelExports, 'heapBase' | 'checkIndices'>;

export interface Variant {
  relaxed: boolean;
  shared: boolean;
}

function variantUrl(v: Variant): URL {
  // Literal `new URL(..., import.meta.url)` calls so that bundlers see and copy each file.
  if (v.shared) {
    return v.relaxed
      ? new URL('../dist/wasm/kernels-mt-relaxed.wasm', import.meta.url)
      : new URL('../dist/wasm/kernels-mt.wasm', import.meta.url);
  }
  return v.relaxed ? new URL('../dist/wasm/kernels-relaxed.wasm', import.meta.url) : new URL('../dist/wasm/kernels.wasm', import.meta.url);
}

async function fetchBytes(url: URL): Promise<Uint8Array<ArrayBuffer>> {
  if (url.protocol === 'file:') {
    const fs = await import('node:fs/promises');
    try {
      const b = await fs.readFile(url);
      return new Uint8Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
    } catch (err) {
      throw new Error(
        `wasm backend: cannot read the kernels at ${url.pathname}: ${(err as Error).message}. ` +
          'Build them with `pnpm --filter @tessera/backend-wasm build:wasm` (pnpm install does this).',
      );
    }
  }
  const res = await fetch(url);
  if (!res.ok) throw new Error(`wasm backend: cannot fetch the kernels from ${url.href}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

const compiled = new Map<string, Promise<WebAssembly.Module | null>>();

/** The compiled module for a variant, or null when this engine does not validate it (e.g. no relaxed SIMD). */
export function compileVariant(v: Variant): Promise<WebAssembly.Module | null> {
  const key = `${v.relaxed}/${v.shared}`;
  let p = compiled.get(key);
  if (!p) {
    p = (async () => {
      const buf = await fetchBytes(variantUrl(v));
      if (!WebAssembly.validate(buf)) return null;
      return WebAssembly.compile(buf);
    })();
    compiled.set(key, p);
  }
  return p;
}

// (module (func (result v128) v128.const i32x4 0 0 0 0)): validates only where 128-bit SIMD exists.
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 11,
]);

export function hasSimd(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
}

/** Whether shared memory and workers can be used here (browsers: only when cross-origin isolated). */
export function canShareMemory(): boolean {
  if (typeof SharedArrayBuffer === 'undefined') return false;
  const g = globalThis as { crossOriginIsolated?: boolean; process?: { versions?: { node?: string } } };
  if (g.process?.versions?.node) return true;
  return g.crossOriginIsolated === true;
}

export async function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): Promise<KernelExports> {
  const instance = await WebAssembly.instantiate(module, {
    env: {
      memory,
      abort: () => {
        throw new Error('wasm backend: a kernel aborted');
      },
    },
  });
  return instance.exports as unknown as KernelExports;
}
