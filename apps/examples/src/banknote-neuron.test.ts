import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { COURSE_PARAMS, forwardWithModel, forwardWithOps, main, trainBanknoteNeuron } from './banknote-neuron.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
});

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const EXPECTED = sigmoid(0.3 * 1 + 0.1 * 2.2 + 1.0); // 0.8205384…

describe('banknote neuron (course example)', () => {
  it('computes sigmoid(0.3·1 + 0.1·2.2 + 1.0) with ops and with a Dense layer', async () => {
    const before = tf.memory().numTensors;
    const { z, probability } = await forwardWithOps();
    expect(z).toBeCloseTo(1.52, 6);
    expect(probability).toBeCloseTo(EXPECTED, 6);
    expect(EXPECTED).toBeCloseTo(0.820538, 6);
    const viaModel = await forwardWithModel();
    expect(viaModel).toBeCloseTo(EXPECTED, 6);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('follows other parameters', async () => {
    const p = { w1: -2, w2: 0.5, b: 0.25, x1: 0.5, x2: -1 };
    expect((await forwardWithOps(p)).probability).toBeCloseTo(sigmoid(-2 * 0.5 + 0.5 * -1 + 0.25), 6);
    expect(await forwardWithModel(p)).toBeCloseTo(sigmoid(-1.25), 6);
  });

  it('learns the weights from banknote-like data: loss falls, held-out accuracy far above the 56% majority', async () => {
    const before = tf.memory().numTensors;
    const t = await trainBanknoteNeuron({ n: 1000, epochs: 5 });
    expect(t.losses.length).toBe(5);
    expect(t.losses[4]!).toBeLessThan(t.losses[0]!);
    // the majority class is 56% of the notes; 80% of 250 held-out notes is more than 7 standard errors above it
    expect(t.testAccuracy).toBeGreaterThan(0.8);
    // forged notes have lower variance: the learned w1 is negative
    expect(t.w1).toBeLessThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('main prints the forward pass; the CLI rejects bad values', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const { probability } = await main(['--backend', 'cpu']);
      expect(probability).toBeCloseTo(EXPECTED, 6);
      expect(log.mock.calls.flat().join('\n')).toContain('0.820538');
      expect((await main(['--w1', '0', '--w2', '0', '--b', '0'])).probability).toBe(0.5);
    } finally {
      log.mockRestore();
    }
    await expect(main(['--w1', 'abc'])).rejects.toThrow(/invalid value for --w1\. Expected a number\. Received: abc/);
    await expect(main(['--backend', 'gpu'])).rejects.toThrow(/invalid value for --backend\. Expected one of cpu/);
    await expect(main(['--nope'])).rejects.toThrow(/Unknown option '--nope'/);
    expect(COURSE_PARAMS).toEqual({ w1: 0.3, w2: 0.1, b: 1.0, x1: 1, x2: 2.2 });
  });
});
