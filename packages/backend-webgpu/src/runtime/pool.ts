import { BufferUsage } from './usage.js';

/**
 * Buffers are recycled by size class and usage: a request is rounded up to its class (powers of two up to 64 KiB,
 * then quarter steps, so at most 25% is wasted) and served from the free list of that class when it has one.
 * Keying by class rather than exact size lets a training loop whose shapes vary a little reuse buffers anyway.
 * Free lists are bounded in bytes: beyond `maxPooledBytes` the oldest free buffers are destroyed.
 */
export function sizeClass(bytes: number): number {
  const b = Math.max(16, Math.ceil(bytes / 16) * 16);
  if (b <= 65536) return 2 ** Math.ceil(Math.log2(b));
  const e = 2 ** Math.floor(Math.log2(b));
  const quarter = e / 4;
  return Math.ceil(b / quarter) * quarter;
}

export interface PoolStats {
  /** Bytes of pooled buffers currently handed out (by class size). */
  bytesInUse: number;
  /** Bytes of buffers waiting in the free lists. */
  bytesPooled: number;
  buffersPooled: number;
  /** GPU buffers created over the pool's life (misses). */
  created: number;
}

export class BufferPool {
  private readonly free = new Map<string, GPUBuffer[]>();
  /** Insertion order of free buffers across classes, oldest first, for trimming. */
  private readonly order = new Set<GPUBuffer>();
  private bytesInUse = 0;
  private bytesPooled = 0;
  private created = 0;

  /**
   * `beforeCreate` runs on a miss, before a new buffer is created: the backend submits its queued work there,
   * which returns the buffers freed meanwhile to the pool, so the request is tried once more first.
   */
  constructor(
    private readonly create: (size: number, usage: number) => GPUBuffer,
    private readonly maxPooledBytes: number,
    private readonly beforeCreate: () => void = () => {},
  ) {}

  /** A buffer of at least `bytes` with `usage`; `fresh` tells whether it was just created (a pool miss). */
  acquire(bytes: number, usage: number): { buffer: GPUBuffer; fresh: boolean } {
    const size = sizeClass(bytes);
    const key = `${usage}:${size}`;
    let buffer = this.free.get(key)?.pop();
    if (!buffer) {
      this.beforeCreate();
      buffer = this.free.get(key)?.pop();
    }
    this.bytesInUse += size;
    if (buffer) {
      this.bytesPooled -= size;
      this.order.delete(buffer);
      return { buffer, fresh: false };
    }
    this.created++;
    return { buffer: this.create(size, usage), fresh: true };
  }

  /** Returns a buffer for reuse. Callers only release buffers no unsubmitted GPU work still uses. */
  release(buffer: GPUBuffer): void {
    const size = buffer.size;
    const key = `${buffer.usage}:${size}`;
    this.bytesInUse -= size;
    let list = this.free.get(key);
    if (!list) this.free.set(key, (list = []));
    list.push(buffer);
    this.order.add(buffer);
    this.bytesPooled += size;
    for (const old of this.order) {
      if (this.bytesPooled <= this.maxPooledBytes) break;
      this.order.delete(old);
      const l = this.free.get(`${old.usage}:${old.size}`)!;
      l.splice(l.indexOf(old), 1);
      this.bytesPooled -= old.size;
      old.destroy();
    }
  }

  /** Drops a buffer found to be unusable (its creation failed) from the free lists, if it is there. */
  discard(buffer: GPUBuffer): void {
    const l = this.free.get(`${buffer.usage}:${buffer.size}`);
    const i = l ? l.indexOf(buffer) : -1;
    if (i < 0) return;
    l!.splice(i, 1);
    this.order.delete(buffer);
    this.bytesPooled -= buffer.size;
    buffer.destroy();
  }

  /** Forgets a buffer handed out that will not come back (destroyed because it is unusable). */
  forget(buffer: GPUBuffer): void {
    this.bytesInUse -= buffer.size;
    buffer.destroy();
  }

  stats(): PoolStats {
    let buffersPooled = 0;
    for (const l of this.free.values()) buffersPooled += l.length;
    return { bytesInUse: this.bytesInUse, bytesPooled: this.bytesPooled, buffersPooled, created: this.created };
  }

  /** Destroys every pooled buffer (buffers in use are the owner's to destroy). */
  clear(): void {
    for (const l of this.free.values()) for (const b of l) b.destroy();
    this.free.clear();
    this.order.clear();
    this.bytesPooled = 0;
  }
}

export { BufferUsage };
