import * as tf from '@tessera/core';
import { BatchNormalization, Dense, Dropout, Activation } from '@tessera/layers';
import { Sequential } from '@tessera/keras-compat';
import { loadMnist } from '@tessera/data';
import { adam, cosineDecay } from '@tessera/optimizers';

/**
 * The course's MNIST MLP: Dense 500 → BatchNorm → Dropout 0.3 → ReLU → Dense 50 → BatchNorm → Dropout 0.3 → ReLU →
 * Dense 10 softmax, categorical cross-entropy, Adam, with Keras's progress output.
 */
export function buildMnistMlp(): Sequential {
  return new Sequential({
    name: 'mnist_mlp',
    layers: [
      new Dense({ units: 500, inputShape: [784] }),
      new BatchNormalization(),
      new Dropout({ rate: 0.3 }),
      new Activation({ activation: 'relu' }),
      new Dense({ units: 50 }),
      new BatchNormalization(),
      new Dropout({ rate: 0.3 }),
      new Activation({ activation: 'relu' }),
      new Dense({ units: 10, activation: 'softmax' }),
    ],
  });
}

export interface MnistMlpOptions {
  epochs?: number;
  batchSize?: number;
  trainCount?: number;
  verbose?: 0 | 1 | 2;
  seed?: number;
}

/** Trains on the training split of the bundled digits and returns the test accuracy on the held-out split. */
export async function trainMnistMlp(opts: MnistMlpOptions = {}): Promise<{ testAccuracy: number; testLoss: number; history: Record<string, number[]> }> {
  const { epochs = 20, batchSize = 128, verbose = 1, seed = 1 } = opts;
  tf.setGlobalSeed(seed);
  const train = await loadMnist({ split: 'train', count: opts.trainCount });
  const test = await loadMnist({ split: 'test' });
  const model = buildMnistMlp();
  // Adam with a cosine-decayed learning rate over the whole run: the last epochs take small steps.
  const steps = epochs * Math.ceil(train.xs.shape[0]! / batchSize);
  const optimizer = adam({ learningRate: cosineDecay({ initialLearningRate: 2e-3, decaySteps: steps, alpha: 0.02 }) });
  model.compile({ optimizer, loss: 'categorical_crossentropy', metrics: ['accuracy'] });
  if (verbose) model.summary();
  const history = await model.fit(train.xs, train.ys, { epochs, batchSize, verbose, seed, validationData: [test.xs, test.ys] });
  const [loss, acc] = (await model.evaluate(test.xs, test.ys, { batchSize: 500 })) as tf.Tensor[];
  const testLoss = (await loss!.data())[0]!;
  const testAccuracy = (await acc!.data())[0]!;
  tf.dispose([loss!, acc!, train.xs, train.ys, test.xs, test.ys]);
  model.dispose();
  optimizer.dispose();
  tf.setGlobalSeed(null);
  return { testAccuracy, testLoss, history: history.history };
}
