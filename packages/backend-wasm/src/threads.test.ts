import { describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { wasm } from './index.js';
import type { WasmBackend } from './backend.js';
import type { ThreadPool } from './threads/pool.js';

async function backend(name: string, notices: string[], extra: Parameters<typeof wasm>[0] = {}) {
  return (await wasm({ name, threads: 2, onNotice: (m) => notices.push(m), ...extra })) as unknown as WasmBackend;
}

describe('threads', () => {
  it('validates the threads option', async () => {
    await expect(wasm({ threads: 0 })).rejects.toThrow(/options\.threads.*Expected an integer >= 1.*Received: 0/);
    await expect(wasm({ threads: 1.5 })).rejects.toThrow(/options\.threads/);
  });

  it('runs two threads on shared memory, and large kernels give the same results as one thread', async () => {
    const notices: string[] = [];
    const two = await backend('wasm-t2', notices);
    const one = await wasm({ name: 'wasm-t1', threads: 1 });
    expect(two.memory().threads).toBe(2);
    expect(two.memory().sharedMemory).toBe(true);
    const run = async (b: unknown) => {
      await tf.setBackend(b as tf.AnyBackend);
      const out = tf.tidy(() => {
        const a = tf.randomUniform([600, 200], -1, 1, 'float32', 5);
        const w = tf.randomUniform([200, 300], -1, 1, 'float32', 6);
        const y = tf.relu(tf.matMul(a, w));
        return [tf.sum(y, 0), tf.exp(tf.mul(y, 0.01)), tf.max(y, 1)];
      });
      const data = await Promise.all(out.map((t) => t.data()));
      out.forEach((t) => t.dispose());
      return data;
    };
    const [a, b] = [await run(two), await run(one)];
    a.forEach((v, i) => expect(Array.from(v)).toEqual(Array.from(b[i]!)));
    expect(notices).toEqual([]);
    tf.removeBackend('wasm-t2');
    tf.removeBackend('wasm-t1');
  });

  it('reports a worker that failed a kernel, with its message, and keeps working', async () => {
    const notices: string[] = [];
    const b = await backend('wasm-fail', notices);
    const { exports, executor } = b.raw;
    // A scan whose input address is past the end of memory traps in the worker only (the caller's part is empty).
    const P = (b as unknown as { begin(p: number, s: number, t: number): number }).begin(40, 64, 2);
    const i32 = new Int32Array(b.raw.memory.buffer);
    [0, 0, 0, 0, 2 ** 31, 1, 4, 4, 1, 2 ** 31].forEach((v, j) => (i32[(P >>> 2) + j] = v));
    const scratch = (b as unknown as { scratch: { ptr: number }[] }).scratch.map((s) => s.ptr);
    expect(() => executor.run(exports, 'scan', P, scratch, [[0, 0], [0, 1]])).toThrow(
      /worker thread 1 failed in the scan kernel: .*(out of bounds|memory access)/,
    );
    await tf.setBackend(b);
    const y = tf.add(tf.ones([100000]), 1);
    expect((await tf.sum(y).data())[0]).toBe(200000);
    y.dispose();
    tf.removeBackend('wasm-fail');
  });

  it('reports a worker that exited, once, and carries on with the threads left', async () => {
    const notices: string[] = [];
    const b = await backend('wasm-exit', notices, { splitSmallKernels: true });
    (b.raw.executor as ThreadPool).killWorkerForTesting(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(notices.length).toBe(1);
    expect(notices[0]).toMatch(/worker thread 1 stopped \(it exited with code \d+\); continuing with 1 thread/);
    expect(b.memory().threads).toBe(1);
    await tf.setBackend(b);
    const y = tf.tidy(() => tf.sum(tf.matMul(tf.ones([40, 30]), tf.ones([30, 20]))));
    expect((await y.data())[0]).toBe(40 * 30 * 20);
    y.dispose();
    tf.removeBackend('wasm-exit');
  });

  it('does not wait forever on a worker that stops answering: it is stopped and reported', async () => {
    const notices: string[] = [];
    const b = await backend('wasm-hang', notices, { workerTimeoutMs: 50 });
    const { exports, executor } = b.raw;
    await tf.setBackend(b);
    // A generic (float64) matMul whose whole work is the worker's part: far longer than 50 ms.
    const a = tf.ones([600, 600], 'float64');
    const c = tf.ones([600, 600], 'float64');
    const out = b.alloc('float64', 600 * 600);
    const P = (b as unknown as { begin(p: number, s: number, t: number): number }).begin(27 * 4, 600 * 8, 2);
    const i32 = new Int32Array(b.raw.memory.buffer);
    const av = a.view() as unknown as { buffer: { ptr: number } };
    const cv = c.view() as unknown as { buffer: { ptr: number } };
    const w = P >>> 2;
    [1, 600, 600, 600, av.buffer.ptr, 0, 600, 1, cv.buffer.ptr, 0, 600, 1, out.ptr, 3, 3].forEach((v, j) => (i32[w + j] = v));
    for (let j = 15; j < 21; j++) i32[w + j] = 0;
    i32[w + 26] = 3;
    const scratch = (b as unknown as { scratch: { ptr: number }[] }).scratch.map((s) => s.ptr);
    const t0 = performance.now();
    expect(() => executor.run(exports, 'mmGeneric', P, scratch, [[0, 0], [0, 600]])).toThrow(
      /worker thread 1 did not finish its part of the mmGeneric kernel within 50 ms and was stopped/,
    );
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(notices[0]).toMatch(/worker thread 1 stopped/);
    expect(b.memory().threads).toBe(1);
    b.free(out);
    a.dispose();
    c.dispose();
    const y = tf.tidy(() => tf.sum(tf.add(tf.ones([50000]), 2)));
    expect((await y.data())[0]).toBe(150000);
    y.dispose();
    tf.removeBackend('wasm-hang');
  });

  it('falls back to one thread with a notice where memory cannot be shared', async () => {
    const notices: string[] = [];
    const saved = globalThis.SharedArrayBuffer;
    // Simulate a page that is not cross-origin isolated.
    (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer = undefined;
    try {
      const b = await wasm({ name: 'wasm-nosab', threads: 4, onNotice: (m) => notices.push(m) });
      expect(b.memory().threads).toBe(1);
      expect(b.memory().sharedMemory).toBe(false);
      b.dispose();
    } finally {
      globalThis.SharedArrayBuffer = saved;
    }
    expect(notices).toEqual([expect.stringMatching(/4 threads need SharedArrayBuffer.*running on one thread/)]);
  });
});
