/**
 * The linear-memory allocator: blocks are handed out by size class (quarter steps between powers of two, at
 * least 64 bytes, 16-byte aligned) from per-class free lists, or bumped off the top of the heap, growing the
 * WebAssembly.Memory as needed. Freed blocks go back to their class's list for reuse.
 */

const PAGE = 65536;
const MIN_BLOCK = 64;
export const WASM32_LIMIT = 2 ** 32;

/** The block size that serves a request of `bytes`. */
export function sizeClass(bytes: number): number {
  if (bytes <= MIN_BLOCK) return MIN_BLOCK;
  const p = 2 ** Math.floor(Math.log2(bytes - 1));
  const step = p / 4;
  return Math.ceil(bytes / step) * step;
}

export interface Block {
  readonly ptr: number;
  /** Bytes of the block (its size class, or more when a larger free block was reused). */
  readonly cls: number;
}

export class OutOfMemoryError extends RangeError {
  override readonly name = 'OutOfMemoryError';
}

export function fmtBytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(2)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(2)} MiB`;
  if (n >= 2 ** 10) return `${(n / 2 ** 10).toFixed(1)} KiB`;
  return `${n} bytes`;
}

export class Allocator {
  private top: number;
  private readonly freeLists = new Map<number, number[]>();
  /** Bytes in live blocks (block sizes) and their number. */
  liveBytes = 0;
  liveBlocks = 0;
  freeBytes = 0;

  constructor(
    private readonly memory: WebAssembly.Memory,
    base: number,
    /** Upper bound of the heap in bytes (the memory's maximum). */
    private readonly limit: number = WASM32_LIMIT,
  ) {
    this.top = Math.ceil(base / 64) * 64;
  }

  /** Bytes the memory currently spans. */
  get heapBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** A block of at least `bytes`; `describe` names the allocation in the out-of-memory error. */
  alloc(bytes: number, describe: () => string): Block {
    const cls = sizeClass(bytes);
    const list = this.freeLists.get(cls);
    if (list && list.length > 0) return this.take(list.pop()!, cls, true);
    if (this.ensure(this.top + cls)) {
      const ptr = this.top;
      this.top += cls;
      return this.take(ptr, cls, false);
    }
    // Out of room at the top: return free blocks that end at the top, then try the smallest larger free block.
    this.trimTop();
    if (this.ensure(this.top + cls)) {
      const ptr = this.top;
      this.top += cls;
      return this.take(ptr, cls, false);
    }
    let best = -1;
    for (const [c, l] of this.freeLists) if (c >= cls && l.length > 0 && (best < 0 || c < best)) best = c;
    if (best > 0) return this.take(this.freeLists.get(best)!.pop()!, best, true);
    throw new OutOfMemoryError(
      `wasm backend: out of memory allocating ${describe()} (${fmtBytes(bytes)}): linear memory cannot grow past ` +
        `the ${fmtBytes(this.limit)} wasm32 limit (${fmtBytes(this.liveBytes)} in ${this.liveBlocks} live blocks, ` +
        `${fmtBytes(this.freeBytes)} free in other size classes). Dispose tensors you no longer need (tidy/dispose).`,
    );
  }

  free(block: Block): void {
    let list = this.freeLists.get(block.cls);
    if (!list) this.freeLists.set(block.cls, (list = []));
    list.push(block.ptr);
    this.liveBytes -= block.cls;
    this.liveBlocks--;
    this.freeBytes += block.cls;
  }

  private take(ptr: number, cls: number, fromFree: boolean): Block {
    if (fromFree) this.freeBytes -= cls;
    this.liveBytes += cls;
    this.liveBlocks++;
    return { ptr, cls };
  }

  /** Grows the memory so that it spans `end` bytes; false when that is past the limit or the grow fails. */
  private ensure(end: number): boolean {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return true;
    if (end > this.limit) return false;
    const needPages = Math.ceil((end - have) / PAGE);
    const maxPages = Math.floor((this.limit - have) / PAGE);
    // Grow by at least a quarter of the current size so that a growing workload does not grow every call.
    const want = Math.min(maxPages, Math.max(needPages, Math.ceil(have / PAGE / 4)));
    for (const pages of want > needPages ? [want, needPages] : [needPages]) {
      try {
        this.memory.grow(pages);
        return true;
      } catch {
        // The engine could not provide that much: try the minimum, then give up.
      }
    }
    return false;
  }

  /** Moves the top down over free blocks that end at it. */
  private trimTop(): void {
    const byEnd = new Map<number, [number, number]>();
    for (const [c, l] of this.freeLists) for (const p of l) byEnd.set(p + c, [p, c]);
    for (let e = byEnd.get(this.top); e; e = byEnd.get(this.top)) {
      const [p, c] = e;
      const l = this.freeLists.get(c)!;
      l.splice(l.lastIndexOf(p), 1);
      this.freeBytes -= c;
      this.top = p;
    }
  }
}
