import * as tf from '@tessera/core';
import { valueAndGrads } from '@tessera/autograd';
import { isMain, parseCli, runMain, useBackend } from './cli.js';

/** Two Gaussian blobs, class 0 around (-1,-1) and class 1 around (1,1): the course's synthetic data. */
export function twoClassData(n: number, seed: number): { x: Float32Array; y: Float32Array } {
  const rng = new tf.SeededRandom(seed);
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const c = label ? 1 : -1;
    x[2 * i] = c + rng.normal();
    x[2 * i + 1] = c + rng.normal();
    y[i] = label;
  }
  return { x, y };
}

/** Mean binary cross-entropy of sigmoid(x·w + b), written out as in the course. */
export function logisticLoss(x: tf.Tensor, y: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const p = tf.sigmoid(tf.matMul(x, w).add(b));
  const ll = y.mul(p.log()).add(tf.sub(1, y).mul(tf.sub(1, p).log()));
  return ll.mean().neg();
}

export interface LogisticResult {
  w: number[];
  b: number;
  losses: number[];
}

/** Plain gradient descent with valueAndGrads: every epoch is one full-batch step. */
export async function trainLogisticRegression(opts: { n?: number; epochs?: number; learningRate?: number; seed?: number } = {}): Promise<LogisticResult> {
  const { n = 200, epochs = 100, learningRate = 0.001, seed = 7 } = opts;
  const data = twoClassData(n, seed);
  const x = tf.tensor(data.x, [n, 2]);
  const y = tf.tensor(data.y, [n, 1]);
  // Variables alias their initial value; tidy disposes the initial tensors and leaves the (kept) variables.
  const w = tf.tidy(() => tf.variable(tf.zeros([2, 1])));
  const b = tf.tidy(() => tf.variable(tf.scalar(0)));
  const losses: number[] = [];
  const lossGrads = valueAndGrads((wt: tf.Tensor, bt: tf.Tensor) => logisticLoss(x, y, wt, bt));
  for (let epoch = 0; epoch < epochs; epoch++) {
    const loss = tf.tidy(() => {
      const { value, grads } = lossGrads([w, b]);
      w.assign(w.sub(grads[0]!.mul(learningRate)));
      b.assign(b.sub(grads[1]!.mul(learningRate)));
      return value;
    });
    losses.push((await loss.data())[0]!);
    loss.dispose();
  }
  const result = { w: Array.from(await w.data()), b: (await b.data())[0]!, losses };
  [x, y, w, b].forEach((t) => t.dispose());
  return result;
}

/**
 * The decision line of a trained model: w1·x1 + w2·x2 + b = 0 (where the probability is exactly 0.5), rewritten
 * as x2 = m·x1 + c with m = −w1/w2 and c = −b/w2. A vertical line (w2 = 0) has no such form: then x1 = −b/w1.
 */
export function decisionLine(w: readonly number[], b: number): { m: number; c: number; text: string } | { x1: number; text: string } {
  const [w1, w2] = [w[0]!, w[1]!];
  if (w1 === 0 && w2 === 0) throw new Error('decisionLine: both weights are 0, so the model has no decision line.');
  if (w2 === 0) return { x1: -b / w1, text: `x1 = ${fmt(-b / w1)}` };
  const m = -w1 / w2;
  const c = -b / w2;
  return { m, c, text: `x2 = ${fmt(m)}·x1 ${c < 0 ? '-' : '+'} ${fmt(Math.abs(c))}` };
}

function fmt(v: number): string {
  return v.toFixed(4);
}

const ABOUT = 'Logistic regression on two Gaussian blobs with plain full-batch gradient descent; prints the decision line.';
const OPTIONS = {
  epochs: { kind: 'int', default: 1000, min: 1, help: 'gradient-descent steps (full batch)' },
  'learning-rate': { kind: 'float', default: 0.1, help: 'step size' },
  n: { kind: 'int', default: 200, min: 2, help: 'number of points' },
  seed: { kind: 'int', default: 7, help: 'seed of the data' },
} as const;

export async function main(argv: string[]): Promise<LogisticResult & { line: ReturnType<typeof decisionLine> }> {
  const args = parseCli(argv, OPTIONS, 'logistic-regression', ABOUT);
  await useBackend(args.backend);
  const result = await trainLogisticRegression({ n: args.n, epochs: args.epochs, learningRate: args['learning-rate'], seed: args.seed });
  const every = Math.max(1, Math.floor(args.epochs / 10));
  result.losses.forEach((l, i) => {
    if (i % every === 0 || i === result.losses.length - 1) console.log(`epoch ${String(i + 1).padStart(5)}  loss ${l.toFixed(6)}`);
  });
  const [w1, w2] = result.w;
  console.log(`\nw1 = ${w1!.toFixed(4)}, w2 = ${w2!.toFixed(4)}, b = ${result.b.toFixed(4)}`);
  const line = decisionLine(result.w, result.b);
  console.log(`decision line (w1·x1 + w2·x2 + b = 0): ${line.text}`);
  return { ...result, line };
}

if (isMain(import.meta.url)) await runMain(main);
