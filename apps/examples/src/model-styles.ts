import * as tf from '@tessera/core';
import { Dense, input } from '@tessera/layers';
import type { CallArgs } from '@tessera/layers';
import { Model, Sequential, model as functionalModel } from '@tessera/keras-compat';
import { spirals } from '@tessera/data';
import { adam } from '@tessera/optimizers';
import { isMain, parseCli, runMain, scalarOf, useBackend } from './cli.js';

/**
 * One MLP — 2 inputs → Dense 32 relu → Dense 32 relu → Dense 2 softmax — written in Keras's three model styles,
 * each trained on the same two-arm spiral (which no straight line separates) from the same initial weights.
 */
export const HIDDEN = 32;

/** 1. Sequential: a list of layers. */
export function sequentialMlp(): Model {
  return new Sequential({
    name: 'sequential_mlp',
    layers: [
      new Dense({ units: HIDDEN, activation: 'relu', inputShape: [2] }),
      new Dense({ units: HIDDEN, activation: 'relu' }),
      new Dense({ units: 2, activation: 'softmax' }),
    ],
  });
}

/** 2. Functional: layers called on symbolic tensors, from input() to the output. */
export function functionalMlp(): Model {
  const x = input({ shape: [2] });
  const h1 = new Dense({ units: HIDDEN, activation: 'relu' }).apply(x);
  const h2 = new Dense({ units: HIDDEN, activation: 'relu' }).apply(h1);
  const y = new Dense({ units: 2, activation: 'softmax' }).apply(h2);
  return functionalModel({ inputs: x, outputs: y, name: 'functional_mlp' });
}

/** 3. Subclassed: the layers are properties, and `call` is ordinary code. */
export class MyModel extends Model {
  hidden1 = new Dense({ units: HIDDEN, activation: 'relu' });
  hidden2 = new Dense({ units: HIDDEN, activation: 'relu' });
  classifier = new Dense({ units: 2, activation: 'softmax' });

  constructor() {
    super({ name: 'subclassed_mlp' });
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: CallArgs): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const h = this.hidden2.apply(this.hidden1.apply(x, kwargs), kwargs);
    return this.classifier.apply(h, kwargs);
  }
}

export const STYLES = {
  sequential: sequentialMlp,
  functional: functionalMlp,
  subclassed: () => new MyModel(),
} as const;
export type Style = keyof typeof STYLES;

export interface StyleResult {
  style: Style;
  params: number;
  losses: number[];
  testAccuracy: number;
}

export interface ModelStylesOptions {
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  n?: number;
  seed?: number;
  verbose?: 0 | 1 | 2;
}

/**
 * Trains the three models on the same data. The global seed is reset before each model is made, so their
 * initializers draw the same numbers and each run starts from the same weights; `fit`'s shuffling is seeded too.
 */
export async function compareModelStyles(opts: ModelStylesOptions = {}): Promise<StyleResult[]> {
  const { epochs = 100, batchSize = 32, learningRate = 0.01, n = 600, seed = 1, verbose = 0 } = opts;
  const train = spirals(n, { seed, labels: 'oneHot' });
  const test = spirals(Math.max(100, Math.floor(n / 3)), { seed: seed + 1000, labels: 'oneHot' });
  const results: StyleResult[] = [];
  try {
    for (const style of Object.keys(STYLES) as Style[]) {
      tf.setGlobalSeed(seed);
      const m = STYLES[style]();
      const optimizer = adam({ learningRate });
      try {
        m.compile({ optimizer, loss: 'categorical_crossentropy', metrics: ['accuracy'] });
        const history = await m.fit(train.xs, train.ys, { epochs, batchSize, verbose, seed });
        const [loss, acc] = (await m.evaluate(test.xs, test.ys, { batchSize: 256 })) as tf.Tensor[];
        results.push({ style, params: m.countParams(), losses: history.history.loss!, testAccuracy: await scalarOf(acc!) });
        tf.dispose([loss!, acc!]);
      } finally {
        m.dispose();
        optimizer.dispose();
      }
    }
  } finally {
    tf.dispose([train.xs, train.ys, test.xs, test.ys]);
    tf.setGlobalSeed(null);
  }
  return results;
}

const ABOUT = 'The same MLP as a Sequential, a functional and a subclassed model, trained on the same spiral data.';
const OPTIONS = {
  epochs: { kind: 'int', default: 100, min: 1, help: 'passes over the training points' },
  'batch-size': { kind: 'int', default: 32, min: 1, help: 'points per step' },
  'learning-rate': { kind: 'float', default: 0.01, help: 'Adam learning rate' },
  n: { kind: 'int', default: 600, min: 2, help: 'training points' },
  seed: { kind: 'int', default: 1, help: 'seed of the data, the initial weights and the shuffling' },
} as const;

export async function main(argv: string[]): Promise<StyleResult[]> {
  const args = parseCli(argv, OPTIONS, 'model-styles', ABOUT);
  await useBackend(args.backend);
  const results = await compareModelStyles({ epochs: args.epochs, batchSize: args['batch-size'], learningRate: args['learning-rate'], n: args.n, seed: args.seed });
  console.log('style        params   first loss   last loss   test accuracy');
  for (const r of results) {
    console.log(
      `${r.style.padEnd(12)} ${String(r.params).padStart(6)}   ${r.losses[0]!.toFixed(4).padStart(10)}   ${r.losses.at(-1)!.toFixed(4).padStart(9)}   ${(100 * r.testAccuracy).toFixed(1).padStart(12)}%`,
    );
  }
  return results;
}

if (isMain(import.meta.url)) await runMain(main);
