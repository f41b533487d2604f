import type { DType } from '../dtype.js';
import { tidy } from '../engine.js';
import { upcastType } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import type { HostTensor, OpCase } from '../testing/case.js';
import { binaryDType, floorMod, mapHost, nanMax, nanMin } from '../testing/reference.js';
import * as B from './binary.js';
import { where } from './where.js';

/**
 * Cases for every binary op (and the ternary `where`), from one table: a float64 reference with TensorFlow
 * semantics (mod is floor-mod with the divisor's sign, maximum/minimum propagate NaN, int32 div floors),
 * hand-checked values, a grid of special values, and bad input. The kit adds broadcasting, rank-0, size-0 and
 * dtype variants from the reference.
 */
type Rule = 'same' | 'float' | 'bool';
type BinaryFn = (a: Tensor, b: Tensor) => Tensor;

interface BinarySpec {
  call: BinaryFn;
  f: (a: number, b: number) => number | boolean;
  rule: Rule;
  /** Random ranges of a and b. */
  ranges?: [[number, number], [number, number]];
  grad?: boolean;
  /** Input dtypes besides float32; default int32, bool and float64. */
  dtypes?: DType[];
  /** Hand-checked a, b and result. */
  examples: [number[], number[], number[]];
  /** Logical ops take bool inputs only. */
  boolInputs?: boolean;
}

const PI = Math.PI;
/** Every pair of these is checked (as a [9,1] x [1,9] broadcast). */
const SPECIALS = [NaN, Infinity, -Infinity, -0, 0, 1, -2.5, 1e30, -1e30];

const fn = (name: string) => (B as unknown as Record<string, BinaryFn>)[name]!;

/** Output dtype, with tfjs's rule that int32 / int32 divides with floor. */
function divDType(a: DType, b: DType): DType {
  return a === 'int32' && b === 'int32' ? 'int32' : binaryDType('float', a, b);
}

const SPECS: Record<string, BinarySpec> = {
  add: { call: fn('add'), f: (a, b) => a + b, rule: 'same', grad: true, examples: [[1, 2.5, -3], [4, -0.5, 3], [5, 2, 0]] },
  sub: { call: fn('sub'), f: (a, b) => a - b, rule: 'same', grad: true, examples: [[5, 1], [3, 4], [2, -3]] },
  mul: { call: fn('mul'), f: (a, b) => a * b, rule: 'same', grad: true, examples: [[2, -3, 0.5], [4, 2, 8], [8, -6, 4]] },
  div: {
    call: fn('div'),
    f: (a, b) => a / b,
    rule: 'float',
    ranges: [[-3, 3], [0.5, 3]],
    grad: true,
    dtypes: ['float64'],
    examples: [[1, -6, 1, 0], [4, 3, 0, 0], [0.25, -2, Infinity, NaN]],
  },
  divNoNan: {
    call: fn('divNoNan'),
    f: (a, b) => (b === 0 ? 0 : a / b),
    rule: 'float',
    ranges: [[-3, 3], [0.5, 3]],
    grad: true,
    dtypes: ['float64'],
    examples: [[1, 5, 0, NaN], [4, 0, 0, 0], [0.25, 0, 0, 0]],
  },
  floorDiv: {
    call: fn('floorDiv'),
    f: (a, b) => Math.floor(a / b),
    rule: 'same',
    ranges: [[-5, 5], [0.5, 3]],
    dtypes: ['float64'],
    examples: [[7, -7, 7, -7, 7.5], [2, 2, -2, -2, 2], [3, -4, -4, 3, 3]],
  },
  mod: {
    call: fn('mod'),
    f: floorMod,
    rule: 'same',
    ranges: [[-5, 5], [0.5, 3]],
    grad: true,
    dtypes: ['float64'],
    examples: [[7, -7, 7, -7, 5.5], [3, 3, -3, -3, 2], [1, 2, -2, -1, 1.5]],
  },
  pow: {
    call: fn('pow'),
    // Math.pow, as tfjs: pow(1, NaN) and pow(-1, ±Infinity) are NaN (C's pow gives 1).
    f: Math.pow,
    rule: 'same',
    ranges: [[0.5, 3], [-2, 2]],
    grad: true,
    dtypes: ['float64'],
    examples: [[2, 4, 9, 2, -2, 0], [3, 0.5, 0.5, -1, 2, 0], [8, 2, 3, 0.5, 4, 1]],
  },
  squaredDifference: { call: fn('squaredDifference'), f: (a, b) => (a - b) * (a - b), rule: 'same', grad: true, examples: [[1, 5], [4, 2], [9, 9]] },
  maximum: { call: fn('maximum'), f: nanMax, rule: 'same', grad: true, examples: [[1, NaN, -2, 1], [3, 1, -5, NaN], [3, NaN, -2, NaN]] },
  minimum: { call: fn('minimum'), f: nanMin, rule: 'same', grad: true, examples: [[1, NaN, -2, 1], [3, 1, -5, NaN], [1, NaN, -5, NaN]] },
  atan2: {
    call: fn('atan2'),
    f: Math.atan2,
    rule: 'float',
    grad: true,
    examples: [[1, 1, -1, 0], [1, -1, 0, 1], [PI / 4, (3 * PI) / 4, -PI / 2, 0]],
  },
  equal: { call: fn('equal'), f: (a, b) => a === b, rule: 'bool', examples: [[1, 2, NaN, 0], [1, 3, NaN, -0], [1, 0, 0, 1]] },
  notEqual: { call: fn('notEqual'), f: (a, b) => a !== b, rule: 'bool', examples: [[1, 2, NaN, 0], [1, 3, NaN, -0], [0, 1, 1, 0]] },
  less: { call: fn('less'), f: (a, b) => a < b, rule: 'bool', examples: [[1, 2, 3, NaN], [2, 2, 2, 1], [1, 0, 0, 0]] },
  lessEqual: { call: fn('lessEqual'), f: (a, b) => a <= b, rule: 'bool', examples: [[1, 2, 3, NaN], [2, 2, 2, 1], [1, 1, 0, 0]] },
  greater: { call: fn('greater'), f: (a, b) => a > b, rule: 'bool', examples: [[1, 2, 3, NaN], [2, 2, 2, 1], [0, 0, 1, 0]] },
  greaterEqual: { call: fn('greaterEqual'), f: (a, b) => a >= b, rule: 'bool', examples: [[1, 2, 3, NaN], [2, 2, 2, 1], [0, 1, 1, 0]] },
  logicalAnd: { call: fn('logicalAnd'), f: (a, b) => !!a && !!b, rule: 'bool', boolInputs: true, dtypes: [], examples: [[1, 1, 0, 0], [1, 0, 1, 0], [1, 0, 0, 0]] },
  logicalOr: { call: fn('logicalOr'), f: (a, b) => !!a || !!b, rule: 'bool', boolInputs: true, dtypes: [], examples: [[1, 1, 0, 0], [1, 0, 1, 0], [1, 1, 1, 0]] },
  logicalXor: { call: fn('logicalXor'), f: (a, b) => !!a !== !!b, rule: 'bool', boolInputs: true, dtypes: [], examples: [[1, 1, 0, 0], [1, 0, 1, 0], [0, 1, 1, 0]] },
  prelu: {
    call: fn('prelu'),
    f: (x, alpha) => (x > 0 ? x : alpha * x),
    rule: 'same',
    ranges: [[-3, 3], [0, 0.5]],
    grad: true,
    dtypes: ['float64'],
    examples: [[-2, 3, -1, 0], [0.1, 0.1, 0.5, 0.5], [-0.2, 3, -0.5, 0]],
  },
};

function outDType(name: string, spec: BinarySpec, a: DType, b: DType): DType {
  if (name === 'div') return divDType(a, b);
  if (name === 'prelu') return upcastType(a, b);
  if (spec.boolInputs) return 'bool';
  return binaryDType(spec.rule, a, b);
}

function reference(name: string, spec: BinarySpec) {
  return (a: HostTensor, b: HostTensor) => {
    const dt = outDType(name, spec, a.dtype, b.dtype);
    const f = name === 'div' && dt === 'int32' ? (x: number, y: number) => Math.floor(x / y) : spec.f;
    return mapHost([a, b], dt, f);
  };
}

function casesFor(name: string, spec: BinarySpec): OpCase[] {
  const inDType: DType = spec.boolInputs ? 'bool' : 'float32';
  const [ra, rb] = spec.ranges ?? [[-3, 3], [-3, 3]];
  const run = (a: Tensor, b: Tensor) => spec.call(a, b);
  const [ea, eb, eo] = spec.examples;
  const cases: OpCase[] = [
    {
      op: name,
      name: 'random [3,4]',
      inputs: [
        { shape: [3, 4], dtype: inDType, random: { min: ra[0], max: ra[1], seed: 21 } },
        { shape: [3, 4], dtype: inDType, random: { min: rb[0], max: rb[1], seed: 22 } },
      ],
      run,
      reference: reference(name, spec),
      grad: spec.grad ?? false,
      elementwise: { dtypes: spec.dtypes ?? ['int32', 'bool', 'float64'] },
    },
    {
      op: name,
      name: 'broadcast [2,3,1] x [4]',
      inputs: [
        { shape: [2, 3, 1], dtype: inDType, random: { min: ra[0], max: ra[1], seed: 23 } },
        { shape: [4], dtype: inDType, random: { min: rb[0], max: rb[1], seed: 24 } },
      ],
      run,
      reference: reference(name, spec),
      grad: spec.grad ?? false,
    },
    {
      op: name,
      name: 'hand-checked values',
      inputs: [
        { shape: [ea.length], values: ea, dtype: inDType },
        { shape: [eb.length], values: eb, dtype: inDType },
      ],
      run,
      expected: { shape: [eo.length], values: eo, dtype: outDType(name, spec, inDType, inDType) },
    },
    {
      op: name,
      name: 'rejects shapes that do not broadcast',
      inputs: [
        { shape: [2, 3], dtype: inDType, random: { seed: 25 } },
        { shape: [4], dtype: inDType, random: { seed: 26 } },
      ],
      run,
      throws: new RegExp(`^${name}: shapes cannot be broadcast together: .*\\[2,3\\].*\\[4\\]`),
    },
  ];
  if (!spec.boolInputs) {
    cases.push({
      op: name,
      name: 'special values grid',
      inputs: [
        { shape: [SPECIALS.length, 1], values: SPECIALS },
        { shape: [1, SPECIALS.length], values: SPECIALS },
      ],
      run,
      reference: reference(name, spec),
    });
  } else {
    cases.push({
      op: name,
      name: 'rejects float input',
      inputs: [
        { shape: [2], values: [1, 0] },
        { shape: [2], values: [1, 0], dtype: 'bool' },
      ],
      run,
      throws: new RegExp(`^${name}: expected bool tensors for both arguments. Received: a is float32, b is bool`),
    });
  }
  return cases;
}

const int = (shape: number[], values: number[]) => ({ shape, values, dtype: 'int32' as const });

const extraCases: OpCase[] = [
  {
    op: 'div',
    name: 'int32 / int32 floors',
    inputs: [int([4], [7, -7, 7, -7]), int([4], [2, 2, -2, -2])],
    run: (a, b) => B.div(a, b),
    expected: { shape: [4], values: [3, -4, -4, 3], dtype: 'int32' },
  },
  {
    op: 'floorDiv',
    name: 'int32',
    inputs: [int([5], [7, -7, 7, -7, 0]), int([5], [2, 2, -2, -2, 5])],
    run: (a, b) => B.floorDiv(a, b),
    expected: { shape: [5], values: [3, -4, -4, 3, 0], dtype: 'int32' },
  },
  {
    op: 'mod',
    name: 'int32 takes the divisor sign',
    inputs: [int([5], [7, -7, 7, -7, 6]), int([5], [3, 3, -3, -3, 3])],
    run: (a, b) => B.mod(a, b),
    expected: { shape: [5], values: [1, 2, -2, -1, 0], dtype: 'int32' },
  },
  {
    op: 'pow',
    name: 'int32',
    inputs: [int([4], [2, 3, -2, 5]), int([4], [10, 3, 3, 0])],
    run: (a, b) => B.pow(a, b),
    expected: { shape: [4], values: [1024, 27, -8, 1], dtype: 'int32' },
  },
  {
    op: 'add',
    name: 'int32 wraps around',
    inputs: [int([2], [2147483647, -2147483648]), int([2], [1, -1])],
    run: (a, b) => B.add(a, b),
    expected: { shape: [2], values: [-2147483648, 2147483647], dtype: 'int32' },
  },
  // A plain-number operand becomes a scalar tensor owned by the enclosing scope (as in tfjs), hence the tidy.
  {
    op: 'add',
    name: 'a plain number takes the tensor dtype',
    inputs: [int([3], [1, 2, 3])],
    run: (a) => tidy(() => B.add(a, 2)),
    expected: { shape: [3], values: [3, 4, 5], dtype: 'int32' },
  },
  {
    op: 'add',
    name: 'int32 + float32 promotes to float32',
    inputs: [int([3], [1, 2, 3]), { shape: [3], values: [0.5, 0.25, -1] }],
    run: (a, b) => B.add(a, b),
    expected: { shape: [3], values: [1.5, 2.25, 2] },
  },
  {
    op: 'add',
    name: 'bool + bool gives int32',
    inputs: [
      { shape: [3], values: [1, 1, 0], dtype: 'bool' },
      { shape: [3], values: [1, 0, 0], dtype: 'bool' },
    ],
    run: (a, b) => B.add(a, b),
    expected: { shape: [3], values: [2, 1, 0], dtype: 'int32' },
  },
  {
    op: 'mul',
    name: 'a plain number with a fraction promotes an int32 tensor',
    inputs: [int([2], [2, 3])],
    run: (a) => tidy(() => B.mul(a, 0.5)),
    expected: { shape: [2], values: [1, 1.5] },
  },
  {
    op: 'maximum',
    name: 'int32',
    inputs: [int([3], [1, -5, 7]), int([3], [3, -6, 7])],
    run: (a, b) => B.maximum(a, b),
    expected: { shape: [3], values: [3, -5, 7], dtype: 'int32' },
  },
  {
    op: 'div',
    name: 'rejects a string',
    inputs: [{ shape: [1], values: [1] }],
    run: (a) => B.div(a, 'x' as unknown as number),
    throws: /^div: invalid value for argument `b`/,
  },
];

// ---------------------------------------------------------------------------------------------------------------
// where (ternary; broadcasts all three)

const whereRef = (c: HostTensor, a: HostTensor, b: HostTensor) =>
  mapHost([c, a, b], upcastType(a.dtype, b.dtype), (cv, av, bv) => (cv ? av : bv));

const whereCases: OpCase[] = [
  {
    op: 'where',
    name: 'hand-checked values',
    inputs: [
      { shape: [3], values: [1, 0, 1], dtype: 'bool' },
      { shape: [3], values: [1, 2, 3] },
      { shape: [3], values: [4, 5, 6] },
    ],
    run: (c, a, b) => where(c, a, b),
    expected: { shape: [3], values: [1, 5, 3] },
  },
  {
    op: 'where',
    name: 'random [3,4]',
    inputs: [
      { shape: [3, 4], dtype: 'bool', random: { seed: 31 } },
      { shape: [3, 4], random: { min: -3, max: 3, seed: 32 } },
      { shape: [3, 4], random: { min: -3, max: 3, seed: 33 } },
    ],
    run: (c, a, b) => where(c, a, b),
    reference: whereRef,
    grad: true,
    elementwise: { dtypes: ['int32', 'bool', 'float64'] },
  },
  {
    op: 'where',
    name: 'broadcast condition [3,1] with a [1,4] and b rank 0',
    inputs: [
      { shape: [3, 1], dtype: 'bool', random: { seed: 34 } },
      { shape: [1, 4], random: { seed: 35 } },
      { shape: [], values: [-9] },
    ],
    run: (c, a, b) => where(c, a, b),
    reference: whereRef,
    grad: true,
  },
  {
    op: 'where',
    name: 'the branch not taken does not leak NaN',
    inputs: [
      { shape: [2], values: [1, 0], dtype: 'bool' },
      { shape: [2], values: [1, NaN] },
      { shape: [2], values: [NaN, 2] },
    ],
    run: (c, a, b) => where(c, a, b),
    expected: { shape: [2], values: [1, 2] },
  },
  {
    op: 'where',
    name: 'rejects a float condition',
    inputs: [{ shape: [2], values: [1, 0] }, { shape: [2], values: [1, 2] }, { shape: [2], values: [3, 4] }],
    run: (c, a, b) => where(c, a, b),
    throws: /^where: expected `condition` to be a bool tensor. Received: float32/,
  },
  {
    op: 'where',
    name: 'rejects shapes that do not broadcast',
    inputs: [
      { shape: [2], values: [1, 0], dtype: 'bool' },
      { shape: [3], values: [1, 2, 3] },
      { shape: [3], values: [4, 5, 6] },
    ],
    run: (c, a, b) => where(c, a, b),
    throws: /^where: shapes cannot be broadcast together: condition is \[2\], a is \[3\], b is \[3\]/,
  },
];

export const binaryCases: OpCase[] = [
  ...Object.entries(SPECS).flatMap(([name, spec]) => casesFor(name, spec)),
  ...extraCases,
  ...whereCases,
];
