import type * as Core from '@tessera/core';
import type { AnyBackend, Tensor } from '@tessera/core';
import type { valueAndGrads as ValueAndGrads } from '@tessera/autograd';

/**
 * A 3-layer MLP (fused dense + relu, dense + relu, dense + log-softmax) trained with full-batch SGD from fixed
 * weights on fixed data: the same run on any backend, in Node or in a page. Core and autograd are passed in so
 * the browser bundle and the Node tests share this file.
 */
export const MLP = { N: 64, FEATURES: 10, HIDDEN: [32, 16] as const, CLASSES: 4 };

export interface MlpRun {
  losses: number[];
  /** GPU buffers created (pool misses) after the first 3 steps and at the end; absent on other backends. */
  createdAfterWarmup: number;
  createdAtEnd: number;
  /** Live tensors and backend memory before the run and after everything it made was disposed. */
  tensorsBefore: number;
  tensorsAfter: number;
  memoryBefore: Record<string, unknown>;
  memoryAfter: Record<string, unknown>;
}

export async function trainMlp(tf: typeof Core, valueAndGrads: typeof ValueAndGrads, backend: AnyBackend, steps: number): Promise<MlpRun> {
  const { N, FEATURES, HIDDEN, CLASSES } = MLP;
  const seeded = (n: number, seed: number, scale: number): Float32Array => {
    const r = new tf.SeededRandom(seed);
    return Float32Array.from({ length: n }, () => (r.next() * 2 - 1) * scale);
  };
  await tf.setBackend(backend);
  await backend.flush();
  const tensorsBefore = tf.memory().numTensors;
  const memoryBefore = { ...backend.memory() };
  const xs = seeded(N * FEATURES, 1, 1);
  // The class is the quadrant of two fixed projections, so the net has something to learn.
  const ys = new Float32Array(N * CLASSES);
  for (let i = 0; i < N; i++) {
    let p = 0;
    let q = 0;
    for (let f = 0; f < FEATURES; f++) {
      p += xs[i * FEATURES + f]! * (f % 2 ? 1 : -1);
      q += xs[i * FEATURES + f]! * (f < FEATURES / 2 ? 1 : -0.5);
    }
    ys[i * CLASSES + (p > 0 ? 1 : 0) + (q > 0 ? 2 : 0)] = 1;
  }
  const x = tf.tensor(xs, [N, FEATURES]);
  const y = tf.tensor(ys, [N, CLASSES]);
  const dims = [FEATURES, ...HIDDEN, CLASSES];
  const params = tf.tidy(() =>
    dims.slice(1).flatMap((o, k) => {
      const i = dims[k]!;
      return [tf.variable(tf.tensor(seeded(i * o, 10 + k, Math.sqrt(6 / (i + o))), [i, o])), tf.variable(tf.tensor(seeded(o, 20 + k, 0.1), [o]))];
    }),
  );
  const loss = (...w: Tensor[]): Tensor => {
    const [w1, b1, w2, b2, w3, b3] = w as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
    const h1 = tf.fused.matMul({ a: x, b: w1, bias: b1, activation: 'relu' });
    const h2 = tf.relu(tf.add(tf.matMul(h1, w2), b2));
    const logits = tf.add(tf.matMul(h2, w3), b3);
    return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(logits)), 1)));
  };
  const step = valueAndGrads(loss);
  const losses: number[] = [];
  let createdAfterWarmup = 0;
  for (let s = 0; s < steps; s++) {
    const value = tf.tidy(() => {
      const { value, grads } = step(params);
      params.forEach((p, i) => p.assign(tf.sub(p, tf.mul(grads[i]!, 0.5))));
      return value;
    });
    losses.push((await value.data())[0]!);
    value.dispose();
    if (s === 2) createdAfterWarmup = Number(backend.memory().buffersCreated ?? 0);
  }
  const createdAtEnd = Number(backend.memory().buffersCreated ?? 0);
  [x, y, ...params].forEach((t) => t.dispose());
  await backend.flush();
  return { losses, createdAfterWarmup, createdAtEnd, tensorsBefore, tensorsAfter: tf.memory().numTensors, memoryBefore, memoryAfter: { ...backend.memory() } };
}

/** Largest relative difference between two loss curves. */
export function worstRelative(got: readonly number[], want: readonly number[]): number {
  return Math.max(...got.map((l, i) => Math.abs(l - want[i]!) / Math.abs(want[i]!)));
}
