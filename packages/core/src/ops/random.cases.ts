import { tidy } from '../engine.js';
import { keysFromSeed, uniformAt } from '../random.js';
import type { Tensor } from '../tensor.js';
import type { OpCase } from '../testing/case.js';
import { generate } from '../testing/reference.js';
import { cast } from './basic.js';
import { abs, sqrt, square } from './unary.js';
import { all, any, max, mean, min } from './reduce.js';
import { equal, greaterEqual, less, lessEqual, logicalOr, mul, notEqual, sub } from './binary.js';
import { dropout, randomNormal, randomUniform, truncatedNormal } from './random.js';
import { slice } from './transform.js';

/**
 * Cases for the random ops: determinism (same seed, same values; another seed, other values), shape and dtype,
 * and statistics of 10,000 samples within a few standard errors (SE): the mean's SE is σ/100 and the standard
 * deviation's about σ/141, so a tolerance of 4 SE fails a correct op about once in 15,000 runs of a new seed, and
 * never with these fixed seeds.
 */
const N = 10_000;

/** Mean and standard deviation (biased) of x, as a [2] tensor pair. */
function stats(x: Tensor): Tensor[] {
  const m = mean(x);
  const sd = sqrt(mean(square(sub(x, m))));
  return [m, sd];
}

/** [same seed gives equal values, another seed gives different values] */
function determinism(make: (seed: number) => Tensor): Tensor[] {
  const a = make(7);
  const b = make(7);
  const c = make(8);
  return [all(equal(a, b)), any(notEqual(a, c))];
}

const yes = (n = 1) => Array.from({ length: n }, () => ({ shape: [], values: [1], dtype: 'bool' as const }));

const uniformCases: OpCase[] = [
  {
    op: 'randomUniform',
    name: 'same seed same values, another seed other values',
    inputs: [],
    run: () => tidy(() => determinism((s) => randomUniform([1000], 0, 1, 'float32', s))),
    expected: yes(2),
  },
  {
    op: 'randomUniform',
    name: 'values follow the counter-based stream of the seed',
    inputs: [],
    run: () => randomUniform([2, 3], -1, 3, 'float32', 123),
    // The stream is a pure function of (seed, index), so every backend produces these values.
    reference: () => {
      const keys = keysFromSeed(123);
      return generate([2, 3], 'float32', ([i, j]) => -1 + uniformAt(keys, i! * 3 + j!) * 4);
    },
  },
  {
    op: 'randomUniform',
    name: `mean and std of ${N} samples in [2, 5)`,
    inputs: [],
    run: () => tidy(() => stats(randomUniform([N], 2, 5, 'float32', 11))),
    // σ = 3/√12 ≈ 0.866: SE of the mean 0.0087.
    expected: [
      { shape: [], values: [3.5] },
      { shape: [], values: [3 / Math.sqrt(12)] },
    ],
    atol: 0.035,
  },
  {
    op: 'randomUniform',
    name: 'stays in [minval, maxval)',
    inputs: [],
    run: () =>
      tidy(() => {
        const x = randomUniform([N], -2, -1, 'float32', 12);
        return [all(greaterEqual(x, -2)), all(less(x, -1))];
      }),
    expected: yes(2),
  },
  {
    op: 'randomUniform',
    name: 'int32 covers [minval, maxval)',
    inputs: [],
    run: () =>
      tidy(() => {
        const x = randomUniform([N], 0, 10, 'int32', 13);
        return [min(x), max(x), mean(x)];
      }),
    // Mean of 0..9 is 4.5 with σ ≈ 2.87: SE 0.029.
    expected: [
      { shape: [], values: [0], dtype: 'int32' },
      { shape: [], values: [9], dtype: 'int32' },
      { shape: [], values: [4.5] },
    ],
    atol: 0.12,
  },
  {
    op: 'randomUniform',
    name: 'size 0 and rank 0',
    inputs: [],
    run: () => tidy(() => [randomUniform([0, 3], 0, 1, 'float32', 1), cast(less(randomUniform([], 0, 1, 'float32', 1), 1), 'int32')]),
    expected: [
      { shape: [0, 3], values: [] },
      { shape: [], values: [1], dtype: 'int32' },
    ],
  },
  {
    op: 'randomUniform',
    name: 'rejects minval > maxval',
    inputs: [],
    run: () => randomUniform([2], 2, 1),
    throws: /^randomUniform: expected minval <= maxval. Received: minval=2, maxval=1/,
  },
  {
    op: 'randomUniform',
    name: 'rejects a bad shape',
    inputs: [],
    run: () => randomUniform([2, -3]),
    throws: /^randomUniform: invalid value for argument `shape`. Expected an array of non-negative integers. Received: \[2,-3\]/,
  },
  {
    op: 'randomUniform',
    name: 'rejects a NaN seed',
    inputs: [],
    run: () => randomUniform([2], 0, 1, 'float32', NaN),
    throws: /^randomUniform: invalid value for argument `seed`. Expected a finite number. Received: seed=NaN/,
  },
  {
    op: 'randomUniform',
    name: 'rejects a bool dtype',
    inputs: [],
    run: () => randomUniform([2], 0, 1, 'bool' as 'float32'),
    throws: /^randomUniform: invalid value for argument `dtype`.*Received: bool/,
  },
];

const normalCases: OpCase[] = [
  {
    op: 'randomNormal',
    name: 'same seed same values, another seed other values',
    inputs: [],
    run: () => tidy(() => determinism((s) => randomNormal([1000], 0, 1, 'float32', s))),
    expected: yes(2),
  },
  {
    op: 'randomNormal',
    name: `mean and std of ${N} samples`,
    inputs: [],
    run: () => tidy(() => stats(randomNormal([N], 2, 3, 'float32', 21))),
    // SE of the mean 3/100, of the std about 3/141.
    expected: [
      { shape: [], values: [2] },
      { shape: [], values: [3] },
    ],
    atol: 0.12,
  },
  {
    op: 'randomNormal',
    name: 'shape [2,3,4] float32',
    inputs: [],
    run: () => tidy(() => cast(lessEqual(abs(randomNormal([2, 3, 4], 0, 1, 'float32', 22)), 10), 'float32')),
    expected: { shape: [2, 3, 4], values: new Array(24).fill(1) },
  },
  {
    op: 'randomNormal',
    name: 'rejects an int32 dtype',
    inputs: [],
    run: () => randomNormal([2], 0, 1, 'int32' as 'float32'),
    throws: /^randomNormal: expected a float dtype. Received: int32/,
  },
];

const truncatedCases: OpCase[] = [
  {
    op: 'truncatedNormal',
    name: 'same seed same values, another seed other values',
    inputs: [],
    run: () => tidy(() => determinism((s) => truncatedNormal([1000], 0, 1, 'float32', s))),
    expected: yes(2),
  },
  {
    op: 'truncatedNormal',
    name: 'within two standard deviations',
    inputs: [],
    run: () => tidy(() => all(lessEqual(abs(sub(truncatedNormal([N], 5, 0.5, 'float32', 31), 5)), 1 + 1e-6))),
    expected: yes(1),
  },
  {
    op: 'truncatedNormal',
    name: `mean and std of ${N} samples`,
    inputs: [],
    run: () => tidy(() => stats(truncatedNormal([N], -1, 2, 'float32', 32))),
    // A normal cut at ±2σ keeps the mean and has std 0.8796σ.
    expected: [
      { shape: [], values: [-1] },
      { shape: [], values: [2 * 0.8796] },
    ],
    atol: 0.08,
  },
  {
    op: 'truncatedNormal',
    name: 'rejects an int32 dtype',
    inputs: [],
    run: () => truncatedNormal([2], 0, 1, 'int32' as 'float32'),
    throws: /^truncatedNormal: expected a float dtype. Received: int32/,
  },
];

const dropoutCases: OpCase[] = [
  {
    op: 'dropout',
    name: 'keeps about 1 - rate',
    inputs: [{ shape: [N], random: { min: 1, max: 2, seed: 41 } }],
    run: (x) => tidy(() => mean(cast(notEqual(dropout(x, 0.3, undefined, 42), 0), 'float32'))),
    // SE of the kept fraction √(0.7·0.3/10000) ≈ 0.0046.
    expected: { shape: [], values: [0.7] },
    atol: 0.02,
  },
  {
    op: 'dropout',
    name: 'scales kept values by 1/(1 - rate)',
    inputs: [{ shape: [50, 20], random: { min: 1, max: 2, seed: 43 } }],
    run: (x) =>
      tidy(() => {
        const y = dropout(x, 0.25, undefined, 44);
        const scaled = mul(x, 1 / 0.75);
        return all(logicalOr(equal(y, 0), lessEqual(abs(sub(y, scaled)), mul(scaled, 1e-6))));
      }),
    expected: yes(1),
  },
  {
    op: 'dropout',
    name: 'same seed same mask, another seed another',
    inputs: [{ shape: [1000], random: { min: 1, max: 2, seed: 45 } }],
    run: (x) => tidy(() => determinism((s) => dropout(x, 0.5, undefined, s))),
    expected: yes(2),
  },
  {
    op: 'dropout',
    name: 'noiseShape shares the mask along size-1 dims',
    inputs: [{ shape: [30, 8], random: { min: 1, max: 2, seed: 46 } }],
    run: (x) =>
      tidy(() => {
        const kept = notEqual(dropout(x, 0.5, [1, 8], 47), 0);
        return all(equal(kept, slice(kept, [0, 0], [1, 8])));
      }),
    expected: yes(1),
  },
  {
    op: 'dropout',
    name: 'rate 0 keeps the values',
    inputs: [{ shape: [3, 4], random: { seed: 48 } }],
    run: (x) => dropout(x, 0),
    reference: (x) => ({ ...x }),
  },
  {
    op: 'dropout',
    name: 'rejects rate 1',
    inputs: [{ shape: [2], values: [1, 2] }],
    run: (x) => dropout(x, 1),
    throws: /^dropout: invalid value for argument `rate`. Expected a float in \[0, 1\). Received: rate=1/,
  },
  {
    op: 'dropout',
    name: 'rejects int32 x',
    inputs: [{ shape: [2], values: [1, 2], dtype: 'int32' }],
    run: (x) => dropout(x, 0.5),
    throws: /^dropout: expected a float tensor for argument `x`. Received: int32/,
  },
  {
    op: 'dropout',
    name: 'rejects a noiseShape that does not broadcast',
    inputs: [{ shape: [2, 3], values: [1, 2, 3, 4, 5, 6] }],
    run: (x) => dropout(x, 0.5, [2, 2]),
    throws: /^dropout: shapes cannot be broadcast together: x is \[2,3\], noiseShape is \[2,2\]/,
  },
];

export const randomCases: OpCase[] = [...uniformCases, ...normalCases, ...truncatedCases, ...dropoutCases];
