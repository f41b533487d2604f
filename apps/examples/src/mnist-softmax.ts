import * as tf from '@tessera/core';
import { Dense } from '@tessera/layers';
import { Sequential } from '@tessera/keras-compat';
import { loadMnist, MNIST_TEST_SIZE, MNIST_TRAIN_SIZE } from '@tessera/data';
import { adam, sgd } from '@tessera/optimizers';
import { isMain, parseCli, runMain, scalarOf, useBackend } from './cli.js';

/**
 * The course's linear softmax classifier: every flattened 28×28 digit goes through one Dense layer of 10 softmax
 * units (7,850 parameters: a weight per pixel and class, plus a bias per class), trained with categorical
 * cross-entropy.
 */
export function buildSoftmaxClassifier(): Sequential {
  return new Sequential({ name: 'mnist_softmax', layers: [new Dense({ units: 10, activation: 'softmax', inputShape: [784] })] });
}

export interface MnistSoftmaxOptions {
  epochs?: number;
  batchSize?: number;
  optimizer?: 'sgd' | 'adam';
  /** Default 0.001 for Adam, 0.1 for SGD. */
  learningRate?: number;
  /** How many training / test digits to use (default all: 8,000 and 2,000). */
  trainCount?: number;
  testCount?: number;
  verbose?: 0 | 1 | 2;
  seed?: number;
}

export interface MnistSoftmaxResult {
  testAccuracy: number;
  testLoss: number;
  history: Record<string, number[]>;
  /** Predicted and true classes of the first test digits. */
  samples: { predicted: number; actual: number }[];
  /** The learned kernel's shape, [784, 10]. */
  kernelShape: number[];
}

export async function trainMnistSoftmax(opts: MnistSoftmaxOptions = {}): Promise<MnistSoftmaxResult> {
  const { epochs = 10, batchSize = 128, optimizer: optName = 'adam', verbose = 1, seed = 1 } = opts;
  const learningRate = opts.learningRate ?? (optName === 'adam' ? 0.001 : 0.1);
  tf.setGlobalSeed(seed);
  const train = await loadMnist({ split: 'train', count: opts.trainCount });
  const test = await loadMnist({ split: 'test', count: opts.testCount });
  const model = buildSoftmaxClassifier();
  const optimizer = optName === 'adam' ? adam({ learningRate }) : sgd({ learningRate });
  try {
    model.compile({ optimizer, loss: 'categorical_crossentropy', metrics: ['accuracy'] });
    if (verbose) model.summary();
    const history = await model.fit(train.xs, train.ys, { epochs, batchSize, verbose, seed, validationData: [test.xs, test.ys] });
    const [loss, acc] = (await model.evaluate(test.xs, test.ys, { batchSize: 500 })) as tf.Tensor[];
    const [testLoss, testAccuracy] = [await scalarOf(loss!), await scalarOf(acc!)];
    tf.dispose([loss!, acc!]);
    const shown = Math.min(10, test.ys.shape[0]!);
    const [predicted, actual] = tf.tidy(() => {
      const first = test.xs.slice([0, 0], [shown, 784]);
      return [tf.argMax(model.predict(first) as tf.Tensor, -1), tf.argMax(test.ys.slice([0, 0], [shown, 10]), -1)];
    });
    const [p, a] = [await predicted.data(), await actual.data()];
    tf.dispose([predicted, actual]);
    const samples = Array.from(p, (v, i) => ({ predicted: Number(v), actual: Number(a[i]) }));
    return { testAccuracy, testLoss, history: history.history, samples, kernelShape: [...model.getLayer(undefined, 0).weights[0]!.shape] };
  } finally {
    tf.dispose([train.xs, train.ys, test.xs, test.ys]);
    model.dispose();
    optimizer.dispose(); // we made it, so we free its state
    tf.setGlobalSeed(null);
  }
}

const ABOUT = 'Linear softmax classifier on MNIST: Dense(10, softmax) on flattened 28x28 digits.';
const OPTIONS = {
  epochs: { kind: 'int', default: 10, min: 1, help: 'passes over the training digits' },
  'batch-size': { kind: 'int', default: 128, min: 1, help: 'digits per step' },
  optimizer: { kind: 'string', default: 'adam', choices: ['adam', 'sgd'], help: 'optimizer' },
  'learning-rate': { kind: 'float', default: 0, help: 'learning rate; 0 means 0.001 for adam, 0.1 for sgd' },
  'train-count': { kind: 'int', default: MNIST_TRAIN_SIZE, min: 1, help: 'training digits to use' },
  'test-count': { kind: 'int', default: MNIST_TEST_SIZE, min: 1, help: 'test digits to use' },
  seed: { kind: 'int', default: 1, help: 'seed of the initial weights and the shuffling' },
} as const;

export async function main(argv: string[]): Promise<MnistSoftmaxResult> {
  const args = parseCli(argv, OPTIONS, 'mnist-softmax', ABOUT);
  await useBackend(args.backend);
  const result = await trainMnistSoftmax({
    epochs: args.epochs,
    batchSize: args['batch-size'],
    optimizer: args.optimizer as 'adam' | 'sgd',
    learningRate: args['learning-rate'] || undefined,
    trainCount: args['train-count'],
    testCount: args['test-count'],
    seed: args.seed,
  });
  console.log(`\ntest accuracy ${(100 * result.testAccuracy).toFixed(2)}%, test loss ${result.testLoss.toFixed(4)}`);
  console.log(`first test digits: predicted ${result.samples.map((s) => s.predicted).join(' ')}`);
  console.log(`                   actual    ${result.samples.map((s) => s.actual).join(' ')}`);
  return result;
}

if (isMain(import.meta.url)) await runMain(main);
