import type { CaseInput, OpCase } from '../testing/case.js';
import { batchNorm, localResponseNormalization } from './normalization.js';
import { refBatchNorm, refLRN } from './conv-reference.js';

const rnd = (shape: number[], seed: number, min = -1, max = 1): CaseInput => ({ shape, random: { seed, min, max } });
const vals = (shape: number[], values: number[]): CaseInput => ({ shape, values });

interface BatchNormConfig {
  name: string;
  x: number[];
  mean: number[];
  variance: number[];
  offset?: number[];
  scale?: number[];
  eps?: number;
}

const bnConfigs: BatchNormConfig[] = [
  { name: 'rank 4 with per-channel offset and scale', x: [2, 3, 3, 4], mean: [4], variance: [4], offset: [4], scale: [4] },
  { name: 'no offset, no scale', x: [3, 5], mean: [5], variance: [5] },
  { name: 'scale only', x: [2, 2, 3], mean: [3], variance: [3], scale: [3], eps: 1e-5 },
  { name: 'offset only, rank-1 x', x: [6], mean: [6], variance: [6], offset: [6] },
  { name: 'broadcast over a middle axis', x: [2, 3, 4], mean: [3, 1], variance: [1, 3, 1], offset: [4], scale: [1, 1, 4] },
  { name: 'full-shape moments, batch 1, C=1', x: [1, 4, 4, 1], mean: [1, 4, 4, 1], variance: [1, 4, 4, 1], offset: [1], scale: [1] },
];

const batchNormCases: OpCase[] = [
  ...bnConfigs.map((c, i): OpCase => {
    const inputs = [rnd(c.x, 1400 + i), rnd(c.mean, 1410 + i), rnd(c.variance, 1420 + i, 0.3, 2)];
    if (c.offset) inputs.push(rnd(c.offset, 1430 + i));
    if (c.scale) inputs.push(rnd(c.scale, 1440 + i, 0.5, 2));
    return {
      op: 'batchNorm',
      name: c.name,
      inputs,
      run: (x, m, v, ...rest) => batchNorm(x!, m!, v!, c.offset ? rest[0] : undefined, c.scale ? rest[c.offset ? 1 : 0] : undefined, c.eps),
      reference: (x, m, v, ...rest) =>
        refBatchNorm(x!, m!, v!, c.offset ? rest[0]! : null, c.scale ? rest[c.offset ? 1 : 0]! : null, c.eps ?? 0.001),
      grad: true,
    };
  }),
  {
    op: 'batchNorm',
    name: 'hand-checked: eps 0',
    inputs: [vals([2, 2], [1, 2, 3, 4]), vals([2], [2, 3]), vals([2], [1, 4]), vals([2], [0, 1]), vals([2], [2, 1])],
    run: (x, m, v, o, s) => batchNorm(x!, m!, v!, o, s, 0),
    expected: { shape: [2, 2], values: [-2, 0.5, 2, 1.5] },
  },
  {
    op: 'batchNorm',
    name: 'throws: mean that does not broadcast',
    inputs: [rnd([2, 3], 1), rnd([4], 2), rnd([3], 3, 0.5, 1)],
    run: (x, m, v) => batchNorm(x!, m!, v!),
    throws: /mean is \[4\]/,
  },
  {
    op: 'batchNorm',
    name: 'throws: scale larger than x',
    inputs: [rnd([3], 1), rnd([3], 2), rnd([3], 3, 0.5, 1), rnd([2, 3], 4)],
    run: (x, m, v, s) => batchNorm(x!, m!, v!, undefined, s),
    throws: /scale is \[2,3\]/,
  },
  {
    op: 'batchNorm',
    name: 'throws: negative varianceEpsilon',
    inputs: [rnd([3], 1), rnd([3], 2), rnd([3], 3, 0.5, 1)],
    run: (x, m, v) => batchNorm(x!, m!, v!, undefined, undefined, -1),
    throws: /argument `varianceEpsilon`/,
  },
];

interface LRNConfig {
  name: string;
  x: number[];
  depthRadius?: number;
  bias?: number;
  alpha?: number;
  beta?: number;
}

const lrnConfigs: LRNConfig[] = [
  { name: 'defaults, C=8, batch 2', x: [2, 2, 3, 8] },
  { name: 'radius 2, bias 2, alpha 0.5, beta 0.75', x: [1, 3, 2, 5], depthRadius: 2, bias: 2, alpha: 0.5, beta: 0.75 },
  { name: 'radius 0', x: [1, 2, 2, 3], depthRadius: 0, bias: 1, alpha: 1, beta: 0.5 },
  { name: 'radius wider than the channels, C=1', x: [2, 3, 3, 1], depthRadius: 3, bias: 1.5, alpha: 0.2, beta: 1 },
  { name: 'rank-3 input', x: [3, 3, 4], depthRadius: 1, bias: 1, alpha: 1, beta: 0.5 },
];

const lrnCases: OpCase[] = [
  ...lrnConfigs.map((c, i): OpCase => ({
    op: 'localResponseNormalization',
    name: c.name,
    inputs: [rnd(c.x, 1500 + i, -2, 2)],
    run: (x) => localResponseNormalization(x!, c.depthRadius, c.bias, c.alpha, c.beta),
    reference: (x) => refLRN(x!, c.depthRadius ?? 5, c.bias ?? 1, c.alpha ?? 1, c.beta ?? 0.5),
    grad: true,
  })),
  {
    op: 'localResponseNormalization',
    name: 'hand-checked: radius 1, beta 1',
    inputs: [vals([1, 1, 1, 3], [1, 2, 3])],
    run: (x) => localResponseNormalization(x!, 1, 1, 1, 1),
    expected: { shape: [1, 1, 1, 3], values: [1 / 6, 2 / 15, 3 / 14] },
  },
  {
    op: 'localResponseNormalization',
    name: 'throws: x of rank 2',
    inputs: [rnd([3, 4], 1)],
    run: (x) => localResponseNormalization(x!),
    throws: /argument `x`/,
  },
  {
    op: 'localResponseNormalization',
    name: 'throws: fractional depthRadius',
    inputs: [rnd([1, 2, 2, 3], 1)],
    run: (x) => localResponseNormalization(x!, 1.5),
    throws: /argument `depthRadius`/,
  },
];

export const normalizationCases: OpCase[] = [...batchNormCases, ...lrnCases];
