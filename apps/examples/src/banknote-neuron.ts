import * as tf from '@tessera/core';
import { Dense } from '@tessera/layers';
import { Sequential } from '@tessera/keras-compat';
import { banknoteLike } from '@tessera/data';
import { adam } from '@tessera/optimizers';
import { isMain, parseCli, runMain, scalarOf, useBackend } from './cli.js';

/**
 * The course's banknote network: one sigmoid neuron on two features (variance x1 and skewness x2 of a banknote
 * image), p(forged) = sigmoid(w1·x1 + w2·x2 + b). The forward pass is computed twice — with tensor ops, and with
 * a Keras Dense layer whose weights are set by hand — and both must give the same probability.
 */
export interface NeuronParams {
  w1: number;
  w2: number;
  b: number;
  x1: number;
  x2: number;
}

export const COURSE_PARAMS: NeuronParams = { w1: 0.3, w2: 0.1, b: 1.0, x1: 1, x2: 2.2 };

/** The forward pass written out: z = x·w + b, p = sigmoid(z). */
export async function forwardWithOps(p: NeuronParams = COURSE_PARAMS): Promise<{ z: number; probability: number }> {
  const [z, prob] = tf.tidy(() => {
    const x = tf.tensor2d([[p.x1, p.x2]]);
    const w = tf.tensor2d([[p.w1], [p.w2]]);
    const zt = tf.matMul(x, w).add(p.b);
    return [zt, tf.sigmoid(zt)];
  });
  const out = { z: await scalarOf(z), probability: await scalarOf(prob) };
  tf.dispose([z, prob]);
  return out;
}

/** The same neuron as a Keras model: Dense(1, sigmoid) with its kernel and bias set to the course's values. */
export function banknoteModel(p: Pick<NeuronParams, 'w1' | 'w2' | 'b'> = COURSE_PARAMS): Sequential {
  const model = new Sequential({ name: 'banknote', layers: [new Dense({ units: 1, activation: 'sigmoid', inputShape: [2] })] });
  const [kernel, bias] = [tf.tensor2d([[p.w1], [p.w2]]), tf.tensor1d([p.b])];
  model.setWeights([kernel, bias]);
  tf.dispose([kernel, bias]);
  return model;
}

export async function forwardWithModel(p: NeuronParams = COURSE_PARAMS): Promise<number> {
  const model = banknoteModel(p);
  const x = tf.tensor2d([[p.x1, p.x2]]);
  const y = model.predict(x) as tf.Tensor;
  const probability = await scalarOf(y);
  tf.dispose([x, y]);
  model.dispose();
  return probability;
}

/**
 * Learns w1, w2, b from banknote-shaped synthetic data (class 1 = forged) instead of setting them by hand, and
 * returns the learned parameters, the accuracy on held-out notes and the learned probability for the course's input.
 */
export async function trainBanknoteNeuron(opts: { n?: number; epochs?: number; seed?: number; verbose?: 0 | 1 | 2 } = {}): Promise<{
  w1: number;
  w2: number;
  b: number;
  testAccuracy: number;
  losses: number[];
  probability: number;
}> {
  const { n = 1000, epochs = 20, seed = 1, verbose = 0 } = opts;
  tf.setGlobalSeed(seed);
  const train = banknoteLike(n, { seed });
  const test = banknoteLike(Math.max(100, Math.floor(n / 4)), { seed: seed + 1000 });
  const model = new Sequential({ name: 'banknote', layers: [new Dense({ units: 1, activation: 'sigmoid', inputShape: [2] })] });
  const optimizer = adam({ learningRate: 0.05 });
  model.compile({ optimizer, loss: 'binary_crossentropy', metrics: ['accuracy'] });
  const history = await model.fit(train.xs, train.ys, { epochs, batchSize: 32, verbose, seed });
  const [loss, acc] = (await model.evaluate(test.xs, test.ys, { batchSize: 256 })) as tf.Tensor[];
  const [kernel, bias] = model.getWeights();
  const k = await kernel!.data();
  const x = tf.tensor2d([[COURSE_PARAMS.x1, COURSE_PARAMS.x2]]);
  const y = model.predict(x) as tf.Tensor;
  const result = {
    w1: k[0]!,
    w2: k[1]!,
    b: await scalarOf(bias!),
    testAccuracy: await scalarOf(acc!),
    losses: history.history.loss!,
    probability: await scalarOf(y),
  };
  tf.dispose([loss!, acc!, kernel!, bias!, x, y, train.xs, train.ys, test.xs, test.ys]);
  model.dispose();
  optimizer.dispose(); // we made it, so we free its state
  tf.setGlobalSeed(null);
  return result;
}

const ABOUT = 'The banknote network: a single sigmoid neuron; forward pass with w1=0.3, w2=0.1, b=1.0 for x1=1, x2=2.2.';
const OPTIONS = {
  w1: { kind: 'float', default: COURSE_PARAMS.w1, help: 'weight of x1 (variance)' },
  w2: { kind: 'float', default: COURSE_PARAMS.w2, help: 'weight of x2 (skewness)' },
  b: { kind: 'float', default: COURSE_PARAMS.b, help: 'bias' },
  x1: { kind: 'float', default: COURSE_PARAMS.x1, help: 'first feature' },
  x2: { kind: 'float', default: COURSE_PARAMS.x2, help: 'second feature' },
  train: { kind: 'flag', help: 'also learn the weights from banknote-like synthetic data' },
  epochs: { kind: 'int', default: 20, min: 1, help: 'epochs for --train' },
} as const;

export async function main(argv: string[]): Promise<{ probability: number }> {
  const args = parseCli(argv, OPTIONS, 'banknote-neuron', ABOUT);
  await useBackend(args.backend);
  const p: NeuronParams = { w1: args.w1, w2: args.w2, b: args.b, x1: args.x1, x2: args.x2 };
  const { z, probability } = await forwardWithOps(p);
  const viaModel = await forwardWithModel(p);
  console.log(`z = w1·x1 + w2·x2 + b = ${p.w1}·${p.x1} + ${p.w2}·${p.x2} + ${p.b} = ${z.toFixed(6)}`);
  console.log(`p = sigmoid(z) = ${probability.toFixed(6)}   (Dense layer with the same weights: ${viaModel.toFixed(6)})`);
  if (args.train) {
    const t = await trainBanknoteNeuron({ epochs: args.epochs, verbose: 2 });
    console.log(`\nlearned: w1 = ${t.w1.toFixed(4)}, w2 = ${t.w2.toFixed(4)}, b = ${t.b.toFixed(4)}; held-out accuracy ${(100 * t.testAccuracy).toFixed(1)}%`);
    console.log(`learned p(forged | x1=${COURSE_PARAMS.x1}, x2=${COURSE_PARAMS.x2}) = ${t.probability.toFixed(4)}`);
  }
  return { probability };
}

if (isMain(import.meta.url)) await runMain(main);
