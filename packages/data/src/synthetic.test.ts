import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { banknoteLike, circles, spirals, twoClassBlobs, xor } from './index.js';
import type { SyntheticOptions, SyntheticSet } from './index.js';

beforeAll(async () => {
  if (tf.listBackends().includes('cpu')) await tf.setBackend(tf.getBackend('cpu'));
  else await tf.setBackend(cpu());
});
let baseline = 0;
beforeEach(() => {
  baseline = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(baseline);
});

function read(s: SyntheticSet): { x: number[]; y: number[] } {
  const out = { x: Array.from(s.xs.dataSync()), y: Array.from(s.ys.dataSync()) };
  tf.dispose([s.xs, s.ys]);
  return out;
}

const sets: [string, (n: number, o?: SyntheticOptions) => SyntheticSet][] = [
  ['twoClassBlobs', twoClassBlobs],
  ['circles', circles],
  ['xor', xor],
  ['spirals', spirals],
  ['banknoteLike', banknoteLike],
];

describe.each(sets)('%s', (name, make) => {
  it('has xs [n, 2] float32 and ys [n, 1] by default, [n] int32 or one-hot on request', () => {
    const s = make(101);
    expect(s.xs.shape).toEqual([101, 2]);
    expect(s.xs.dtype).toBe('float32');
    expect(s.ys.shape).toEqual([101, 1]);
    expect(s.ys.dtype).toBe('float32');
    const { x, y } = read(s);
    expect(x.every(Number.isFinite)).toBe(true);
    expect(y.every((l) => l === 0 || l === 1)).toBe(true);
    const idx = make(10, { labels: 'index' });
    expect(idx.ys.dtype).toBe('int32');
    expect(idx.ys.shape).toEqual([10]);
    tf.dispose([idx.xs, idx.ys]);
    const hot = make(10, { labels: 'oneHot' });
    expect(hot.ys.shape).toEqual([10, 2]);
    tf.dispose([hot.xs, hot.ys]);
  });

  it('is deterministic: same seed same data, another seed other data', () => {
    expect(read(make(50, { seed: 4 }))).toEqual(read(make(50, { seed: 4 })));
    expect(read(make(50))).toEqual(read(make(50, { seed: 0 })));
    expect(read(make(50, { seed: 5 })).x).not.toEqual(read(make(50, { seed: 4 })).x);
  });

  it('has the documented class balance', () => {
    const { y } = read(make(200, { labels: 'index' }));
    const ones = y.filter((l) => l === 1).length;
    expect(ones).toBe(name === 'banknoteLike' ? 200 - Math.round((200 * 762) / 1372) : 100);
  });

  it('orders rows by class without shuffling', () => {
    const { y } = read(make(7, { labels: 'index', shuffle: false }));
    expect(y).toEqual([0, 0, 0, 0, 1, 1, 1]);
  });

  it('validates n and options', () => {
    expect(() => make(-1)).toThrow(`${name}: invalid value for argument \`n\``);
    expect(() => make(5, { noise: -1 })).toThrow(/noise/);
    expect(() => make(5, { labels: 'x' as never })).toThrow(/labels/);
  });
});

describe('set geometry', () => {
  it('blobs sit around their centres', () => {
    const { x, y } = read(twoClassBlobs(400, { labels: 'index', noise: 0.1, centers: [[-3, 0], [3, 0]] }));
    y.forEach((c, i) => expect(Math.abs(x[2 * i]! - (c === 0 ? -3 : 3))).toBeLessThan(1));
  });

  it('circles without noise lie on radius 1 (class 0) and factor (class 1)', () => {
    const { x, y } = read(circles(40, { noise: 0, factor: 0.3, labels: 'index' }));
    y.forEach((c, i) => expect(Math.hypot(x[2 * i]!, x[2 * i + 1]!)).toBeCloseTo(c === 0 ? 1 : 0.3, 5));
  });

  it('xor without noise labels by quadrant', () => {
    const { x, y } = read(xor(100, { labels: 'index' }));
    y.forEach((c, i) => expect(c).toBe(x[2 * i]! * x[2 * i + 1]! > 0 ? 0 : 1));
  });

  it('spirals support more classes and stay within radius ~1', () => {
    const s = spirals(90, { classes: 3, labels: 'index', noise: 0 });
    const { x, y } = read(s);
    expect(new Set(y)).toEqual(new Set([0, 1, 2]));
    for (let i = 0; i < 90; i++) expect(Math.hypot(x[2 * i]!, x[2 * i + 1]!)).toBeLessThanOrEqual(1 + 1e-6);
  });

  it('banknoteLike classes have the UCI means', () => {
    const { x, y } = read(banknoteLike(4000, { labels: 'index' }));
    const mean = (c: number, f: number) => {
      const v = y.flatMap((l, i) => (l === c ? [x[2 * i + f]!] : []));
      return v.reduce((a, b) => a + b, 0) / v.length;
    };
    expect(mean(0, 0)).toBeCloseTo(2.28, 0);
    expect(mean(1, 0)).toBeCloseTo(-1.87, 0);
    expect(mean(0, 1)).toBeGreaterThan(3);
    expect(mean(1, 1)).toBeLessThan(0);
  });
});
