import type { DType } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import type { HostTensor, OpCase } from '../testing/case.js';
import { erf as erfRef, mapHost, nanMax, nanMin, roundHalfEven, unaryDType } from '../testing/reference.js';
import * as U from './unary.js';

/**
 * Cases for every unary op, from one table: a float64 reference per op (TensorFlow semantics: round is
 * half-to-even, sign(NaN) is NaN, relu/clip propagate NaN), hand-checked values, special values and bad input.
 */
type Rule = 'same' | 'float' | 'bool';

interface UnarySpec {
  /** The op as called by the cases (extra arguments closed over). */
  call: (x: Tensor) => Tensor;
  /** The op's value at x, in float64. */
  f: (x: number) => number | boolean;
  rule: Rule;
  /** Range of the random inputs (the op's domain). */
  range?: [number, number];
  grad?: boolean;
  /** Input dtypes besides float32 the op accepts; default int32, bool and float64. */
  dtypes?: DType[];
  /** Hand-checked inputs and outputs. */
  examples: [number[], number[]];
  /** Special values to check against the reference; default SPECIALS. */
  specials?: number[];
  rtol?: number;
  atol?: number;
  /** Input dtype of the base cases (logicalNot takes bool). */
  inputDType?: DType;
}

const SPECIALS = [NaN, Infinity, -Infinity, -0, 0, 1e-30, -1e-30, 1e30, -1e30, 3.4e38];
/** Trigonometric ops: large arguments are left out (argument reduction is not what the kit checks). */
const TRIG_SPECIALS = [NaN, Infinity, -Infinity, -0, 0, 1e-30, -1e-30, 100, -100];

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;
const PI = Math.PI;

const sigmoidRef = (x: number) => 1 / (1 + Math.exp(-x));
const geluExactRef = (x: number) => 0.5 * x * (1 + erfRef(x * Math.SQRT1_2));
const geluTanhRef = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / PI) * (x + 0.044715 * x * x * x)));

const op = (name: string) => (U as unknown as Record<string, (x: Tensor) => Tensor>)[name]!;

const SPECS: Record<string, UnarySpec> = {
  neg: { call: op('neg'), f: (x) => -x, rule: 'same', grad: true, examples: [[1, -2.5, 0], [-1, 2.5, 0]] },
  abs: { call: op('abs'), f: Math.abs, rule: 'same', grad: true, examples: [[-3, 2.5, -0], [3, 2.5, 0]] },
  sign: {
    call: op('sign'),
    f: (x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN),
    rule: 'same',
    examples: [[-2, 0, 3.5, NaN], [-1, 0, 1, NaN]],
  },
  reciprocal: { call: op('reciprocal'), f: (x) => 1 / x, rule: 'float', range: [0.2, 3], grad: true, examples: [[2, -4, 0.5], [0.5, -0.25, 2]] },
  square: { call: op('square'), f: (x) => x * x, rule: 'same', range: [-3, 3], grad: true, examples: [[3, -2, 0.5], [9, 4, 0.25]] },
  sqrt: { call: op('sqrt'), f: Math.sqrt, rule: 'float', range: [0.1, 5], grad: true, examples: [[4, 9, 0.25, -1], [2, 3, 0.5, NaN]] },
  rsqrt: { call: op('rsqrt'), f: (x) => 1 / Math.sqrt(x), rule: 'float', range: [0.1, 5], grad: true, examples: [[4, 0.25, 1], [0.5, 2, 1]] },
  exp: { call: op('exp'), f: Math.exp, rule: 'float', range: [-3, 3], grad: true, examples: [[0, 1, -1], [1, Math.E, 1 / Math.E]] },
  expm1: { call: op('expm1'), f: Math.expm1, rule: 'float', range: [-3, 3], grad: true, examples: [[0, 1], [0, Math.E - 1]] },
  log: { call: op('log'), f: Math.log, rule: 'float', range: [0.1, 5], grad: true, examples: [[1, 0.5, 0, -1], [0, -Math.LN2, -Infinity, NaN]] },
  log1p: { call: op('log1p'), f: Math.log1p, rule: 'float', range: [-0.9, 5], grad: true, examples: [[0, 1, -0.5, -1], [0, Math.LN2, -Math.LN2, -Infinity]] },
  round: {
    call: op('round'),
    f: roundHalfEven,
    rule: 'same',
    range: [-5, 5],
    examples: [[0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 3.7, -3.2], [0, 2, 2, -0, -2, -2, 4, -3]],
  },
  floor: { call: op('floor'), f: Math.floor, rule: 'same', range: [-5, 5], examples: [[1.5, -1.5, 2, -0.2], [1, -2, 2, -1]] },
  ceil: { call: op('ceil'), f: Math.ceil, rule: 'same', range: [-5, 5], examples: [[1.5, -1.5, 2, -0.2], [2, -1, 2, -0]] },
  sin: { call: op('sin'), f: Math.sin, rule: 'float', range: [-3, 3], grad: true, specials: TRIG_SPECIALS, examples: [[0, PI / 2, PI / 6], [0, 1, 0.5]] },
  cos: { call: op('cos'), f: Math.cos, rule: 'float', range: [-3, 3], grad: true, specials: TRIG_SPECIALS, examples: [[0, PI / 3, PI], [1, 0.5, -1]] },
  tan: { call: op('tan'), f: Math.tan, rule: 'float', range: [-1.4, 1.4], grad: true, specials: TRIG_SPECIALS, examples: [[0, PI / 4], [0, 1]] },
  asin: { call: op('asin'), f: Math.asin, rule: 'float', range: [-0.95, 0.95], grad: true, examples: [[0, 0.5, 1, 2], [0, PI / 6, PI / 2, NaN]] },
  acos: { call: op('acos'), f: Math.acos, rule: 'float', range: [-0.95, 0.95], grad: true, examples: [[1, 0.5, 0, -1], [0, PI / 3, PI / 2, PI]] },
  atan: { call: op('atan'), f: Math.atan, rule: 'float', range: [-3, 3], grad: true, examples: [[0, 1, -1, Infinity], [0, PI / 4, -PI / 4, PI / 2]] },
  sinh: { call: op('sinh'), f: Math.sinh, rule: 'float', range: [-3, 3], grad: true, examples: [[0, 1], [0, 1.1752011936438014]] },
  cosh: { call: op('cosh'), f: Math.cosh, rule: 'float', range: [-3, 3], grad: true, examples: [[0, 1], [1, 1.5430806348152437]] },
  tanh: { call: op('tanh'), f: Math.tanh, rule: 'float', range: [-3, 3], grad: true, examples: [[0, 1, -1, 50], [0, 0.7615941559557649, -0.7615941559557649, 1]] },
  asinh: { call: op('asinh'), f: Math.asinh, rule: 'float', range: [-3, 3], grad: true, examples: [[0, 1], [0, 0.881373587019543]] },
  acosh: { call: op('acosh'), f: Math.acosh, rule: 'float', range: [1.05, 5], grad: true, examples: [[1, 2, 0.5], [0, 1.3169578969248166, NaN]] },
  atanh: { call: op('atanh'), f: Math.atanh, rule: 'float', range: [-0.95, 0.95], grad: true, examples: [[0, 0.5, 1], [0, 0.5493061443340548, Infinity]] },
  erf: {
    call: op('erf'),
    f: erfRef,
    rule: 'float',
    range: [-3, 3],
    grad: true,
    // Backends may use a polynomial erf accurate to ~1.2e-7 (in float64 too).
    rtol: 1e-6,
    atol: 1e-6,
    examples: [[0, 1, -1, 0.5], [0, 0.8427007929497149, -0.8427007929497149, 0.5204998778130465]],
  },
  sigmoid: { call: op('sigmoid'), f: sigmoidRef, rule: 'float', range: [-5, 5], grad: true, examples: [[0, 2, -Infinity, Infinity], [0.5, 0.8807970779778823, 0, 1]] },
  softplus: {
    call: op('softplus'),
    f: (x) => nanMax(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
    rule: 'float',
    range: [-5, 5],
    grad: true,
    examples: [[0, 1, -100, 100], [Math.LN2, 1.3132616875182228, 3.720075976020836e-44, 100]],
  },
  relu: { call: op('relu'), f: (x) => nanMax(x, 0), rule: 'same', range: [-3, 3], grad: true, examples: [[-1, 0, 2, NaN], [0, 0, 2, NaN]] },
  relu6: { call: op('relu6'), f: (x) => nanMin(nanMax(x, 0), 6), rule: 'same', range: [-3, 9], grad: true, examples: [[-1, 3, 7, NaN], [0, 3, 6, NaN]] },
  elu: { call: op('elu'), f: (x) => (x > 0 ? x : Math.expm1(x)), rule: 'float', range: [-3, 3], grad: true, examples: [[-1, 0, 2], [-0.6321205588285577, 0, 2]] },
  selu: {
    call: op('selu'),
    f: (x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)),
    rule: 'float',
    range: [-3, 3],
    grad: true,
    examples: [[1, 0, -1], [1.0507009873554805, 0, -1.1113307378125625]],
  },
  isNaN: { call: op('isNaN'), f: Number.isNaN, rule: 'bool', examples: [[NaN, 1, Infinity, 0], [1, 0, 0, 0]] },
  isFinite: { call: op('isFinite'), f: Number.isFinite, rule: 'bool', examples: [[NaN, 1, -Infinity, 0], [0, 1, 0, 1]] },
  isInf: { call: op('isInf'), f: (x) => x === Infinity || x === -Infinity, rule: 'bool', examples: [[NaN, 1, -Infinity, Infinity], [0, 0, 1, 1]] },
  logicalNot: { call: op('logicalNot'), f: (x) => !x, rule: 'bool', inputDType: 'bool', dtypes: [], specials: [], examples: [[1, 0], [0, 1]] },
  gelu: {
    call: (x) => U.gelu(x),
    f: geluExactRef,
    rule: 'float',
    range: [-3, 3],
    grad: true,
    rtol: 1e-6,
    atol: 1e-6,
    examples: [[0, 1, -1], [0, 0.8413447460685429, -0.15865525393145707]],
  },
  leakyRelu: { call: (x) => U.leakyRelu(x), f: (x) => (x > 0 ? x : 0.2 * x), rule: 'float', range: [-3, 3], grad: true, examples: [[-1, 2, 0], [-0.2, 2, 0]] },
  step: { call: (x) => U.step(x), f: (x) => (Number.isNaN(x) ? NaN : x > 0 ? 1 : 0), rule: 'float', range: [-3, 3], examples: [[-1, 0, 2, NaN], [0, 0, 1, NaN]] },
  clipByValue: {
    call: (x) => U.clipByValue(x, -1, 2),
    f: (x) => nanMin(nanMax(x, -1), 2),
    rule: 'same',
    range: [-3, 3],
    grad: true,
    dtypes: ['int32', 'float64'],
    examples: [[-3, 0.5, 5, NaN], [-1, 0.5, 2, NaN]],
  },
};

function reference(spec: UnarySpec) {
  return (x: HostTensor) => mapHost([x], unaryDType(spec.rule, x.dtype), spec.f);
}

function casesFor(name: string, spec: UnarySpec): OpCase[] {
  const inDType = spec.inputDType ?? 'float32';
  const outDType = unaryDType(spec.rule, inDType);
  const run = (x: Tensor) => spec.call(x);
  const tol: Partial<OpCase> = {};
  if (spec.rtol !== undefined) tol.rtol = spec.rtol;
  if (spec.atol !== undefined) tol.atol = spec.atol;
  const [min, max] = spec.range ?? [-3, 3];
  const cases: OpCase[] = [
    {
      op: name,
      name: 'random [3,4]',
      inputs: [{ shape: [3, 4], dtype: inDType, random: { min, max, seed: 11 } }],
      run,
      reference: reference(spec),
      grad: spec.grad ?? false,
      elementwise: { dtypes: spec.dtypes ?? ['int32', 'bool', 'float64'] },
      ...tol,
    },
    {
      op: name,
      name: 'hand-checked values',
      inputs: [{ shape: [spec.examples[0].length], values: spec.examples[0], dtype: inDType }],
      run,
      expected: { shape: [spec.examples[1].length], values: spec.examples[1], dtype: outDType },
      ...tol,
    },
    {
      op: name,
      name: 'rejects a string',
      inputs: [],
      run: () => (spec.call as unknown as (x: unknown) => Tensor)('abc'),
      throws: new RegExp(`^${name}: invalid value for argument \`x\``),
    },
  ];
  const specials = spec.specials ?? SPECIALS;
  if (specials.length > 0) {
    cases.push({
      op: name,
      name: 'special values',
      inputs: [{ shape: [specials.length], values: specials }],
      run,
      reference: reference(spec),
      ...tol,
    });
  }
  return cases;
}

const extraCases: OpCase[] = [
  {
    op: 'leakyRelu',
    name: 'alpha 0.1',
    inputs: [{ shape: [4], values: [-2, -0.5, 0.5, 3] }],
    run: (x) => U.leakyRelu(x, 0.1),
    expected: { shape: [4], values: [-0.2, -0.05, 0.5, 3] },
    grad: true,
  },
  {
    op: 'leakyRelu',
    name: 'rejects a non-finite alpha',
    inputs: [{ shape: [2], values: [1, 2] }],
    run: (x) => U.leakyRelu(x, NaN),
    throws: /^leakyRelu: invalid value for argument `alpha`.*alpha=NaN/,
  },
  {
    op: 'step',
    name: 'alpha 0.5',
    inputs: [{ shape: [3], values: [-1, 0, 2] }],
    run: (x) => U.step(x, 0.5),
    expected: { shape: [3], values: [0.5, 0.5, 1] },
  },
  {
    op: 'clipByValue',
    name: 'rejects min > max',
    inputs: [{ shape: [2], values: [1, 2] }],
    run: (x) => U.clipByValue(x, 2, 1),
    throws: /^clipByValue: .*`clipValueMin`.*clipValueMin=2, clipValueMax=1/,
  },
  {
    op: 'clipByValue',
    name: 'int32 input stays int32',
    inputs: [{ shape: [4], values: [-5, 0, 1, 9], dtype: 'int32' }],
    run: (x) => U.clipByValue(x, -2, 3),
    expected: { shape: [4], values: [-2, 0, 1, 3], dtype: 'int32' },
  },
  {
    op: 'gelu',
    name: 'approximate (tanh form)',
    inputs: [{ shape: [3, 4], random: { min: -3, max: 3, seed: 5 } }],
    run: (x) => U.gelu(x, true),
    reference: (x) => mapHost([x], unaryDType('float', x.dtype), geluTanhRef),
    grad: true,
    elementwise: { dtypes: ['float64'] },
  },
  {
    op: 'gelu',
    name: 'approximate hand-checked',
    inputs: [{ shape: [2], values: [0, 1] }],
    run: (x) => U.gelu(x, true),
    expected: { shape: [2], values: [0, 0.8411919906082768] },
  },
  {
    op: 'abs',
    name: 'int32 input stays int32',
    inputs: [{ shape: [3], values: [-7, 0, 7], dtype: 'int32' }],
    run: (x) => U.abs(x),
    expected: { shape: [3], values: [7, 0, 7], dtype: 'int32' },
  },
  {
    op: 'sqrt',
    name: 'int32 input gives float32',
    inputs: [{ shape: [3], values: [4, 2, 0], dtype: 'int32' }],
    run: (x) => U.sqrt(x),
    expected: { shape: [3], values: [2, Math.SQRT2, 0], dtype: 'float32' },
  },
  {
    op: 'exp',
    name: 'overflow to Infinity and underflow to 0',
    inputs: [{ shape: [3], values: [100, -200, 88] }],
    run: (x) => U.exp(x),
    expected: { shape: [3], values: [Infinity, 0, Math.exp(88)] },
  },
];

export const unaryCases: OpCase[] = [...Object.entries(SPECS).flatMap(([name, spec]) => casesFor(name, spec)), ...extraCases];
