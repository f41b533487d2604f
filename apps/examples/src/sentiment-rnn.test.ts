import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { Vocabulary, buildSentimentModel, loadCorpus, main, tokenize, trainSentiment } from './sentiment-rnn.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
});

describe('sentiment of short phrases with an LSTM / GRU', () => {
  it('the bundled corpus: 192 balanced phrases, 48 held out, encoded with padding 0 and unknown 1', () => {
    const c = loadCorpus();
    expect(c.train.length).toBe(144);
    expect(c.test.length).toBe(48);
    expect(c.test.filter((p) => p.label === 1).length).toBe(24);
    const train = new Set(c.train.map((p) => p.text));
    expect(c.test.some((p) => train.has(p.text))).toBe(false);
    expect(tokenize("What a LOVELY day, isn't it?")).toEqual(['what', 'a', 'lovely', 'day', "isn't", 'it']);
    const v = new Vocabulary(['the food was good', 'the food was bad']);
    expect(v.words).toEqual(['<pad>', '<unknown>', 'the', 'food', 'was', 'good', 'bad']);
    const ids = v.encode(['food was good', 'the zebra'], 4);
    expect(ids.shape).toEqual([2, 4]);
    expect(Array.from(ids.dataSync())).toEqual([3, 4, 5, 0, 2, 1, 0, 0]);
    ids.dispose();
  });

  it('padding is masked: a phrase padded to 6 or to 14 steps gets the same output', () => {
    const before = tf.memory().numTensors;
    const v = new Vocabulary(['the food was good']);
    for (const cell of ['lstm', 'gru'] as const) {
      tf.setGlobalSeed(3);
      const m = buildSentimentModel(v.size, cell, 8, 4);
      const [short, long] = [v.encode(['the food was good'], 6), v.encode(['the food was good'], 14)];
      const [a, b] = [m.predict(short) as tf.Tensor, m.predict(long) as tf.Tensor];
      expect(a.shape).toEqual([1, 2]);
      const [da, db] = [Array.from(a.dataSync()), Array.from(b.dataSync())];
      da.forEach((x, i) => expect(x).toBeCloseTo(db[i]!, 6));
      tf.dispose([short, long, a, b]);
      m.dispose();
    }
    tf.setGlobalSeed(null);
    expect(tf.memory().numTensors).toBe(before);
  });

  for (const cell of ['lstm', 'gru'] as const) {
    it(`${cell}: 6 epochs: loss falls, held-out accuracy far above chance, sensible predictions, nothing leaks`, async () => {
      const before = tf.memory().numTensors;
      const r = await trainSentiment({ cell, epochs: 6, learningRate: 0.02, units: 16, verbose: 0 });
      const loss = r.history.loss!;
      expect(loss.length).toBe(6);
      expect(loss[5]!).toBeLessThan(loss[0]! / 2);
      // 48 balanced held-out phrases: 80% (39 of 48) happens by chance with probability below 1e-5
      expect(r.testAccuracy).toBeGreaterThan(0.8);
      expect(r.predictions.map((p) => p.label)).toEqual(['positive', 'negative', 'positive', 'negative', 'positive', 'negative']);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('main classifies a phrase given on the command line', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const r = await main(['--cell', 'gru', '--epochs', '2', '--units', '8', '--phrase', 'a lovely and delicious dinner']);
      expect(r.predictions.at(-1)!.text).toBe('a lovely and delicious dinner');
      expect(log.mock.calls.flat().join('\n')).toContain('"a lovely and delicious dinner"');
    } finally {
      vi.restoreAllMocks();
    }
  });
});
