import { describe, expect, it } from 'vitest';
import { Allocator, OutOfMemoryError, sizeClass } from './allocator.js';

const PAGE = 65536;

describe('sizeClass', () => {
  it('rounds up to quarter steps between powers of two, at least 64 bytes, 16-byte aligned', () => {
    for (let b = 1; b < 100_000; b += 37) {
      const c = sizeClass(b);
      expect(c).toBeGreaterThanOrEqual(b);
      expect(c).toBeGreaterThanOrEqual(64);
      expect(c % 16).toBe(0);
      if (b > 64) expect(c).toBeLessThanOrEqual(b * 1.25 + 16);
    }
    expect(sizeClass(1000)).toBe(sizeClass(900));
  });
});

describe('Allocator', () => {
  it('reuses a freed block of the same size class', () => {
    const mem = new WebAssembly.Memory({ initial: 1, maximum: 64 });
    const a = new Allocator(mem, 1000);
    const x = a.alloc(1000, () => 'x');
    const y = a.alloc(5000, () => 'y');
    a.free(x);
    expect(a.freeBytes).toBe(x.cls);
    const z = a.alloc(900, () => 'z');
    expect(z.ptr).toBe(x.ptr);
    expect(a.liveBlocks).toBe(2);
    expect(a.liveBytes).toBe(x.cls + y.cls);
    expect(x.ptr % 64).toBe(0);
  });

  it('grows the memory on demand', () => {
    const mem = new WebAssembly.Memory({ initial: 1, maximum: 64 });
    const a = new Allocator(mem, 0, 64 * PAGE);
    const b = a.alloc(3 * PAGE, () => 'big');
    expect(mem.buffer.byteLength).toBeGreaterThanOrEqual(b.ptr + 3 * PAGE);
  });

  it('throws a clear out-of-memory error naming the allocation when the limit is reached', () => {
    const mem = new WebAssembly.Memory({ initial: 1, maximum: 4 });
    const a = new Allocator(mem, 0, 4 * PAGE);
    a.alloc(2 * PAGE, () => 'first');
    let err: unknown;
    try {
      a.alloc(3 * PAGE, () => 'a float32 buffer of 49152 elements');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OutOfMemoryError);
    expect(err).toBeInstanceOf(RangeError);
    expect((err as Error).message).toMatch(/out of memory allocating a float32 buffer of 49152 elements \(192\.0 KiB\)/);
    expect((err as Error).message).toMatch(/256\.0 KiB wasm32 limit/);
  });

  it('gives back free blocks at the top, and reuses larger free blocks, before reporting out of memory', () => {
    const mem = new WebAssembly.Memory({ initial: 1, maximum: 4 });
    const a = new Allocator(mem, 0, 4 * PAGE);
    const x = a.alloc(PAGE, () => 'x');
    const y = a.alloc(2 * PAGE, () => 'y');
    a.free(y);
    // y's block is free at the top: a 2.5-page block fits once the top moves down over it.
    const z = a.alloc(2.5 * PAGE, () => 'z');
    expect(z.ptr).toBe(y.ptr);
    a.free(x);
    // x's block (1 page) serves a smaller request of another class when nothing else is left.
    const w = a.alloc(0.6 * PAGE, () => 'w');
    expect(w.ptr).toBe(x.ptr);
    expect(w.cls).toBe(x.cls);
    a.free(w);
    a.free(z);
    expect(a.liveBlocks).toBe(0);
    expect(a.liveBytes).toBe(0);
  });
});
