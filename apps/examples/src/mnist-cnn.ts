import * as tf from '@tessera/core';
import { Conv2D, Dense, Flatten, MaxPooling2D } from '@tessera/layers';
import { Sequential } from '@tessera/keras-compat';
import { FASHION_MNIST_CLASSES, loadFashionMnist, loadMnist } from '@tessera/data';
import type { ImageSet } from '@tessera/data';
import { isMain, parseCli, runMain, scalarOf, useBackend } from './cli.js';

/**
 * The course's convolutional network for 28×28 grey images:
 * Conv2D 32 3×3 relu → MaxPooling2D 2×2 → Conv2D 64 3×3 relu → MaxPooling2D 2×2 → Flatten → Dense 128 relu →
 * Dense 10 softmax (225,034 parameters). The same network runs on MNIST digits and on Fashion-MNIST clothes.
 */
export function buildCnn(name = 'cnn'): Sequential {
  return new Sequential({
    name,
    layers: [
      new Conv2D({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
      new MaxPooling2D({ poolSize: 2 }),
      new Conv2D({ filters: 64, kernelSize: 3, activation: 'relu' }),
      new MaxPooling2D({ poolSize: 2 }),
      new Flatten(),
      new Dense({ units: 128, activation: 'relu' }),
      new Dense({ units: 10, activation: 'softmax' }),
    ],
  });
}

export type ImageDataset = 'mnist' | 'fashion-mnist';

export const CLASS_NAMES: Record<ImageDataset, readonly string[]> = {
  mnist: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  'fashion-mnist': FASHION_MNIST_CLASSES,
};

export interface CnnOptions {
  dataset?: ImageDataset;
  epochs?: number;
  batchSize?: number;
  /** Training / test images to use (default: all of the split). */
  trainCount?: number;
  testCount?: number;
  verbose?: 0 | 1 | 2;
  seed?: number;
}

export interface CnnResult {
  testAccuracy: number;
  testLoss: number;
  history: Record<string, number[]>;
  params: number;
  /** Class names of the predictions and labels of the first test images. */
  samples: { predicted: string; actual: string }[];
}

function load(dataset: ImageDataset, split: 'train' | 'test', count: number | undefined): Promise<ImageSet> {
  const opts = { split, count, shape: 'image' } as const;
  return dataset === 'mnist' ? loadMnist(opts) : loadFashionMnist(opts);
}

/** Trains the course CNN with Adam and categorical cross-entropy; returns the held-out accuracy and a few predictions. */
export async function trainCnn(opts: CnnOptions = {}): Promise<CnnResult> {
  const { dataset = 'mnist', epochs = 3, batchSize = 64, verbose = 1, seed = 1 } = opts;
  tf.setGlobalSeed(seed);
  const train = await load(dataset, 'train', opts.trainCount);
  const test = await load(dataset, 'test', opts.testCount).catch((e: unknown) => {
    tf.dispose([train.xs, train.ys]);
    throw e;
  });
  const model = buildCnn(dataset === 'mnist' ? 'mnist_cnn' : 'fashion_mnist_cnn');
  try {
    model.compile({ optimizer: 'adam', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
    if (verbose) model.summary();
    const history = await model.fit(train.xs, train.ys, { epochs, batchSize, verbose, seed });
    const [loss, acc] = (await model.evaluate(test.xs, test.ys, { batchSize: 250 })) as tf.Tensor[];
    const [testLoss, testAccuracy] = [await scalarOf(loss!), await scalarOf(acc!)];
    tf.dispose([loss!, acc!]);
    const shown = Math.min(10, test.ys.shape[0]!);
    const [predicted, actual] = tf.tidy(() => {
      const first = test.xs.slice([0, 0, 0, 0], [shown, 28, 28, 1]);
      return [tf.argMax(model.predict(first) as tf.Tensor, -1), tf.argMax(test.ys.slice([0, 0], [shown, 10]), -1)];
    });
    const [p, a] = [await predicted.data(), await actual.data()];
    tf.dispose([predicted, actual]);
    const names = CLASS_NAMES[dataset];
    const samples = Array.from(p, (v, i) => ({ predicted: names[Number(v)]!, actual: names[Number(a[i])]! }));
    return { testAccuracy, testLoss, history: history.history, params: model.countParams(), samples };
  } finally {
    tf.dispose([train.xs, train.ys, test.xs, test.ys]);
    model.dispose(); // also frees the Adam state compile() created
    tf.setGlobalSeed(null);
  }
}

export const CNN_OPTIONS = {
  epochs: { kind: 'int', default: 3, min: 1, help: 'passes over the training images' },
  'batch-size': { kind: 'int', default: 64, min: 1, help: 'images per step' },
  'train-count': { kind: 'int', default: 0, min: 0, help: 'training images to use; 0 means the whole split' },
  'test-count': { kind: 'int', default: 0, min: 0, help: 'test images to use; 0 means the whole split' },
  seed: { kind: 'int', default: 1, help: 'seed of the initial weights and the shuffling' },
} as const;

/** Shared by this file's main and fashion-mnist-cnn.ts's. */
export async function runCnnCli(argv: string[], dataset: ImageDataset, example: string): Promise<CnnResult> {
  const about = `The course CNN (Conv2D 32 → MaxPool → Conv2D 64 → MaxPool → Dense 128 → Dense 10) on ${dataset === 'mnist' ? 'MNIST digits' : 'Fashion-MNIST'}.`;
  const args = parseCli(argv, CNN_OPTIONS, example, about);
  await useBackend(args.backend);
  const result = await trainCnn({
    dataset,
    epochs: args.epochs,
    batchSize: args['batch-size'],
    trainCount: args['train-count'] || undefined,
    testCount: args['test-count'] || undefined,
    seed: args.seed,
  });
  console.log(`\ntest accuracy ${(100 * result.testAccuracy).toFixed(2)}%, test loss ${result.testLoss.toFixed(4)}`);
  for (const s of result.samples) console.log(`  predicted ${s.predicted.padEnd(12)} actual ${s.actual}${s.predicted === s.actual ? '' : '   ✗'}`);
  return result;
}

export function main(argv: string[]): Promise<CnnResult> {
  return runCnnCli(argv, 'mnist', 'mnist-cnn');
}

if (isMain(import.meta.url)) await runMain(main);
