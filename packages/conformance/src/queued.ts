import type { Tensor } from '@tessera/core';
import { abs, add, exp, mul, neg, scalar, sum, tensor, transpose } from '@tessera/core';
import { assertClose } from './compare.js';
import { seededValues } from './host.js';
import type { RunContext } from './run-case.js';
import { assertNoLeaks, snapshot } from './leaks.js';

/**
 * Reads after queued work: backends that queue kernels (WebGPU) must order them, keep buffers alive while queued
 * work reads them even after `dispose`, and resolve concurrent reads of one tensor.
 */
export interface QueueTest {
  name: string;
  run: (ctx: RunContext) => Promise<void>;
}

const N = 64;

function f32(values: number[]): Float32Array {
  return Float32Array.from(values);
}

export const QUEUE_TESTS: QueueTest[] = [
  {
    name: 'chain of 50 dependent ops, one read',
    async run(ctx) {
      const before = await snapshot(ctx.backend);
      const x0 = seededValues([N], 'float32', { min: 0.5, max: 1.5, seed: 42 }).map(Math.fround);
      const x = tensor(f32(x0), [N], 'float32');
      // Constants as tensors: a plain-number operand creates a scalar tensor owned by the enclosing tidy scope.
      const quarter = scalar(0.25);
      const ninety = scalar(0.9);
      let host = [...x0];
      let y: Tensor = x;
      // Each step reads the previous result and the previous one is disposed at once: its buffer must stay alive
      // until the queued kernel that reads it has run.
      const steps: [(t: Tensor) => Tensor, (v: number, i: number) => number][] = [
        [(t) => add(t, quarter), (v) => v + 0.25],
        [(t) => mul(t, ninety), (v) => v * Math.fround(0.9)],
        [(t) => neg(t), (v) => -v],
        [(t) => add(t, x), (v, i) => v + x0[i]!],
        [(t) => abs(t), (v) => Math.abs(v)],
      ];
      for (let k = 0; k < 50; k++) {
        const [op, ref] = steps[k % steps.length]!;
        const next = op(y);
        if (y !== x) y.dispose();
        y = next;
        host = host.map((v, i) => Math.fround(ref(v, i)));
      }
      const total = sum(y);
      const [values, s] = await Promise.all([y.data(), total.data()]);
      assertClose(values, host, ctx.tolerance, 'queue: chain result');
      assertClose(s, [host.reduce((a, b) => a + b, 0)], ctx.tolerance, 'queue: sum of chain result');
      for (const t of [x, y, total, quarter, ninety]) t.dispose();
      await assertNoLeaks(before, ctx.backend, 'queue/chain of 50 dependent ops, one read');
    },
  },
  {
    name: 'input disposed before its result is read',
    async run(ctx) {
      const before = await snapshot(ctx.backend);
      const v = seededValues([N], 'float32', { min: -2, max: 2, seed: 7 }).map(Math.fround);
      const a = tensor(f32(v), [N], 'float32');
      const b = exp(a);
      a.dispose();
      assertClose(await b.data(), v.map(Math.exp), ctx.tolerance, 'queue: exp after disposing its input');
      b.dispose();
      await assertNoLeaks(before, ctx.backend, 'queue/input disposed before its result is read');
    },
  },
  {
    name: 'two concurrent reads of one tensor',
    async run(ctx) {
      const before = await snapshot(ctx.backend);
      const v = seededValues([6, 7], 'float32', { seed: 9 }).map(Math.fround);
      const a = tensor(f32(v), [6, 7], 'float32');
      const two = scalar(2);
      const b = mul(a, two);
      const [r1, r2] = await Promise.all([b.data(), b.data()]);
      const want = v.map((x) => 2 * x);
      assertClose(r1, want, ctx.tolerance, 'queue: first concurrent read');
      assertClose(r2, want, ctx.tolerance, 'queue: second concurrent read');
      // The same through a view, which each read materialises on its own.
      const t = transpose(b);
      const [t1, t2] = await Promise.all([t.data(), t.data()]);
      const wantT = Array.from({ length: 42 }, (_, i) => want[(i % 6) * 7 + Math.floor(i / 6)]!);
      assertClose(t1, wantT, ctx.tolerance, 'queue: first concurrent read of a view');
      assertClose(t2, wantT, ctx.tolerance, 'queue: second concurrent read of a view');
      for (const x of [a, b, t, two]) x.dispose();
      await assertNoLeaks(before, ctx.backend, 'queue/two concurrent reads of one tensor');
    },
  },
];
