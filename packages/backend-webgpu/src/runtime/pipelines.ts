import { ShaderStage } from './usage.js';

/** What a kernel needs compiled: its WGSL and how many read-only and read-write storage buffers it binds. */
export interface KernelSource {
  code: string;
  reads: number;
  writes: number;
}

const PROFILE = typeof process !== 'undefined' && Boolean(process.env?.TESSERA_WEBGPU_PROFILE);

export interface CompiledKernel {
  pipeline: GPUComputePipeline;
  layout: GPUBindGroupLayout;
}

/**
 * Compiled pipelines keyed by kernel, dtypes, ranks and binding pattern (never by shapes, strides or constants:
 * those travel in uniforms), so one pipeline serves every size. Bounded: least recently used entries are dropped.
 * Bind group layouts are explicit (uniform at binding 0, then read-only storage, then read-write storage) so the
 * same layout serves every kernel with the same binding counts.
 */
export class PipelineCache {
  private readonly pipelines = new Map<string, CompiledKernel>();
  private readonly layouts = new Map<string, { group: GPUBindGroupLayout; pipeline: GPUPipelineLayout }>();
  compiled = 0;
  /** Milliseconds spent creating pipelines (shader compilation is synchronous in Dawn and slow on lavapipe). */
  compileMs = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly limit = 1024,
  ) {}

  get(key: string, source: () => KernelSource): CompiledKernel {
    const hit = this.pipelines.get(key);
    if (hit) {
      this.pipelines.delete(key);
      this.pipelines.set(key, hit);
      return hit;
    }
    const t0 = performance.now();
    const src = source();
    const layout = this.layout(src.reads, src.writes);
    const module = this.device.createShaderModule({ code: src.code, label: key.slice(0, 200) });
    const pipeline = this.device.createComputePipeline({ layout: layout.pipeline, compute: { module, entryPoint: 'main' }, label: key.slice(0, 200) });
    const entry = { pipeline, layout: layout.group };
    this.compiled++;
    const ms = performance.now() - t0;
    this.compileMs += ms;
    if (PROFILE) console.log(`[webgpu] compiled ${key.slice(0, 120)} in ${ms.toFixed(0)} ms`);
    this.pipelines.set(key, entry);
    if (this.pipelines.size > this.limit) this.pipelines.delete(this.pipelines.keys().next().value!);
    return entry;
  }

  get size(): number {
    return this.pipelines.size;
  }

  private layout(reads: number, writes: number) {
    const key = `${reads}/${writes}`;
    let l = this.layouts.get(key);
    if (!l) {
      const entries: GPUBindGroupLayoutEntry[] = [{ binding: 0, visibility: ShaderStage.COMPUTE, buffer: { type: 'uniform' } }];
      for (let i = 0; i < reads; i++) entries.push({ binding: 1 + i, visibility: ShaderStage.COMPUTE, buffer: { type: 'read-only-storage' } });
      for (let i = 0; i < writes; i++) entries.push({ binding: 1 + reads + i, visibility: ShaderStage.COMPUTE, buffer: { type: 'storage' } });
      const group = this.device.createBindGroupLayout({ entries });
      l = { group, pipeline: this.device.createPipelineLayout({ bindGroupLayouts: [group] }) };
      this.layouts.set(key, l);
    }
    return l;
  }
}
