import * as tf from '@tensorflow/tfjs';
import * as tessera from '@tessera/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Lib } from './harness.js';
import { scopeOf, setupBackends, tensorCounts } from './harness.js';

/**
 * Random ops cannot match tfjs value for value: tfjs draws from seedrandom's Alea stream (and Math.random when
 * unseeded), Tessera from a counter-based stream that every backend reproduces. So these compare what both must
 * share — shape, dtype, range and the distribution's moments over 20,000 draws — and check Tessera's seeding.
 */

const SHAPE = [100, 200];
const N = SHAPE[0]! * SHAPE[1]!;

interface Stats {
  shape: number[];
  dtype: string;
  mean: number;
  std: number;
  min: number;
  max: number;
  zeros: number;
}

function stats(lib: Lib, make: (lib: Lib) => { shape: number[]; dtype: string; dataSync(): ArrayLike<number> }): Stats {
  let s: Stats | undefined;
  scopeOf(lib === tf ? 'tfjs' : 'tessera')(() => {
    const t = make(lib);
    const v = Array.from(t.dataSync());
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
    s = { shape: [...t.shape], dtype: t.dtype, mean, std, min: Math.min(...v), max: Math.max(...v), zeros: v.filter((x) => x === 0).length };
  });
  return s!;
}

/** Both libraries' statistics, each checked against the distribution's own moments. */
function both(make: (lib: Lib) => { shape: number[]; dtype: string; dataSync(): ArrayLike<number> }): [Stats, Stats] {
  return [stats(tessera, make), stats(tf, make)];
}

// 5 standard errors: a seeded run either passes or fails deterministically, with ample margin.
const se = (std: number) => (5 * std) / Math.sqrt(N);

describe('random ops agree with tfjs 4.22 in distribution (values cannot match)', () => {
  let baseline = { tessera: 0, tfjs: 0 };
  beforeAll(async () => {
    await setupBackends();
    baseline = tensorCounts();
  });

  it('randomUniform: float32 in [min, max) with the uniform mean and spread', () => {
    const [ours, theirs] = both((lib) => lib.randomUniform(SHAPE, -2, 3, 'float32', 7));
    const std = 5 / Math.sqrt(12);
    for (const s of [ours, theirs]) {
      expect(s.shape).toEqual(SHAPE);
      expect(s.dtype).toBe('float32');
      expect(s.min).toBeGreaterThanOrEqual(-2);
      expect(s.max).toBeLessThan(3);
      expect(Math.abs(s.mean - 0.5)).toBeLessThan(se(std));
      expect(Math.abs(s.std - std)).toBeLessThan(0.02);
    }
  });

  it('randomUniform int32: integers in [min, max)', () => {
    const [ours, theirs] = both((lib) => lib.randomUniform(SHAPE, 0, 10, 'int32', 7));
    for (const s of [ours, theirs]) {
      expect(s.dtype).toBe('int32');
      expect(s.min).toBe(0);
      expect(s.max).toBe(9);
      expect(Math.abs(s.mean - 4.5)).toBeLessThan(se(Math.sqrt(99 / 12)));
    }
  });

  it('randomNormal: mean and standard deviation', () => {
    const [ours, theirs] = both((lib) => lib.randomNormal(SHAPE, 1.5, 2, 'float32', 11));
    for (const s of [ours, theirs]) {
      expect(s.shape).toEqual(SHAPE);
      expect(s.dtype).toBe('float32');
      expect(Math.abs(s.mean - 1.5)).toBeLessThan(se(2));
      expect(Math.abs(s.std - 2)).toBeLessThan(0.05);
    }
  });

  it('truncatedNormal: within two standard deviations, with the truncated spread', () => {
    // Both redraw outside 2σ; neither applies Keras's 0.8796 stddev correction (that belongs to initializers).
    const [ours, theirs] = both((lib) => lib.truncatedNormal(SHAPE, -1, 0.5, 'float32', 13));
    const truncatedStd = 0.5 * 0.8796256610342398;
    for (const s of [ours, theirs]) {
      expect(s.dtype).toBe('float32');
      expect(s.min).toBeGreaterThanOrEqual(-2);
      expect(s.max).toBeLessThanOrEqual(0);
      expect(Math.abs(s.mean + 1)).toBeLessThan(se(truncatedStd));
      expect(Math.abs(s.std - truncatedStd)).toBeLessThan(0.02);
    }
  });

  it('dropout: drops about `rate` and scales the rest by 1/(1-rate)', () => {
    const [ours, theirs] = both((lib) => lib.dropout(lib.ones(SHAPE), 0.3, undefined, 5));
    for (const s of [ours, theirs]) {
      expect(s.shape).toEqual(SHAPE);
      expect(s.dtype).toBe('float32');
      expect(Math.abs(s.zeros / N - 0.3)).toBeLessThan(se(Math.sqrt(0.3 * 0.7)));
      expect(s.max).toBeCloseTo(1 / 0.7, 6);
      // Expected value is preserved: mean ≈ 1.
      expect(Math.abs(s.mean - 1)).toBeLessThan(0.02);
    }
  });

  it('dropout with a noiseShape shares the mask along broadcast dims', () => {
    const pick = (lib: Lib): number[] => {
      let v: number[] = [];
      scopeOf(lib === tf ? 'tfjs' : 'tessera')(() => {
        v = Array.from(lib.dropout(lib.ones([50, 8]), 0.5, [50, 1], 3).dataSync() as ArrayLike<number>);
      });
      return v;
    };
    for (const v of [pick(tessera), pick(tf)]) {
      for (let r = 0; r < 50; r++) expect(new Set(v.slice(r * 8, r * 8 + 8)).size).toBe(1);
    }
  });

  it('Tessera: the same seed gives the same values; different seeds differ', () => {
    const read = (seed: number) => tessera.tidy(() => Array.from(tessera.randomNormal([64], 0, 1, 'float32', seed).dataSync()));
    expect(read(42)).toEqual(read(42));
    expect(read(42)).not.toEqual(read(43));
  });

  it('leaves no tensors behind', () => {
    expect(tensorCounts()).toEqual(baseline);
  });
});
