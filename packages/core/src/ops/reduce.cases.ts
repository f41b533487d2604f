import type { DType } from '../dtype.js';
import { isFloat } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import type { CaseExpected, HostTensor, OpCase } from '../testing/case.js';
import { axesOf, reduceHost } from '../testing/reference.js';
import { all, any, argMax, argMin, logSumExp, max, mean, min, moments, norm, prod, sum } from './reduce.js';

/**
 * Cases for the reductions. Each numeric reduction runs over all axes, one axis, a negative axis with keepDims
 * and two axes of a rank-3 tensor, plus rank-0 and size-0 inputs (sum 0, prod 1, max -Infinity, mean NaN, ...),
 * NaN propagation and bad axes.
 */
type Axis = number | number[] | undefined;
type ReduceFn = (x: Tensor, axis?: Axis, keepDims?: boolean) => Tensor;

const sumOf = (v: number[]) => v.reduce((a, b) => a + b, 0);
const maxOf = (v: number[]) => v.reduce((a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b)), -Infinity);
const minOf = (v: number[]) => v.reduce((a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b)), Infinity);
const lse = (v: number[]) => {
  const m = maxOf(v);
  const shift = Number.isFinite(m) ? m : 0;
  return Math.log(sumOf(v.map((x) => Math.exp(x - shift)))) + shift;
};

interface ReduceSpec {
  fn: ReduceFn;
  slice: (v: number[]) => number | boolean;
  /** Output dtype from the input dtype. */
  dtype: (d: DType) => DType;
  range?: [number, number];
  grad: boolean;
  /** Hand-checked: a [2,3] input, its full reduction and its reduction along axis 1. */
  example: { x: number[]; all: number; axis1: number[] };
  /** What a size-0 reduction gives. */
  empty: number;
}

const sumDType = (d: DType): DType => (d === 'bool' ? 'int32' : d);
const floatDType = (d: DType): DType => (isFloat(d) ? d : 'float32');

const SPECS: Record<string, ReduceSpec> = {
  sum: { fn: sum, slice: sumOf, dtype: sumDType, grad: true, example: { x: [1, 2, 3, 4, 5, 6], all: 21, axis1: [6, 15] }, empty: 0 },
  mean: {
    fn: mean,
    slice: (v) => sumOf(v) / v.length,
    dtype: floatDType,
    grad: true,
    example: { x: [1, 2, 3, 4, 5, 6], all: 3.5, axis1: [2, 5] },
    empty: NaN,
  },
  prod: {
    fn: prod,
    slice: (v) => v.reduce((a, b) => a * b, 1),
    dtype: sumDType,
    range: [0.5, 1.5],
    grad: true,
    example: { x: [1, 2, 3, 4, 5, 6], all: 720, axis1: [6, 120] },
    empty: 1,
  },
  max: { fn: max, slice: maxOf, dtype: (d) => d, grad: true, example: { x: [1, 5, 3, -4, 2, 0], all: 5, axis1: [5, 2] }, empty: -Infinity },
  min: { fn: min, slice: minOf, dtype: (d) => d, grad: true, example: { x: [1, 5, 3, -4, 2, 0], all: -4, axis1: [1, -4] }, empty: Infinity },
  logSumExp: {
    fn: logSumExp,
    slice: lse,
    dtype: (d) => d,
    grad: true,
    example: { x: [0, 0, 0, 1, 1, 1], all: 1 + Math.log(3 + 3 / Math.E), axis1: [Math.log(3), 1 + Math.log(3)] },
    empty: -Infinity,
  },
};

function ref(spec: ReduceSpec, axis: Axis, keepDims = false) {
  return (x: HostTensor) => reduceHost(x, axesOf(axis, x.shape.length), keepDims, spec.dtype(x.dtype), spec.slice);
}

function casesFor(name: string, spec: ReduceSpec): OpCase[] {
  const [lo, hi] = spec.range ?? [-3, 3];
  const r = (shape: number[], seed: number) => ({ shape, random: { min: lo, max: hi, seed } });
  const call = (axis: Axis, keepDims = false) => (x: Tensor) => spec.fn(x, axis, keepDims);
  const { x, all: whole, axis1 } = spec.example;
  return [
    { op: name, name: 'all axes of [3,4]', inputs: [r([3, 4], 101)], run: call(undefined), reference: ref(spec, undefined), grad: spec.grad },
    { op: name, name: 'axis 1 of [3,4]', inputs: [r([3, 4], 102)], run: call(1), reference: ref(spec, 1), grad: spec.grad },
    { op: name, name: 'axis -1 keepDims', inputs: [r([3, 4], 103)], run: call(-1, true), reference: ref(spec, -1, true), grad: spec.grad },
    { op: name, name: 'axes [0,2] of rank 3', inputs: [r([2, 3, 4], 104)], run: call([0, 2]), reference: ref(spec, [0, 2]), grad: spec.grad },
    { op: name, name: 'axis 0 keepDims of rank 3', inputs: [r([3, 2, 2], 105)], run: call(0, true), reference: ref(spec, 0, true), grad: spec.grad },
    {
      op: name,
      name: 'hand-checked values',
      inputs: [{ shape: [2, 3], values: x }],
      run: (t) => [spec.fn(t), spec.fn(t, 1)],
      expected: [
        { shape: [], values: [whole] },
        { shape: [2], values: axis1 },
      ],
    },
    {
      op: name,
      name: 'rank 0',
      inputs: [{ shape: [], values: [2.5] }],
      run: (t) => [spec.fn(t), spec.fn(t, 0), spec.fn(t, -1, true)],
      expected: [0, 1, 2].map(() => ({ shape: [], values: [Number(spec.slice([2.5]))] })),
    },
    {
      op: name,
      name: 'size 0',
      inputs: [{ shape: [0], values: [] }, { shape: [2, 0], values: [] }, { shape: [0, 3], values: [] }],
      run: (a, b, c) => [spec.fn(a), spec.fn(b, 1), spec.fn(c, 1)],
      expected: [
        { shape: [], values: [spec.empty] },
        { shape: [2], values: [spec.empty, spec.empty] },
        { shape: [0], values: [] },
      ],
    },
    {
      op: name,
      name: 'NaN propagates',
      inputs: [{ shape: [2, 3], values: [1, NaN, 3, 4, 5, 6] }],
      run: (t) => spec.fn(t, 1),
      reference: ref(spec, 1),
    },
    {
      op: name,
      name: 'rejects an axis out of range',
      inputs: [r([2, 3], 106)],
      run: call(2),
      throws: new RegExp(`^${name}: invalid value for argument \`axis\`. Expected an integer in \\[-2, 1\\]. Received: axis=2`),
    },
    {
      op: name,
      name: 'rejects repeated axes',
      inputs: [r([2, 3], 107)],
      run: call([1, -1]),
      throws: new RegExp(`^${name}: invalid value for argument \`axis\`. Expected distinct axes. Received: axis=\\[1,-1\\]`),
    },
  ];
}

const int = (shape: number[], values: number[]) => ({ shape, values, dtype: 'int32' as const });
const bool = (shape: number[], values: number[]) => ({ shape, values, dtype: 'bool' as const });

const extraCases: OpCase[] = [
  {
    op: 'sum',
    name: 'int32 and bool (bool sums to int32)',
    inputs: [int([2, 2], [1, -2, 3, 2147483647]), bool([3], [1, 1, 0])],
    run: (a, b) => [sum(a, 0), sum(b)],
    expected: [
      { shape: [2], values: [4, 2147483645], dtype: 'int32' },
      { shape: [], values: [2], dtype: 'int32' },
    ],
  },
  {
    op: 'sum',
    name: 'infinities',
    inputs: [{ shape: [3, 2], values: [Infinity, 1, Infinity, -Infinity, -Infinity, -Infinity] }],
    run: (t) => sum(t, 1),
    expected: { shape: [3], values: [Infinity, NaN, -Infinity] },
  },
  {
    op: 'sum',
    name: 'empty axis list keeps the values',
    inputs: [{ shape: [2, 2], values: [1, 2, 3, 4] }],
    run: (t) => sum(t, []),
    expected: { shape: [2, 2], values: [1, 2, 3, 4] },
  },
  {
    op: 'sum',
    name: 'long row (accumulation)',
    inputs: [{ shape: [4, 1000], random: { min: 0, max: 1, seed: 108 } }],
    run: (t) => sum(t, 1),
    reference: ref(SPECS.sum!, 1),
    rtol: 1e-5,
  },
  {
    op: 'mean',
    name: 'int32 gives float32',
    inputs: [int([4], [1, 2, 3, 5])],
    run: (t) => mean(t),
    expected: { shape: [], values: [2.75] },
  },
  {
    op: 'prod',
    name: 'int32 and a zero',
    inputs: [int([2, 3], [2, 3, 4, -1, 0, 5])],
    run: (t) => prod(t, 1),
    expected: { shape: [2], values: [24, 0], dtype: 'int32' },
  },
  {
    op: 'prod',
    name: 'zeros in the slice',
    inputs: [{ shape: [2, 3], values: [2, 0, 4, 0, 0, 5] }],
    run: (t) => prod(t, 1),
    expected: { shape: [2], values: [0, 0] },
    grad: true,
  },
  {
    op: 'max',
    name: 'int32 and -Infinity',
    inputs: [int([2, 2], [-5, -7, 3, 9]), { shape: [2], values: [-Infinity, -Infinity] }],
    run: (a, b) => [max(a, 1), max(b)],
    expected: [
      { shape: [2], values: [-5, 9], dtype: 'int32' },
      { shape: [], values: [-Infinity] },
    ],
  },
  {
    op: 'min',
    name: 'int32 and Infinity',
    inputs: [int([2, 2], [-5, -7, 3, 9]), { shape: [2], values: [Infinity, Infinity] }],
    run: (a, b) => [min(a, 1), min(b)],
    expected: [
      { shape: [2], values: [-7, 3], dtype: 'int32' },
      { shape: [], values: [Infinity] },
    ],
  },
  {
    op: 'logSumExp',
    name: 'large values do not overflow',
    inputs: [{ shape: [2, 2], values: [1000, 1000, -1000, -1000] }],
    run: (t) => logSumExp(t, 1),
    expected: { shape: [2], values: [1000 + Math.LN2, -1000 + Math.LN2] },
  },
  {
    op: 'logSumExp',
    name: 'infinite slices',
    inputs: [{ shape: [3, 2], values: [-Infinity, -Infinity, Infinity, 1, -Infinity, 0] }],
    run: (t) => logSumExp(t, 1),
    expected: { shape: [3], values: [-Infinity, Infinity, 0] },
  },
];

// ---------------------------------------------------------------------------------------------------------------
// argMax / argMin: int32 indices, ties go to the first index.

function argRef(largest: boolean, axis: number) {
  return (x: HostTensor) =>
    reduceHost(x, axesOf(axis, x.shape.length), false, 'int32', (v) => {
      let best = 0;
      for (let i = 1; i < v.length; i++) if (largest ? v[i]! > v[best]! : v[i]! < v[best]!) best = i;
      return best;
    });
}

function argCases(name: 'argMax' | 'argMin', largest: boolean): OpCase[] {
  const f = largest ? argMax : argMin;
  return [
    { op: name, name: 'default axis 0', inputs: [{ shape: [4, 3], random: { seed: 111 } }], run: (x) => f(x), reference: argRef(largest, 0) },
    { op: name, name: 'axis 1 of rank 3', inputs: [{ shape: [2, 5, 3], random: { seed: 112 } }], run: (x) => f(x, 1), reference: argRef(largest, 1) },
    { op: name, name: 'axis -1', inputs: [{ shape: [3, 6], random: { seed: 113 } }], run: (x) => f(x, -1), reference: argRef(largest, 1) },
    {
      op: name,
      name: 'ties take the first index',
      inputs: [{ shape: [2, 4], values: [1, 3, 3, 2, -1, -1, -1, -1] }],
      run: (x) => f(x, 1),
      expected: { shape: [2], values: largest ? [1, 0] : [0, 0], dtype: 'int32' },
    },
    {
      op: name,
      name: 'int32 and infinities',
      inputs: [int([4], [3, -7, 9, 9]), { shape: [3], values: [0, -Infinity, Infinity] }],
      run: (a, b) => [f(a), f(b)],
      expected: [
        { shape: [], values: [largest ? 2 : 1], dtype: 'int32' },
        { shape: [], values: [largest ? 2 : 1], dtype: 'int32' },
      ],
    },
    {
      op: name,
      name: 'rank 0 and a size-0 other dim',
      inputs: [{ shape: [], values: [5] }, { shape: [0, 3], values: [] }],
      run: (a, b) => [f(a), f(b, 1)],
      expected: [
        { shape: [], values: [0], dtype: 'int32' },
        { shape: [0], values: [], dtype: 'int32' },
      ],
    },
    {
      op: name,
      name: 'rejects a size-0 axis',
      inputs: [{ shape: [2, 0], values: [] }],
      run: (x) => f(x, 1),
      throws: new RegExp(`^${name}: axis 1 of x has size 0`),
    },
    {
      op: name,
      name: 'rejects an axis out of range',
      inputs: [{ shape: [2, 3], random: { seed: 114 } }],
      run: (x) => f(x, -3),
      throws: new RegExp(`^${name}: invalid value for argument \`axis\`.*axis=-3`),
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// all / any over bool tensors.

function logicalCases(name: 'all' | 'any'): OpCase[] {
  const f = name === 'all' ? all : any;
  const slice = name === 'all' ? (v: number[]) => v.every(Boolean) : (v: number[]) => v.some(Boolean);
  const refAx = (axis: Axis, keepDims = false) => (x: HostTensor) => reduceHost(x, axesOf(axis, x.shape.length), keepDims, 'bool', slice);
  return [
    { op: name, name: 'all axes', inputs: [{ shape: [3, 4], dtype: 'bool', random: { seed: 121 } }], run: (x) => f(x), reference: refAx(undefined) },
    { op: name, name: 'axis 1 keepDims', inputs: [{ shape: [4, 3], dtype: 'bool', random: { seed: 122 } }], run: (x) => f(x, 1, true), reference: refAx(1, true) },
    { op: name, name: 'axes [0,2] of rank 3', inputs: [{ shape: [2, 3, 2], dtype: 'bool', random: { seed: 123 } }], run: (x) => f(x, [0, 2]), reference: refAx([0, 2]) },
    {
      op: name,
      name: 'hand-checked values',
      inputs: [bool([3, 2], [1, 1, 1, 0, 0, 0])],
      run: (x) => f(x, 1),
      expected: { shape: [3], values: name === 'all' ? [1, 0, 0] : [1, 1, 0], dtype: 'bool' },
    },
    {
      op: name,
      name: 'rank 0 and size 0',
      inputs: [bool([], [1]), bool([0], []), bool([2, 0], [])],
      run: (a, b, c) => [f(a), f(b), f(c, 1)],
      expected: [
        { shape: [], values: [1], dtype: 'bool' },
        { shape: [], values: [name === 'all' ? 1 : 0], dtype: 'bool' },
        { shape: [2], values: name === 'all' ? [1, 1] : [0, 0], dtype: 'bool' },
      ],
    },
    {
      op: name,
      name: 'rejects a float tensor',
      inputs: [{ shape: [2], values: [1, 0] }],
      run: (x) => f(x),
      throws: new RegExp(`^${name}: expected a bool tensor for argument \`x\`. Received: float32`),
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// moments and norm (compositions).

function momentsRef(axis: Axis, keepDims = false) {
  return (x: HostTensor): CaseExpected[] => {
    const axes = axesOf(axis, x.shape.length);
    const dt = floatDType(x.dtype);
    const m = reduceHost(x, axes, keepDims, dt, (v) => sumOf(v) / v.length);
    const v = reduceHost(x, axes, keepDims, dt, (s) => {
      const mu = sumOf(s) / s.length;
      return sumOf(s.map((e) => (e - mu) * (e - mu))) / s.length;
    });
    return [m, v];
  };
}

const momentsCases: OpCase[] = [
  {
    op: 'moments',
    name: 'hand-checked values',
    inputs: [{ shape: [4], values: [1, 2, 3, 6] }],
    run: (x) => {
      const r = moments(x);
      return [r.mean, r.variance];
    },
    expected: [
      { shape: [], values: [3] },
      { shape: [], values: [3.5] },
    ],
  },
  {
    op: 'moments',
    name: 'axis 0 of [5,3]',
    inputs: [{ shape: [5, 3], random: { min: -2, max: 2, seed: 131 } }],
    run: (x) => {
      const r = moments(x, 0);
      return [r.mean, r.variance];
    },
    reference: momentsRef(0),
    grad: true,
  },
  {
    op: 'moments',
    name: 'axes [0,1] keepDims of rank 3',
    inputs: [{ shape: [2, 3, 4], random: { min: -2, max: 2, seed: 132 } }],
    run: (x) => {
      const r = moments(x, [0, 1], true);
      return [r.mean, r.variance];
    },
    reference: momentsRef([0, 1], true),
    grad: true,
  },
  {
    op: 'moments',
    name: 'rank 0 and size 0',
    inputs: [{ shape: [], values: [4] }, { shape: [0], values: [] }],
    run: (a, b) => {
      const r = moments(a);
      const s = moments(b);
      return [r.mean, r.variance, s.mean, s.variance];
    },
    expected: [
      { shape: [], values: [4] },
      { shape: [], values: [0] },
      { shape: [], values: [NaN] },
      { shape: [], values: [NaN] },
    ],
  },
  {
    op: 'moments',
    name: 'rejects an axis out of range',
    inputs: [{ shape: [2], values: [1, 2] }],
    run: (x) => moments(x, 1).mean,
    throws: /^moments: invalid value for argument `axis`.*axis=1/,
  },
];

function vecNorm(ord: number | 'euclidean', axis: Axis, keepDims = false) {
  return (x: HostTensor) =>
    reduceHost(x, axesOf(axis, x.shape.length), keepDims, floatDType(x.dtype), (v) => {
      const a = v.map(Math.abs);
      if (ord === 'euclidean' || ord === 2) return Math.sqrt(sumOf(a.map((e) => e * e)));
      if (ord === Infinity) return maxOf(a);
      if (ord === -Infinity) return minOf(a);
      return Math.pow(sumOf(a.map((e) => Math.pow(e, ord))), 1 / ord);
    });
}

const normCases: OpCase[] = [
  {
    op: 'norm',
    name: 'hand-checked euclidean, 1 and Infinity',
    inputs: [{ shape: [2], values: [3, -4] }],
    run: (x) => [norm(x), norm(x, 1), norm(x, Infinity), norm(x, -Infinity)],
    expected: [
      { shape: [], values: [5] },
      { shape: [], values: [7] },
      { shape: [], values: [4] },
      { shape: [], values: [3] },
    ],
  },
  { op: 'norm', name: 'euclidean of all of [3,4]', inputs: [{ shape: [3, 4], random: { seed: 141 } }], run: (x) => norm(x), reference: vecNorm('euclidean', undefined), grad: true },
  { op: 'norm', name: 'ord 1 along axis 1', inputs: [{ shape: [3, 4], random: { seed: 142 } }], run: (x) => norm(x, 1, 1), reference: vecNorm(1, 1), grad: true },
  { op: 'norm', name: 'ord 3 along axis 0 keepDims', inputs: [{ shape: [3, 4], random: { seed: 143 } }], run: (x) => norm(x, 3, 0, true), reference: vecNorm(3, 0, true), grad: true },
  { op: 'norm', name: 'ord -Infinity along axis -1', inputs: [{ shape: [3, 4], random: { seed: 144 } }], run: (x) => norm(x, -Infinity, -1), reference: vecNorm(-Infinity, 1) },
  {
    op: 'norm',
    name: 'matrix norms fro, 1 and Infinity',
    inputs: [{ shape: [2, 3], values: [1, -2, 3, -4, 5, -6] }],
    run: (x) => [norm(x, 'fro', [0, 1]), norm(x, 1, [0, 1]), norm(x, Infinity, [0, 1]), norm(x, -Infinity, [0, 1])],
    expected: [
      { shape: [], values: [Math.sqrt(91)] },
      // Max column sum of |x|, max row sum, min row sum.
      { shape: [], values: [9] },
      { shape: [], values: [15] },
      { shape: [], values: [6] },
    ],
  },
  {
    op: 'norm',
    name: 'rank 0 and size 0',
    inputs: [{ shape: [], values: [-3] }, { shape: [0], values: [] }],
    run: (a, b) => [norm(a), norm(b)],
    expected: [
      { shape: [], values: [3] },
      { shape: [], values: [0] },
    ],
  },
  {
    op: 'norm',
    name: 'rejects ord 0',
    inputs: [{ shape: [2], values: [1, 2] }],
    run: (x) => norm(x, 0),
    throws: /^norm: invalid value for argument `ord`.*Received: ord=0/,
  },
  {
    op: 'norm',
    name: 'rejects a matrix ord 2',
    inputs: [{ shape: [2, 2], values: [1, 2, 3, 4] }],
    run: (x) => norm(x, 2, [0, 1]),
    throws: /^norm: matrix norm ord=2 is not supported/,
  },
  {
    op: 'norm',
    name: 'rejects three axes',
    inputs: [{ shape: [2, 2, 2], random: { seed: 145 } }],
    run: (x) => norm(x, 1, [0, 1, 2]),
    throws: /^norm: expected one or two axes. Received: axis=\[0,1,2\]/,
  },
];

export const reduceCases: OpCase[] = [
  ...Object.entries(SPECS).flatMap(([name, spec]) => casesFor(name, spec)),
  ...extraCases,
  ...argCases('argMax', true),
  ...argCases('argMin', false),
  ...logicalCases('all'),
  ...logicalCases('any'),
  ...momentsCases,
  ...normCases,
];
