import type { HostTensor, OpCase, CaseExpected } from '../testing/case.js';
import { at, generate } from '../testing/reference.js';
import { concat, split, stack, tile, unstack } from './concat.js';

/** Cases for concat, stack, unstack, split and tile. */

const iota = (n: number, start = 1) => Array.from({ length: n }, (_, i) => start + i);
const rnd = (shape: number[], seed: number) => ({ shape, random: { min: -3, max: 3, seed } });

function concatRef(axis: number) {
  return (...xs: HostTensor[]): CaseExpected => {
    const rank = xs[0]!.shape.length;
    const ax = axis < 0 ? axis + rank : axis;
    const shape = [...xs[0]!.shape];
    shape[ax] = xs.reduce((s, x) => s + x.shape[ax]!, 0);
    return generate(shape, xs[0]!.dtype, (idx) => {
      let i = idx[ax]!;
      for (const x of xs) {
        if (i < x.shape[ax]!) return at(x, idx.map((v, k) => (k === ax ? i : v)));
        i -= x.shape[ax]!;
      }
      throw new Error('unreachable');
    });
  };
}

/** Pieces of x along `axis` with the given sizes; `squeezeAxis` drops the axis (unstack). */
function splitRef(sizes: number[], axis: number, squeezeAxis = false) {
  return (x: HostTensor): CaseExpected[] => {
    let pos = 0;
    return sizes.map((s) => {
      const begin = pos;
      pos += s;
      const shape = x.shape.map((d, k) => (k === axis ? s : d));
      const piece = generate(shape, x.dtype, (idx) => at(x, idx.map((v, k) => (k === axis ? v + begin : v))));
      return squeezeAxis ? { ...piece, shape: shape.filter((_, k) => k !== axis) } : piece;
    });
  };
}

function tileRef(reps: number[]) {
  return (x: HostTensor) =>
    generate(
      x.shape.map((d, i) => d * reps[i]!),
      x.dtype,
      (idx) => at(x, idx.map((v, i) => v % x.shape[i]!)),
    );
}

const concatOpCases: OpCase[] = [
  {
    op: 'concat',
    name: 'axis 0 hand-checked',
    inputs: [{ shape: [1, 2], values: [1, 2] }, { shape: [2, 2], values: [3, 4, 5, 6] }],
    run: (a, b) => concat([a, b]),
    expected: { shape: [3, 2], values: [1, 2, 3, 4, 5, 6] },
    grad: true,
  },
  {
    op: 'concat',
    name: 'axis 1 of three',
    inputs: [rnd([2, 3], 81), rnd([2, 1], 82), rnd([2, 4], 83)],
    run: (a, b, c) => concat([a, b, c], 1),
    reference: concatRef(1),
    grad: true,
  },
  {
    op: 'concat',
    name: 'axis -1 of rank 3',
    inputs: [rnd([2, 2, 3], 84), rnd([2, 2, 2], 85)],
    run: (a, b) => concat([a, b], -1),
    reference: concatRef(-1),
    grad: true,
  },
  {
    op: 'concat',
    name: 'a size-0 piece',
    inputs: [{ shape: [0, 2], values: [] }, { shape: [2, 2], values: [1, 2, 3, 4] }, { shape: [0, 2], values: [] }],
    run: (a, b, c) => concat([a, b, c]),
    expected: { shape: [2, 2], values: [1, 2, 3, 4] },
  },
  {
    op: 'concat',
    name: 'int32 with float32 promotes',
    inputs: [{ shape: [2], values: [1, 2], dtype: 'int32' }, { shape: [1], values: [0.5] }],
    run: (a, b) => concat([a, b]),
    expected: { shape: [3], values: [1, 2, 0.5] },
  },
  {
    op: 'concat',
    name: 'bool and int32',
    inputs: [
      { shape: [2], values: [1, 0], dtype: 'bool' },
      { shape: [1], values: [1], dtype: 'bool' },
      { shape: [2], values: [7, 8], dtype: 'int32' },
      { shape: [1], values: [9], dtype: 'int32' },
    ],
    run: (a, b, c, d) => [concat([a, b]), concat([c, d])],
    expected: [
      { shape: [3], values: [1, 0, 1], dtype: 'bool' },
      { shape: [3], values: [7, 8, 9], dtype: 'int32' },
    ],
  },
  {
    op: 'concat',
    name: 'one tensor',
    inputs: [{ shape: [2], values: [1, 2] }],
    run: (a) => concat([a]),
    expected: { shape: [2], values: [1, 2] },
  },
  {
    op: 'concat',
    name: 'rejects mismatched shapes',
    inputs: [rnd([2, 2], 86), rnd([2, 3], 87)],
    run: (a, b) => concat([a, b], 0),
    throws: /^concat: tensors\[1\] has shape \[2,3\], which does not match tensors\[0\] \[2,2\] outside axis 0/,
  },
  {
    op: 'concat',
    name: 'rejects rank-0 tensors',
    inputs: [{ shape: [], values: [1] }, { shape: [], values: [2] }],
    run: (a, b) => concat([a, b]),
    throws: /^concat: cannot concatenate rank-0 tensors; use stack/,
  },
  {
    op: 'concat',
    name: 'rejects an empty list',
    inputs: [],
    run: () => concat([]),
    throws: /^concat: invalid value for argument `tensors`. Expected a non-empty array/,
  },
  {
    op: 'concat',
    name: 'rejects an axis out of range',
    inputs: [rnd([2], 88), rnd([2], 89)],
    run: (a, b) => concat([a, b], 1),
    throws: /^concat: invalid value for argument `axis`.*axis=1/,
  },
];

const stackCases: OpCase[] = [
  {
    op: 'stack',
    name: 'axis 0 hand-checked',
    inputs: [{ shape: [2], values: [1, 2] }, { shape: [2], values: [3, 4] }],
    run: (a, b) => stack([a, b]),
    expected: { shape: [2, 2], values: [1, 2, 3, 4] },
    grad: true,
  },
  {
    op: 'stack',
    name: 'axis 1 and -1',
    inputs: [{ shape: [2], values: [1, 2] }, { shape: [2], values: [3, 4] }, { shape: [2], values: [5, 6] }],
    run: (a, b, c) => [stack([a, b, c], 1), stack([a, b, c], -1)],
    expected: [
      { shape: [2, 3], values: [1, 3, 5, 2, 4, 6] },
      { shape: [2, 3], values: [1, 3, 5, 2, 4, 6] },
    ],
    grad: true,
  },
  {
    op: 'stack',
    name: 'rank-0 tensors',
    inputs: [{ shape: [], values: [1] }, { shape: [], values: [2] }],
    run: (a, b) => stack([a, b]),
    expected: { shape: [2], values: [1, 2] },
  },
  {
    op: 'stack',
    name: 'rejects different shapes',
    inputs: [rnd([2], 90), rnd([3], 91)],
    run: (a, b) => stack([a, b]),
    throws: /^stack: tensors\[1\] has shape \[3\]; every tensor must have the shape of tensors\[0\], \[2\]/,
  },
  {
    op: 'unstack',
    name: 'axis 0 hand-checked',
    inputs: [{ shape: [3, 2], values: iota(6) }],
    run: (x) => unstack(x),
    expected: [
      { shape: [2], values: [1, 2] },
      { shape: [2], values: [3, 4] },
      { shape: [2], values: [5, 6] },
    ],
    grad: true,
  },
  {
    op: 'unstack',
    name: 'axis 1 of rank 3',
    inputs: [rnd([2, 3, 2], 92)],
    run: (x) => unstack(x, 1),
    reference: splitRef([1, 1, 1], 1, true),
    grad: true,
  },
  {
    op: 'unstack',
    name: 'rejects an axis out of range',
    inputs: [rnd([2, 2], 93)],
    run: (x) => unstack(x, 2),
    throws: /^unstack: invalid value for argument `axis`.*axis=2/,
  },
];

const splitCases: OpCase[] = [
  {
    op: 'split',
    name: 'in 2 along axis 1',
    inputs: [{ shape: [2, 4], values: iota(8) }],
    run: (x) => split(x, 2, 1),
    expected: [
      { shape: [2, 2], values: [1, 2, 5, 6] },
      { shape: [2, 2], values: [3, 4, 7, 8] },
    ],
    grad: true,
  },
  {
    op: 'split',
    name: 'sizes with -1',
    inputs: [rnd([5, 3], 94)],
    run: (x) => split(x, [1, -1, 2]),
    reference: splitRef([1, 2, 2], 0),
    grad: true,
  },
  {
    op: 'split',
    name: 'a size-0 piece',
    inputs: [rnd([2, 3], 95)],
    run: (x) => split(x, [0, 3], 1),
    reference: splitRef([0, 3], 1),
  },
  {
    op: 'split',
    name: 'rejects a count that does not divide',
    inputs: [rnd([3], 96)],
    run: (x) => split(x, 2),
    throws: /^split: invalid value for argument `numOrSizeSplits`. Expected a positive divisor of 3/,
  },
  {
    op: 'split',
    name: 'rejects sizes that do not sum to the dim',
    inputs: [rnd([4], 97)],
    run: (x) => split(x, [1, 2]),
    throws: /^split: invalid value for argument `numOrSizeSplits`. Expected sizes summing to 4.*Received: \[1,2\]/,
  },
];

const tileCases: OpCase[] = [
  {
    op: 'tile',
    name: 'hand-checked reps [2,3]',
    inputs: [{ shape: [1, 2], values: [1, 2] }],
    run: (x) => tile(x, [2, 3]),
    expected: { shape: [2, 6], values: [1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2] },
    grad: true,
  },
  {
    op: 'tile',
    name: 'rank 3',
    inputs: [rnd([2, 1, 3], 98)],
    run: (x) => tile(x, [1, 3, 2]),
    reference: tileRef([1, 3, 2]),
    grad: true,
  },
  {
    op: 'tile',
    name: 'zero reps and int32',
    inputs: [{ shape: [2], values: [4, 5], dtype: 'int32' }],
    run: (x) => [tile(x, [0]), tile(x, [2])],
    expected: [
      { shape: [0], values: [], dtype: 'int32' },
      { shape: [4], values: [4, 5, 4, 5], dtype: 'int32' },
    ],
  },
  {
    op: 'tile',
    name: 'rejects reps of the wrong length',
    inputs: [rnd([2, 2], 99)],
    run: (x) => tile(x, [2]),
    throws: /^tile: invalid value for argument `reps`. Expected 2 non-negative integers for x of shape \[2,2\]/,
  },
];

export const concatCases: OpCase[] = [...concatOpCases, ...stackCases, ...splitCases, ...tileCases];
