import type { DType } from '../dtype.js';
import type { HostTensor, OpCase } from '../testing/case.js';
import { mapHost, storeAs } from '../testing/reference.js';
import { cast, clone, fill, identity, ones, onesLike, zeros, zerosLike } from './basic.js';

/** Cases for cast, clone/identity and the constant makers (fill, zeros, ones, zerosLike, onesLike). */

/** cast's conversion rules: float→int truncates toward zero (then wraps), anything→bool is x != 0 (NaN is true). */
function castRef(to: DType) {
  return (x: HostTensor) => mapHost([x], to, (v) => (to === 'bool' ? v !== 0 : to === 'int32' ? storeAs(Math.trunc(v), 'int32') : v));
}

const castCases: OpCase[] = [
  {
    op: 'cast',
    name: 'float32 to int32 truncates toward zero',
    inputs: [{ shape: [6], values: [1.7, -1.7, 0.5, -0.5, 3, -3] }],
    run: (x) => cast(x, 'int32'),
    expected: { shape: [6], values: [1, -1, 0, 0, 3, -3], dtype: 'int32' },
  },
  {
    op: 'cast',
    name: 'float32 to int32 random',
    inputs: [{ shape: [3, 4], random: { min: -50, max: 50, seed: 41 } }],
    run: (x) => cast(x, 'int32'),
    reference: castRef('int32'),
  },
  {
    op: 'cast',
    name: 'float32 to bool (NaN is true)',
    inputs: [{ shape: [6], values: [0, -0, 0.5, NaN, -2, Infinity] }],
    run: (x) => cast(x, 'bool'),
    expected: { shape: [6], values: [0, 0, 1, 1, 1, 1], dtype: 'bool' },
  },
  {
    op: 'cast',
    name: 'int32 to float32',
    inputs: [{ shape: [4], values: [1, -2, 0, 16777217], dtype: 'int32' }],
    run: (x) => cast(x, 'float32'),
    // 16777217 is not a float32: it rounds to 16777216.
    expected: { shape: [4], values: [1, -2, 0, 16777216] },
  },
  {
    op: 'cast',
    name: 'int32 to bool',
    inputs: [{ shape: [4], values: [0, 1, -3, 7], dtype: 'int32' }],
    run: (x) => cast(x, 'bool'),
    expected: { shape: [4], values: [0, 1, 1, 1], dtype: 'bool' },
  },
  {
    op: 'cast',
    name: 'bool to float32 and int32',
    inputs: [{ shape: [3], values: [1, 0, 1], dtype: 'bool' }],
    run: (x) => [cast(x, 'float32'), cast(x, 'int32')],
    expected: [
      { shape: [3], values: [1, 0, 1] },
      { shape: [3], values: [1, 0, 1], dtype: 'int32' },
    ],
  },
  {
    op: 'cast',
    name: 'to its own dtype keeps the values',
    inputs: [{ shape: [2, 2], values: [1.5, -2, NaN, Infinity] }],
    run: (x) => cast(x, 'float32'),
    expected: { shape: [2, 2], values: [1.5, -2, NaN, Infinity] },
  },
  {
    op: 'cast',
    name: 'float64 to float32',
    inputs: [{ shape: [3, 2], dtype: 'float64', random: { min: -3, max: 3, seed: 42 } }],
    run: (x) => cast(x, 'float32'),
    reference: (x) => mapHost([x], 'float32', (v) => v),
    // The output is rounded to float32, so finite differences need a step far above float32's resolution.
    grad: { eps: 1e-2, rtol: 1e-4, atol: 1e-4 },
  },
  {
    op: 'cast',
    name: 'float64 to int32',
    inputs: [{ shape: [4], values: [2.9, -2.9, 1e-300, 123456789.5], dtype: 'float64' }],
    run: (x) => cast(x, 'int32'),
    expected: { shape: [4], values: [2, -2, 0, 123456789], dtype: 'int32' },
  },
  {
    op: 'cast',
    name: 'size 0 and rank 0',
    inputs: [{ shape: [0, 3], values: [] }, { shape: [], values: [2.5] }],
    run: (a, b) => [cast(a, 'int32'), cast(b, 'int32')],
    expected: [
      { shape: [0, 3], values: [], dtype: 'int32' },
      { shape: [], values: [2], dtype: 'int32' },
    ],
  },
  {
    op: 'cast',
    name: 'rejects an unknown dtype',
    inputs: [{ shape: [2], values: [1, 2] }],
    run: (x) => cast(x, 'float16' as DType),
    throws: /^cast: invalid value for argument `dtype`. Expected one of .*float32.*Received: float16/,
  },
];

const cloneCases: OpCase[] = [
  {
    op: 'clone',
    name: 'random [3,4]',
    inputs: [{ shape: [3, 4], random: { seed: 43 } }],
    run: (x) => clone(x),
    reference: (x) => ({ ...x }),
    grad: true,
  },
  {
    op: 'clone',
    name: 'int32, bool, rank 0 and size 0',
    inputs: [
      { shape: [3], values: [1, -2, 3], dtype: 'int32' },
      { shape: [2], values: [1, 0], dtype: 'bool' },
      { shape: [], values: [NaN] },
      { shape: [2, 0], values: [] },
    ],
    run: (a, b, c, d) => [clone(a), clone(b), clone(c), clone(d)],
    expected: [
      { shape: [3], values: [1, -2, 3], dtype: 'int32' },
      { shape: [2], values: [1, 0], dtype: 'bool' },
      { shape: [], values: [NaN] },
      { shape: [2, 0], values: [] },
    ],
  },
  {
    op: 'identity',
    name: 'hand-checked values',
    inputs: [{ shape: [2, 2], values: [1, 2, 3, 4] }],
    run: (x) => identity(x),
    expected: { shape: [2, 2], values: [1, 2, 3, 4] },
    grad: true,
  },
];

const constantCases: OpCase[] = [
  {
    op: 'fill',
    name: 'float32 value',
    inputs: [],
    run: () => fill([2, 3], 5.5),
    expected: { shape: [2, 3], values: [5.5, 5.5, 5.5, 5.5, 5.5, 5.5] },
  },
  {
    op: 'fill',
    name: 'int32, bool, rank 0 and size 0',
    inputs: [],
    run: () => [fill([2], 3, 'int32'), fill([2], true), fill([], -1), fill([0, 3], 1)],
    expected: [
      { shape: [2], values: [3, 3], dtype: 'int32' },
      { shape: [2], values: [1, 1], dtype: 'bool' },
      { shape: [], values: [-1] },
      { shape: [0, 3], values: [] },
    ],
  },
  {
    op: 'fill',
    name: 'NaN and Infinity',
    inputs: [],
    run: () => [fill([2], NaN), fill([2], -Infinity)],
    expected: [
      { shape: [2], values: [NaN, NaN] },
      { shape: [2], values: [-Infinity, -Infinity] },
    ],
  },
  {
    op: 'fill',
    name: 'rejects a negative dim',
    inputs: [],
    run: () => fill([2, -1], 0),
    throws: /^fill: invalid value for argument `shape`. Expected an array of non-negative integers. Received: \[2,-1\]/,
  },
  {
    op: 'zeros',
    name: 'each dtype',
    inputs: [],
    run: () => [zeros([2, 2]), zeros([3], 'int32'), zeros([2], 'bool'), zeros([]), zeros([0])],
    expected: [
      { shape: [2, 2], values: [0, 0, 0, 0] },
      { shape: [3], values: [0, 0, 0], dtype: 'int32' },
      { shape: [2], values: [0, 0], dtype: 'bool' },
      { shape: [], values: [0] },
      { shape: [0], values: [] },
    ],
  },
  {
    op: 'zeros',
    name: 'rejects an unknown dtype',
    inputs: [],
    run: () => zeros([2], 'complex64' as DType),
    throws: /^zeros: invalid value for argument `dtype`.*Received: complex64/,
  },
  {
    op: 'ones',
    name: 'each dtype',
    inputs: [],
    run: () => [ones([2, 2]), ones([3], 'int32'), ones([2], 'bool'), ones([])],
    expected: [
      { shape: [2, 2], values: [1, 1, 1, 1] },
      { shape: [3], values: [1, 1, 1], dtype: 'int32' },
      { shape: [2], values: [1, 1], dtype: 'bool' },
      { shape: [], values: [1] },
    ],
  },
  {
    op: 'ones',
    name: 'rejects a fractional dim',
    inputs: [],
    run: () => ones([1.5]),
    throws: /^ones: invalid value for argument `shape`.*\[1.5\]/,
  },
  {
    op: 'zerosLike',
    name: 'keeps shape and dtype',
    inputs: [
      { shape: [2, 2], values: [1, NaN, -Infinity, 3] },
      { shape: [3], values: [1, 2, 3], dtype: 'int32' },
      { shape: [2], values: [1, 1], dtype: 'bool' },
      { shape: [0, 2], values: [] },
    ],
    run: (a, b, c, d) => [zerosLike(a), zerosLike(b), zerosLike(c), zerosLike(d)],
    expected: [
      { shape: [2, 2], values: [0, 0, 0, 0] },
      { shape: [3], values: [0, 0, 0], dtype: 'int32' },
      { shape: [2], values: [0, 0], dtype: 'bool' },
      { shape: [0, 2], values: [] },
    ],
  },
  {
    op: 'onesLike',
    name: 'keeps shape and dtype',
    inputs: [
      { shape: [2, 2], values: [1, NaN, -Infinity, 3] },
      { shape: [3], values: [1, 2, 3], dtype: 'int32' },
      { shape: [2], values: [0, 0], dtype: 'bool' },
      { shape: [], values: [5] },
    ],
    run: (a, b, c, d) => [onesLike(a), onesLike(b), onesLike(c), onesLike(d)],
    expected: [
      { shape: [2, 2], values: [1, 1, 1, 1] },
      { shape: [3], values: [1, 1, 1], dtype: 'int32' },
      { shape: [2], values: [1, 1], dtype: 'bool' },
      { shape: [], values: [1] },
    ],
  },
  {
    op: 'zerosLike',
    name: 'rejects a string',
    inputs: [],
    run: () => zerosLike('x' as unknown as number),
    throws: /^zerosLike: invalid value for argument `x`/,
  },
];

export const basicCases: OpCase[] = [...castCases, ...cloneCases, ...constantCases];
