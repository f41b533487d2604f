import { readFileSync } from 'node:fs';
import * as tf from '@tessera/core';
import { Dense, Embedding, GRU, LSTM } from '@tessera/layers';
import { Sequential } from '@tessera/keras-compat';
import { adam } from '@tessera/optimizers';
import { isMain, parseCli, runMain, scalarOf, useBackend } from './cli.js';

/**
 * Sentiment of short phrases with a recurrent network: words → Embedding (index 0 is padding, masked) →
 * LSTM or GRU → Dense 2 softmax (negative, positive). The corpus is src/data/sentiment-phrases.json: 96 positive
 * and 96 negative phrases written for this example. Every 4th phrase of each class is held out for testing.
 */
export const CLASSES = ['negative', 'positive'] as const;

export interface Corpus {
  train: { text: string; label: number }[];
  test: { text: string; label: number }[];
}

export function loadCorpus(): Corpus {
  const raw = JSON.parse(readFileSync(new URL('./data/sentiment-phrases.json', import.meta.url), 'utf8')) as { positive: string[]; negative: string[] };
  const out: Corpus = { train: [], test: [] };
  const add = (phrases: string[], label: number) => phrases.forEach((text, i) => (i % 4 === 3 ? out.test : out.train).push({ text, label }));
  add(raw.negative, 0);
  add(raw.positive, 1);
  return out;
}

export function tokenize(text: string): string[] {
  return text.toLowerCase().split(/[^a-z']+/).filter(Boolean);
}

/** Word indices: 0 is padding, 1 stands for words the training phrases never use, then words by first use. */
export class Vocabulary {
  readonly words: string[] = ['<pad>', '<unknown>'];
  private readonly index = new Map<string, number>();

  constructor(texts: string[]) {
    for (const w of texts.flatMap(tokenize)) {
      if (!this.index.has(w)) {
        this.index.set(w, this.words.length);
        this.words.push(w);
      }
    }
  }

  get size(): number {
    return this.words.length;
  }

  /** int32 [texts.length, maxLen]: each phrase's word indices, padded with 0 at the end (cut at maxLen). */
  encode(texts: string[], maxLen: number): tf.Tensor {
    const ids = new Int32Array(texts.length * maxLen);
    texts.forEach((t, i) => tokenize(t).slice(0, maxLen).forEach((w, j) => (ids[i * maxLen + j] = this.index.get(w) ?? 1)));
    return tf.tensor(ids, [texts.length, maxLen], 'int32');
  }
}

export type CellKind = 'lstm' | 'gru';

export function buildSentimentModel(vocabSize: number, cell: CellKind = 'lstm', units = 32, embeddingDim = 16): Sequential {
  const Recurrent = cell === 'lstm' ? LSTM : GRU;
  return new Sequential({
    name: `sentiment_${cell}`,
    layers: [
      // inputShape [null]: phrases of any length (the time axis is not fixed at the first call)
      new Embedding({ inputDim: vocabSize, outputDim: embeddingDim, maskZero: true, inputShape: [null] }),
      new Recurrent({ units }),
      new Dense({ units: 2, activation: 'softmax' }),
    ],
  });
}

export interface SentimentOptions {
  cell?: CellKind;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  units?: number;
  seed?: number;
  verbose?: 0 | 1 | 2;
  /** Phrases to classify after training. */
  phrases?: string[];
}

export interface SentimentResult {
  history: Record<string, number[]>;
  testAccuracy: number;
  testCount: number;
  vocabularySize: number;
  predictions: { text: string; label: (typeof CLASSES)[number]; positive: number }[];
}

export const DEMO_PHRASES = [
  'the pizza was delicious',
  'the hotel staff were rude',
  'what a lovely concert',
  'the train was slow and dirty',
  'a beautiful and fun day',
  'this camera is broken and useless',
];

export async function trainSentiment(opts: SentimentOptions = {}): Promise<SentimentResult> {
  const { cell = 'lstm', epochs = 15, batchSize = 16, learningRate = 0.01, units = 32, seed = 1, verbose = 1, phrases = DEMO_PHRASES } = opts;
  const corpus = loadCorpus();
  const vocab = new Vocabulary(corpus.train.map((p) => p.text));
  const maxLen = Math.max(...[...corpus.train, ...corpus.test].map((p) => tokenize(p.text).length));
  tf.setGlobalSeed(seed);
  const model = buildSentimentModel(vocab.size, cell, units);
  const optimizer = adam({ learningRate });
  const xs = vocab.encode(corpus.train.map((p) => p.text), maxLen);
  const ys = tf.tensor(corpus.train.map((p) => p.label), [corpus.train.length], 'int32');
  const testXs = vocab.encode(corpus.test.map((p) => p.text), maxLen);
  const testYs = tf.tensor(corpus.test.map((p) => p.label), [corpus.test.length], 'int32');
  const demo = vocab.encode(phrases, maxLen);
  try {
    model.compile({ optimizer, loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    const history = await model.fit(xs, ys, { epochs, batchSize, verbose, seed });
    const [loss, acc] = (await model.evaluate(testXs, testYs, { batchSize: 64 })) as tf.Tensor[];
    const testAccuracy = await scalarOf(acc!);
    tf.dispose([loss!, acc!]);
    const probs = model.predict(demo) as tf.Tensor;
    const p = await probs.data();
    probs.dispose();
    const predictions = phrases.map((text, i) => ({ text, positive: p[2 * i + 1]!, label: CLASSES[p[2 * i + 1]! > 0.5 ? 1 : 0]! }));
    return { history: history.history, testAccuracy, testCount: corpus.test.length, vocabularySize: vocab.size, predictions };
  } finally {
    tf.dispose([xs, ys, testXs, testYs, demo]);
    model.dispose();
    optimizer.dispose();
    tf.setGlobalSeed(null);
  }
}

const ABOUT = 'Sentiment of short phrases: Embedding → LSTM or GRU → Dense 2 softmax, on a bundled corpus of 192 phrases.';
const OPTIONS = {
  cell: { kind: 'string', default: 'lstm', choices: ['lstm', 'gru'], help: 'recurrent layer' },
  epochs: { kind: 'int', default: 15, min: 1, help: 'passes over the training phrases' },
  'batch-size': { kind: 'int', default: 16, min: 1, help: 'phrases per step' },
  'learning-rate': { kind: 'float', default: 0.01, help: 'Adam learning rate' },
  units: { kind: 'int', default: 32, min: 1, help: 'units of the recurrent layer' },
  seed: { kind: 'int', default: 1, help: 'seed of the weights and the shuffling' },
  phrase: { kind: 'string', default: '', help: 'a phrase of your own to classify (besides the built-in ones)' },
} as const;

export async function main(argv: string[]): Promise<SentimentResult> {
  const args = parseCli(argv, OPTIONS, 'sentiment-rnn', ABOUT);
  await useBackend(args.backend);
  const r = await trainSentiment({
    cell: args.cell as CellKind,
    epochs: args.epochs,
    batchSize: args['batch-size'],
    learningRate: args['learning-rate'],
    units: args.units,
    seed: args.seed,
    verbose: 2,
    phrases: args.phrase ? [...DEMO_PHRASES, args.phrase] : DEMO_PHRASES,
  });
  console.log(`\nheld-out accuracy: ${(100 * r.testAccuracy).toFixed(1)}% of ${r.testCount} phrases (vocabulary: ${r.vocabularySize} words)`);
  for (const p of r.predictions) console.log(`  ${p.label.padEnd(8)} (p positive = ${p.positive.toFixed(3)})  "${p.text}"`);
  return r;
}

if (isMain(import.meta.url)) await runMain(main);
