import type { BackendV1, DType, KernelsV1, TypedArray } from '@tessera/core';
import { newArray } from './buffers.js';
import { elementwise } from './kernels/elementwise.js';
import { reduce } from './kernels/reduce.js';
import { matMul } from './kernels/matmul.js';
import { fusedMatMul } from './kernels/fused-matmul.js';
import { assign, gather, scan, scatterAdd, topk } from './kernels/indexing.js';

export interface CpuBackendOptions {
  /** Registry name; change it to run two CPU backends side by side. Default 'cpu'. */
  name?: string;
}

/** The pure-TypeScript backend: buffers are typed arrays, every read is synchronous. */
class CpuBackend implements BackendV1<TypedArray> {
  readonly specificationVersion = 'v1' as const;
  readonly name: string;
  readonly capabilities = {
    dtypes: ['float32', 'int32', 'bool', 'float64'] as const,
    syncRead: true,
    maxBufferBytes: 2 ** 31 - 1,
  };
  private liveBuffers = 0;
  private liveBytes = 0;
  private disposed = false;

  readonly kernels: KernelsV1<TypedArray>;

  constructor(options: CpuBackendOptions = {}) {
    this.name = options.name ?? 'cpu';
    const track = <T extends TypedArray>(a: T): T => {
      this.liveBuffers++;
      this.liveBytes += a.byteLength;
      return a;
    };
    this.kernels = {
      elementwise: (expr, inputs, shape, dtype) => track(elementwise(expr, inputs, shape, dtype)),
      reduce: (op, x, rank, dtype) => track(reduce(op, x, rank, dtype)),
      matMul: (a, b, dtype) => track(matMul(a, b, dtype)),
      fusedMatMul: (a, b, bias, act, alpha, dtype) => track(fusedMatMul(a, b, bias, act, alpha, dtype)),
      gather: (x, idx) => track(gather(x, idx)),
      scatterAdd: (u, idx, n) => track(scatterAdd(u, idx, n)),
      assign: (t, s, mode) => assign(t, s, mode),
      scan: (op, x, ex, rev) => track(scan(op, x, ex, rev)),
      topk: (x, k, largest) => {
        const r = topk(x, k, largest);
        return { values: track(r.values), indices: track(r.indices) };
      },
    };
  }

  alloc(dtype: DType, size: number): TypedArray {
    this.assertLive();
    const a = newArray(dtype, size);
    this.liveBuffers++;
    this.liveBytes += a.byteLength;
    return a;
  }

  write(buffer: TypedArray, data: TypedArray): void {
    if (data.length !== buffer.length) {
      throw new RangeError(`cpu.write: expected ${buffer.length} values. Received: ${data.length}`);
    }
    buffer.set(data);
  }

  async read(buffer: TypedArray): Promise<TypedArray> {
    return buffer.slice();
  }

  readSync(buffer: TypedArray): TypedArray {
    return buffer.slice();
  }

  free(buffer: TypedArray): void {
    this.liveBuffers--;
    this.liveBytes -= buffer.byteLength;
  }

  async flush(): Promise<void> {}

  memory() {
    return { buffers: this.liveBuffers, bytes: this.liveBytes };
  }

  dispose(): void {
    this.disposed = true;
  }

  private assertLive(): void {
    if (this.disposed) throw new Error(`The '${this.name}' backend has been disposed; create a new one with cpu().`);
  }
}

/** Creates a CPU backend. Nothing is registered until you pass it to `setBackend`. */
export function cpu(options: CpuBackendOptions = {}): BackendV1<TypedArray> {
  return new CpuBackend(options);
}
