import type { CaseInput, HostTensor, OpCase } from '../testing/case.js';
import { avgPool, avgPool1d, maxPool, maxPool1d } from './pool.js';
import type { PadArg } from './conv-util.js';
import { refPool } from './conv-reference.js';
import type { Geometry2D } from './conv-reference.js';

const rnd = (shape: number[], seed: number): CaseInput => ({ shape, random: { seed, min: -2, max: 2 } });
const vals = (shape: number[], values: number[]): CaseInput => ({ shape, values });
const pair = (v: number | [number, number]): [number, number] => (typeof v === 'number' ? [v, v] : v);
const iota = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

interface PoolConfig {
  name: string;
  x: number[];
  size: number | [number, number];
  strides: number | [number, number];
  pad: PadArg;
  mode?: 'floor' | 'round' | 'ceil';
}

const configs: PoolConfig[] = [
  { name: '2x2 stride 2 valid, batch 2', x: [2, 5, 5, 3], size: 2, strides: 2, pad: 'valid' },
  { name: '3x3 stride 2 same, odd sizes', x: [1, 7, 5, 2], size: 3, strides: 2, pad: 'same' },
  { name: '3x3 stride 1 same, C=1', x: [2, 4, 4, 1], size: 3, strides: 1, pad: 'same' },
  { name: 'non-square window, strides [1,2]', x: [1, 4, 6, 2], size: [2, 3], strides: [1, 2], pad: 'valid' },
  { name: 'numeric pad 1', x: [1, 5, 5, 2], size: 3, strides: 2, pad: 1 },
  { name: 'explicit asymmetric pad', x: [2, 4, 5, 1], size: [2, 2], strides: [2, 1], pad: [[0, 0], [1, 0], [0, 1], [0, 0]] },
  { name: 'ceil rounding runs past the input', x: [1, 5, 5, 2], size: 2, strides: 2, pad: 0, mode: 'ceil' },
  { name: '1x1 window, stride 2', x: [1, 5, 4, 3], size: 1, strides: 2, pad: 'same' },
  { name: 'rank-3 input', x: [5, 5, 2], size: 2, strides: 1, pad: 'same' },
];

function refPad(pad: PadArg): Geometry2D['pad'] {
  return Array.isArray(pad) ? [pad[1], pad[2]] : pad;
}

function poolRef(c: PoolConfig, kind: 'max' | 'avg') {
  return (x: HostTensor) => {
    const [kh, kw] = pair(c.size);
    const g: Geometry2D = { strides: pair(c.strides), pad: refPad(c.pad), mode: c.mode };
    if (c.x.length === 3) {
      const y = refPool({ ...x, shape: [1, ...x.shape] }, kh, kw, g, kind);
      return { shape: y.shape.slice(1), values: y.values };
    }
    return refPool(x, kh, kw, g, kind);
  };
}

function cases2d(op: 'maxPool' | 'avgPool', fn: typeof maxPool, seed: number): OpCase[] {
  const kind = op === 'maxPool' ? 'max' : 'avg';
  return [
    ...configs.map((c, i): OpCase => ({
      op,
      name: c.name,
      inputs: [rnd(c.x, seed + i)],
      run: (x) => fn(x!, c.size, c.strides, c.pad, c.mode),
      reference: poolRef(c, kind),
      grad: true,
    })),
    {
      op,
      name: 'throws: x of rank 2',
      inputs: [rnd([4, 4], 1)],
      run: (x) => fn(x!, 2, 2, 'valid'),
      throws: /argument `x`/,
    },
    {
      op,
      name: 'throws: bad pad string',
      inputs: [rnd([1, 4, 4, 1], 1)],
      run: (x) => fn(x!, 2, 2, 'full' as PadArg),
      throws: /argument `pad`/,
    },
    {
      op,
      name: 'throws: zero filterSize',
      inputs: [rnd([1, 4, 4, 1], 1)],
      run: (x) => fn(x!, 0, 2, 'valid'),
      throws: /argument `filterSize`/,
    },
  ];
}

const x4x4 = vals([1, 4, 4, 1], iota(16));

const maxPoolCases: OpCase[] = [
  ...cases2d('maxPool', maxPool, 1000),
  {
    op: 'maxPool',
    name: 'hand-checked: 2x2 stride 2 valid',
    inputs: [x4x4],
    run: (x) => maxPool(x!, 2, 2, 'valid'),
    expected: { shape: [1, 2, 2, 1], values: [6, 8, 14, 16] },
  },
  {
    op: 'maxPool',
    name: 'hand-checked: 3x3 stride 2 same (padding after)',
    inputs: [x4x4],
    run: (x) => maxPool(x!, 3, 2, 'same'),
    expected: { shape: [1, 2, 2, 1], values: [11, 12, 15, 16] },
  },
  {
    op: 'maxPool',
    name: 'hand-checked: all-negative input, same padding ignored',
    inputs: [vals([1, 2, 2, 1], [-4, -3, -2, -1])],
    run: (x) => maxPool(x!, 2, 1, 'same'),
    expected: { shape: [1, 2, 2, 1], values: [-1, -1, -1, -1] },
  },
  {
    op: 'maxPool',
    name: 'int32 input keeps its dtype',
    inputs: [{ shape: [1, 2, 3, 1], values: [1, -5, 3, 7, 2, -8], dtype: 'int32' }],
    run: (x) => maxPool(x!, 2, 1, 'same'),
    expected: { shape: [1, 2, 3, 1], values: [7, 3, 3, 7, 2, -8], dtype: 'int32' },
  },
];

const avgPoolCases: OpCase[] = [
  ...cases2d('avgPool', avgPool, 1100),
  {
    op: 'avgPool',
    name: 'hand-checked: 2x2 stride 2 valid',
    inputs: [x4x4],
    run: (x) => avgPool(x!, 2, 2, 'valid'),
    expected: { shape: [1, 2, 2, 1], values: [3.5, 5.5, 11.5, 13.5] },
  },
  {
    op: 'avgPool',
    name: 'hand-checked: 3x3 stride 2 same divides by the real cells',
    inputs: [x4x4],
    run: (x) => avgPool(x!, 3, 2, 'same'),
    expected: { shape: [1, 2, 2, 1], values: [6, 7.5, 12, 13.5] },
  },
];

interface Pool1DConfig {
  name: string;
  x: number[];
  size: number;
  stride: number;
  pad: 'valid' | 'same' | number;
}

const configs1d: Pool1DConfig[] = [
  { name: 'size 3 stride 2 same, batch 2', x: [2, 7, 3], size: 3, stride: 2, pad: 'same' },
  { name: 'size 2 stride 2 valid, C=1', x: [1, 9, 1], size: 2, stride: 2, pad: 'valid' },
  { name: 'numeric pad 1', x: [2, 5, 2], size: 3, stride: 1, pad: 1 },
  { name: 'rank-2 input', x: [6, 2], size: 2, stride: 1, pad: 'valid' },
];

function cases1d(op: 'maxPool1d' | 'avgPool1d', fn: typeof maxPool1d, seed: number): OpCase[] {
  const kind = op === 'maxPool1d' ? 'max' : 'avg';
  return [
    ...configs1d.map((c, i): OpCase => ({
      op,
      name: c.name,
      inputs: [rnd(c.x, seed + i)],
      run: (x) => fn(x!, c.size, c.stride, c.pad),
      reference: (x) => {
        const x3 = c.x.length === 2 ? [1, ...c.x] : c.x;
        const g: Geometry2D = { strides: [1, c.stride], pad: typeof c.pad === 'number' ? [[0, 0], [c.pad, c.pad]] : c.pad };
        const y = refPool({ ...x!, shape: [x3[0]!, 1, x3[1]!, x3[2]!] }, 1, c.size, g, kind);
        const shape = [y.shape[0]!, y.shape[2]!, y.shape[3]!];
        return { shape: c.x.length === 2 ? shape.slice(1) : shape, values: y.values };
      },
      grad: true,
    })),
    {
      op,
      name: 'throws: x of rank 4',
      inputs: [rnd([1, 1, 4, 1], 1)],
      run: (x) => fn(x!, 2, 2, 'valid'),
      throws: /argument `x`/,
    },
    {
      op,
      name: 'throws: bad pad string',
      inputs: [rnd([1, 4, 1], 1)],
      run: (x) => fn(x!, 2, 2, 'full' as 'same'),
      throws: /argument `pad`/,
    },
  ];
}

const x1d = vals([1, 5, 1], [1, 3, 2, 5, 4]);

const pool1dCases: OpCase[] = [
  ...cases1d('maxPool1d', maxPool1d, 1200),
  ...cases1d('avgPool1d', avgPool1d, 1300),
  {
    op: 'maxPool1d',
    name: 'hand-checked: size 2 stride 2 same',
    inputs: [x1d],
    run: (x) => maxPool1d(x!, 2, 2, 'same'),
    expected: { shape: [1, 3, 1], values: [3, 5, 4] },
  },
  {
    op: 'avgPool1d',
    name: 'hand-checked: size 2 stride 2 same',
    inputs: [x1d],
    run: (x) => avgPool1d(x!, 2, 2, 'same'),
    expected: { shape: [1, 3, 1], values: [2, 3.5, 4] },
  },
];

export const poolCases: OpCase[] = [...maxPoolCases, ...avgPoolCases, ...pool1dCases];
