import type { GpuHandle } from './handle.js';
import { ELEMENT_BYTES } from './handle.js';
import { BufferPool } from './pool.js';
import { BufferUsage, MapMode, STAGING_USAGE } from './usage.js';
import { allocationFailed, batchFailed } from '../errors.js';
import { uniformVec4s } from '../wgsl/program.js';

/** A kernel launch: pipeline, buffers (read-only then read-write), uniform words and workgroup count. */
export interface Dispatch {
  /** Compiles or fetches the pipeline; called inside the batch's error scopes so compile errors land there. */
  kernel: () => { pipeline: GPUComputePipeline; layout: GPUBindGroupLayout };
  reads: readonly GpuHandle[];
  writes: readonly GpuHandle[];
  uniforms: Uint32Array;
  workgroups: number;
  /** A 3-D grid (matMul) instead of `workgroups`. */
  grid?: [number, number, number] | undefined;
}

const MAX_DISPATCHES_PER_BATCH = 64;
const ARENA_BYTES = 64 * 1024;
const MAX_WORKGROUPS_PER_DIM = 65535;

/**
 * Orders all GPU work of one backend. Dispatches are recorded into one shared command encoder (inside one compute
 * pass) and submitted in batches: every MAX_DISPATCHES_PER_BATCH dispatches, before a read, on flush. Each batch
 * runs inside GPU error scopes, so a failure (out of memory, validation) is pinned to the batch and to the tensors
 * it wrote. Uniforms of a batch are packed into one arena buffer written just before the batch is submitted.
 * Freed buffers return to the pool only once the batch that used them is submitted: `queue.writeBuffer` runs at
 * once on the queue timeline, so a buffer still read by unsubmitted work must not be handed out and overwritten.
 */
export class Scheduler {
  batchId = 0;
  private open = false;
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private dispatches = 0;
  private readonly arena: GPUBuffer;
  private readonly arenaHost = new Uint32Array(ARENA_BYTES / 4);
  private arenaUsed = 0;
  private readonly align: number;
  private readonly pendingRelease: GPUBuffer[] = [];
  /** Outcome of each batch whose error scopes have not resolved yet. */
  private readonly unresolved = new Map<number, Promise<void>>();
  private readonly failed = new Map<number, Error>();
  readonly staging: BufferPool;
  submits = 0;
  /** Buffers whose creation failed (out of memory): never pooled; handles on them report the error. */
  private readonly badBuffers = new WeakMap<GPUBuffer, Error>();
  private submitAfter = false;

  constructor(
    private readonly device: GPUDevice,
    private readonly name: string,
    private readonly pool: BufferPool,
  ) {
    this.align = Math.max(16, device.limits.minUniformBufferOffsetAlignment);
    this.arena = device.createBuffer({ size: ARENA_BYTES, usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST });
    this.staging = new BufferPool((size, usage) => device.createBuffer({ size, usage }), 64 * 1024 * 1024);
  }

  /** Starts a batch (its error scopes) if none is open. Every GPU call of the backend happens inside one. */
  begin(): void {
    if (this.open) return;
    this.device.pushErrorScope('out-of-memory');
    this.device.pushErrorScope('validation');
    this.device.pushErrorScope('internal');
    this.batchId++;
    this.open = true;
  }

  /**
   * Creates a GPU buffer inside its own error scopes. A failure (out of memory) is known only later: the buffer
   * is then marked bad, dropped from the pool if it got there, and every handle on it reports the error.
   */
  createBuffer(size: number, usage: number, onBad: (buffer: GPUBuffer) => void): GPUBuffer {
    this.device.pushErrorScope('out-of-memory');
    this.device.pushErrorScope('validation');
    const buffer = this.device.createBuffer({ size, usage });
    this.unchecked.add(buffer);
    const check = Promise.all([this.device.popErrorScope(), this.device.popErrorScope()]).then(
      (errors) => {
        this.unchecked.delete(buffer);
        const e = errors.find((x): x is GPUError => x !== null);
        if (e) {
          this.badBuffers.set(buffer, allocationFailed(this.name, size, e));
          onBad(buffer);
        }
      },
      () => {},
    );
    this.pendingChecks.add(check);
    void check.then(() => this.pendingChecks.delete(check));
    return buffer;
  }

  private readonly pendingChecks = new Set<Promise<void>>();
  /** Buffers whose creation outcome is not known yet: work reading them is submitted on its own. */
  private readonly unchecked = new Set<GPUBuffer>();

  private readsUnchecked(hs: readonly GpuHandle[]): boolean {
    if (this.unchecked.size === 0) return false;
    for (const h of hs) if (this.unchecked.has(h.buffer)) return true;
    return false;
  }

  /** Whether a buffer's creation is known to have failed. */
  isBad(buffer: GPUBuffer): boolean {
    return this.badBuffers.has(buffer);
  }

  /** Marks a handle as written by the current batch (its contents now depend on this batch's outcome). */
  written(h: GpuHandle, from: readonly GpuHandle[]): void {
    if (h.fresh) {
      h.fresh = false;
      this.submitAfter = true;
    }
    const deps = new Set<number>([this.batchId]);
    for (const x of from) for (const d of x.deps) if (this.unresolved.has(d) || d === this.batchId) deps.add(d);
    for (const d of h.deps) if (this.unresolved.has(d)) deps.add(d);
    h.deps = [...deps];
    h.lastUse = this.batchId;
  }

  /** A known failure among the handles' dependencies, if any. */
  faultOf(hs: readonly GpuHandle[]): Error | null {
    for (const h of hs) {
      if (h.fault) return h.fault;
      const bad = this.badBuffers.get(h.buffer);
      if (bad) return (h.fault = bad);
      for (const d of h.deps) {
        const f = this.failed.get(d);
        if (f) return (h.fault = f);
      }
    }
    return null;
  }

  dispatch(d: Dispatch): void {
    // Work that reads a buffer whose allocation may yet turn out to have failed runs in a batch of its own, so
    // a failure cannot take unrelated work queued with it down too.
    if (this.readsUnchecked(d.reads)) {
      this.submit();
      this.submitAfter = true;
    }
    // The binding covers the shader's whole uniform block, which is padded to a power-of-two size.
    const bytes = uniformVec4s(d.uniforms.length) * 16;
    const offset = Math.ceil(this.arenaUsed / this.align) * this.align;
    if (offset + bytes > ARENA_BYTES) this.submit();
    this.begin();
    const { pipeline, layout } = d.kernel();
    const at = Math.ceil(this.arenaUsed / this.align) * this.align;
    this.arenaHost.set(d.uniforms, at / 4);
    this.arenaUsed = at + bytes;
    const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: this.arena, offset: at, size: bytes } }];
    let b = 1;
    for (const h of d.reads) entries.push({ binding: b++, resource: { buffer: h.buffer } });
    for (const h of d.writes) entries.push({ binding: b++, resource: { buffer: h.buffer } });
    const group = this.device.createBindGroup({ layout, entries });
    const pass = this.computePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    const [x, y, z] = d.grid ?? split(d.workgroups);
    pass.dispatchWorkgroups(x, y, z);
    for (const h of d.reads) h.lastUse = this.batchId;
    for (const h of d.writes) this.written(h, d.reads);
    if (++this.dispatches >= MAX_DISPATCHES_PER_BATCH) this.submit();
    else this.submitIfFresh();
  }

  /** Submits at once when the work just recorded is the first use of a fresh buffer (see GpuHandle.fresh). */
  submitIfFresh(): void {
    if (!this.submitAfter) return;
    this.submitAfter = false;
    this.submit();
  }

  /** Zero-fills a handle's buffer (scatterAdd accumulates into it). */
  clear(h: GpuHandle): void {
    this.begin();
    this.endPass();
    this.commandEncoder().clearBuffer(h.buffer, 0, h.buffer.size);
    this.written(h, []);
  }

  /** Copies a handle's contents to the host. Submits pending work, then maps a pooled staging buffer. */
  async read(h: GpuHandle, lostCheck: () => Promise<never | void>): Promise<Uint32Array> {
    const bytes = Math.max(h.size, 1) * ELEMENT_BYTES;
    if (this.readsUnchecked([h])) this.submit();
    this.begin();
    const { buffer: staging } = this.staging.acquire(bytes, STAGING_USAGE);
    this.endPass();
    this.commandEncoder().copyBufferToBuffer(h.buffer, 0, staging, 0, bytes);
    h.lastUse = this.batchId;
    const deps = [...new Set([...h.deps, this.batchId])];
    this.submit();
    try {
      await staging.mapAsync(MapMode.READ, 0, bytes);
    } catch (err) {
      await lostCheck();
      throw err;
    }
    try {
      await Promise.all([...deps.map((d) => this.unresolved.get(d)), ...this.pendingChecks]);
      const fault = this.faultOf([{ ...h, deps }]);
      if (fault) throw fault;
      return new Uint32Array(staging.getMappedRange(0, bytes).slice(0));
    } finally {
      staging.unmap();
      this.staging.release(staging);
    }
  }

  /** Returns a buffer to the pool once no unsubmitted work uses it. */
  release(h: GpuHandle): void {
    if (this.badBuffers.has(h.buffer)) this.pool.forget(h.buffer);
    else if (this.open && h.lastUse === this.batchId) this.pendingRelease.push(h.buffer);
    else this.pool.release(h.buffer);
  }

  /** Submits the open batch (if any) and closes its error scopes. */
  submit(): void {
    if (!this.open) return;
    this.endPass();
    const kernels = this.dispatches;
    if (this.encoder) {
      if (this.arenaUsed > 0) this.device.queue.writeBuffer(this.arena, 0, this.arenaHost.buffer, 0, this.arenaUsed);
      this.device.queue.submit([this.encoder.finish()]);
      this.submits++;
    }
    const id = this.batchId;
    const scopes = [this.device.popErrorScope(), this.device.popErrorScope(), this.device.popErrorScope()];
    const outcome = Promise.all(scopes).then(
      (errors) => {
        const e = errors.find((x): x is GPUError => x !== null);
        if (e) this.failed.set(id, batchFailed(this.name, e, kernels));
        this.unresolved.delete(id);
      },
      () => void this.unresolved.delete(id),
    );
    this.unresolved.set(id, outcome);
    this.open = false;
    this.encoder = null;
    this.dispatches = 0;
    this.arenaUsed = 0;
    for (const b of this.pendingRelease) {
      if (this.badBuffers.has(b)) this.pool.forget(b);
      else this.pool.release(b);
    }
    this.pendingRelease.length = 0;
  }

  /** Submits, then waits for the GPU to finish everything queued and for every batch's outcome. */
  async flush(): Promise<void> {
    this.submit();
    await this.device.queue.onSubmittedWorkDone();
    await Promise.all([...this.unresolved.values(), ...this.pendingChecks]);
  }

  destroy(): void {
    if (this.open) {
      this.pass?.end();
      this.pass = null;
      this.encoder = null;
      // Close the scopes so a shared device is left as we found it.
      for (let i = 0; i < 3; i++) this.device.popErrorScope().catch(() => {});
      this.open = false;
    }
    this.staging.clear();
    this.arena.destroy();
  }

  private commandEncoder(): GPUCommandEncoder {
    return (this.encoder ??= this.device.createCommandEncoder());
  }

  private computePass(): GPUComputePassEncoder {
    return (this.pass ??= this.commandEncoder().beginComputePass());
  }

  private endPass(): void {
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
  }
}

/** Splits a workgroup count over x and y (each at most 65535); kernels rebuild the linear id. */
export function split(n: number): [number, number, number] {
  if (n <= MAX_WORKGROUPS_PER_DIM) return [Math.max(n, 1), 1, 1];
  const y = Math.ceil(n / MAX_WORKGROUPS_PER_DIM);
  return [Math.ceil(n / y), y, 1];
}
