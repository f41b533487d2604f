import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { decisionLine, main, twoClassData } from './logistic-regression.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
});

describe('the decision line of the logistic-regression example', () => {
  it('rewrites w1·x1 + w2·x2 + b = 0 as x2 = m·x1 + c', () => {
    const line = decisionLine([2, 4], -1);
    expect(line).toEqual({ m: -0.5, c: 0.25, text: 'x2 = -0.5000·x1 + 0.2500' });
    // every point of the line has w·x + b = 0, i.e. probability 0.5
    for (const x1 of [-3, 0, 1.5]) {
      const { m, c } = line as { m: number; c: number };
      expect(2 * x1 + 4 * (m * x1 + c) - 1).toBeCloseTo(0, 12);
    }
    expect(decisionLine([1, -1], 2).text).toBe('x2 = 1.0000·x1 + 2.0000');
    expect(decisionLine([1, 2], 1).text).toBe('x2 = -0.5000·x1 - 0.5000');
    expect(decisionLine([2, 0], 1)).toEqual({ x1: -0.5, text: 'x1 = -0.5000' });
    expect(() => decisionLine([0, 0], 1)).toThrow(/both weights are 0/);
  });

  it('main trains, prints the line, and the line separates the two blobs', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const before = tf.memory().numTensors;
    try {
      const r = await main(['--epochs', '200', '--learning-rate', '0.1', '--n', '200', '--seed', '7']);
      expect(r.losses[199]!).toBeLessThan(r.losses[0]!);
      const out = log.mock.calls.flat().join('\n');
      expect(out).toContain(`decision line (w1·x1 + w2·x2 + b = 0): ${r.line.text}`);
      // blobs around (-1,-1) and (1,1): the line runs roughly along x2 = -x1
      const { m, c } = r.line as { m: number; c: number };
      expect(m).toBeLessThan(-0.5);
      expect(m).toBeGreaterThan(-2);
      expect(Math.abs(c)).toBeLessThan(0.5);
      // points above the line are class 1: 200 points, chance 50%, 85% is 10 standard errors above it
      const { x, y } = twoClassData(200, 7);
      let right = 0;
      for (let i = 0; i < 200; i++) right += Number((x[2 * i + 1]! > m * x[2 * i]! + c) === (y[i] === 1));
      expect(right / 200).toBeGreaterThan(0.85);
    } finally {
      log.mockRestore();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
