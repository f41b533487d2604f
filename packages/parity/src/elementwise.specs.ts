import type { Call, Case, Gen, Host, OpSpec, Result, TfjsDiffers, Tolerance } from './harness.js';
import { Away, B, I, SPECIALS, U, V, f32, fmt, mapHost } from './harness.js';
import { erfReference } from './reference.js';

/** Shapes every elementwise op runs on: rank 0, an empty tensor, vectors, matrices, rank 3 and one larger block. */
export const SHAPES: number[][] = [[], [0], [7], [3, 4], [2, 3, 5], [16, 33]];

/** Broadcasting pairs: equal shapes, trailing vectors, both sides broadcasting, scalars, empty and rank 4. */
export const PAIRS: [number[], number[]][] = [
  [[], []],
  [[3, 4], [3, 4]],
  [[3, 4], [4]],
  [[2, 1, 4], [3, 1]],
  [[], [2, 3]],
  [[5], []],
  [[4, 1], [1, 5]],
  [[0, 3], [3]],
  [[2, 3, 4, 5], [3, 1, 5]],
];

interface UnaryOpts {
  /** Also run int32 inputs (only where tfjs keeps a sensible int32 result). */
  ints?: boolean;
  /** Run the SPECIALS vector; a TfjsDiffers says tfjs gets some of them wrong. */
  specials?: boolean | TfjsDiffers;
  call?: Call;
  tol?: Tolerance;
  extra?: Case[];
}

function unary(name: string, gen: (shape: number[]) => Gen, opts: UnaryOpts = {}): OpSpec {
  const cases: Case[] = SHAPES.map((s) => ({ label: fmt(s), inputs: [gen(s)] }));
  // A non-contiguous input: the op reads a transposed view.
  const call: Call = opts.call ?? ((lib, x) => lib[name](x));
  cases.push({ label: 'transposed view', inputs: [gen([5, 6])], call: (lib, x) => call(lib, lib.transpose(x)) });
  if (opts.ints) cases.push({ label: 'int32', inputs: [I([3, 5], -7, 8)] });
  if (opts.specials) {
    cases.push({
      label: 'NaN, ±Infinity, ±0, halves',
      inputs: [V([SPECIALS.length], SPECIALS)],
      tfjsDiffers: typeof opts.specials === 'object' ? opts.specials : undefined,
    });
  }
  cases.push(...(opts.extra ?? []));
  return { name, call, cases, tol: opts.tol };
}

/** Integers and exact halves in [-5, 5]: where rounding ties live. */
const Halves =
  (shape: number[]): Gen =>
  (rng) => {
    const h = I(shape, -10, 11, 'float32')(rng);
    for (let i = 0; i < h.data.length; i++) h.data[i] = h.data[i]! / 2;
    return h;
  };

const sign = (v: number): number => (v > 0 ? 1 : v < 0 ? -1 : v === 0 ? 0 : NaN);

export const unarySpecs: OpSpec[] = [
  unary('abs', U, { ints: true, specials: true }),
  unary('neg', U, { ints: true, specials: true }),
  unary('sign', U, {
    ints: true,
    specials: {
      // TensorFlow's sign(NaN) is NaN (and NumPy's, and Keras's); tfjs's CPU kernel returns 0.
      why: 'tfjs sign(NaN) returns 0; TensorFlow returns NaN',
      expected: (x) => mapHost(x, sign),
    },
  }),
  unary('square', U, { ints: true, specials: true }),
  unary('sqrt', (s) => U(s, 0, 10), { specials: true }),
  unary('rsqrt', (s) => U(s, 0.01, 10), { specials: true }),
  unary('reciprocal', Away, { specials: true }),
  unary('exp', (s) => U(s, -10, 10), { specials: true }),
  unary('expm1', (s) => U(s, -5, 5), { specials: true }),
  unary('log', (s) => U(s, 0.01, 10), { specials: true }),
  unary('log1p', (s) => U(s, -0.99, 10), { specials: true }),
  // Both round half to even (TensorFlow's rule): 0.5 → 0, 1.5 → 2, 2.5 → 2, -2.5 → -2.
  unary('round', Halves, { specials: true }),
  unary('floor', (s) => U(s, -5, 5), { specials: true }),
  unary('ceil', (s) => U(s, -5, 5), { specials: true }),
  unary('sin', (s) => U(s, -6, 6), { specials: true }),
  unary('cos', (s) => U(s, -6, 6), { specials: true }),
  unary('tan', (s) => U(s, -1.5, 1.5), { specials: true }),
  unary('asin', (s) => U(s, -0.99, 0.99), { specials: true }),
  unary('acos', (s) => U(s, -0.99, 0.99), { specials: true }),
  unary('atan', (s) => U(s, -10, 10), { specials: true }),
  unary('sinh', (s) => U(s, -5, 5), { specials: true }),
  unary('cosh', (s) => U(s, -5, 5), { specials: true }),
  unary('tanh', (s) => U(s, -5, 5), { specials: true }),
  unary('asinh', (s) => U(s, -10, 10), { specials: true }),
  unary('acosh', (s) => U(s, 1, 10), { specials: true }),
  unary('atanh', (s) => U(s, -0.99, 0.99), { specials: true }),
  unary('erf', (s) => U(s, -4, 4), {
    specials: true,
    // Both are polynomial approximations: tfjs uses Abramowitz–Stegun 7.1.26 (|error| ≤ 1.5e-7), Tessera the
    // Numerical Recipes erfc fit (|error| ≤ 1.2e-7). They can differ by ~2.7e-7 absolute, inside the default
    // 1e-6 absolute tolerance; the 'accuracy' case checks Tessera against a float64 series instead.
    extra: [
      {
        label: 'accuracy against a float64 reference',
        inputs: [U([400], -5, 5)],
        reference: {
          why: 'Tessera erf error bound 1.2e-7 plus float32 rounding of the result (6e-8)',
          expected: (x) => mapHost(x, (v) => f32(erfReference(v))),
          tol: { rtol: 0, atol: 2e-7, why: 'Tessera erf error bound 1.2e-7 plus float32 rounding of the result (6e-8)' },
        },
      },
    ],
  }),
  unary('sigmoid', (s) => U(s, -10, 10), { specials: true }),
  // tfjs switches softplus to x beyond x > 13.94 and to exp(x) below -13.94 (log(ε) + 2); the neglected terms are
  // below half an ulp of float32, so the default tolerance holds. The case below straddles both thresholds.
  unary('softplus', (s) => U(s, -30, 30), {
    specials: true,
    extra: [{ label: 'around the ±13.94 thresholds', inputs: [U([64], -16, 16)] }],
  }),
  unary('relu', U, { ints: true, specials: true }),
  unary('relu6', (s) => U(s, -3, 9), { ints: true, specials: true }),
  unary('elu', U, { specials: true }),
  unary('selu', U, { specials: true }),
  unary('isNaN', U, { specials: true }),
  unary('isFinite', U, { specials: true }),
  unary('isInf', U, { specials: true }),
  unary('logicalNot', (s) => B(s)),
  unary('step', U, {
    specials: true,
    call: (lib, x) => lib.step(x, 0.3),
    extra: [{ label: 'default alpha', inputs: [U([9])], call: (lib, x) => lib.step(x) }],
  }),
  unary('leakyRelu', U, {
    specials: true,
    call: (lib, x) => lib.leakyRelu(x, 0.1),
    extra: [{ label: 'default alpha 0.2', inputs: [U([9])], call: (lib, x) => lib.leakyRelu(x) }],
  }),
  unary('clipByValue', U, { specials: true, call: (lib, x) => lib.clipByValue(x, -1, 1.5) }),
  {
    name: 'cast',
    call: (lib, x) => lib.cast(x, 'int32'),
    cases: [
      // float → int32 truncates toward zero in both.
      { label: 'float32 → int32', inputs: [U([4, 5], -5, 5)] },
      { label: 'float32 → bool', inputs: [I([4, 5], -2, 3, 'float32')], call: (lib, x) => lib.cast(x, 'bool') },
      { label: 'int32 → float32', inputs: [I([4, 5])], call: (lib, x) => lib.cast(x, 'float32') },
      { label: 'int32 → bool', inputs: [I([4, 5], -2, 3)], call: (lib, x) => lib.cast(x, 'bool') },
      { label: 'bool → int32', inputs: [B([6])], call: (lib, x) => lib.cast(x, 'int32') },
      { label: 'bool → float32', inputs: [B([2, 3])], call: (lib, x) => lib.cast(x, 'float32') },
      { label: 'same dtype', inputs: [U([3])], call: (lib, x) => lib.cast(x, 'float32') },
      { label: 'rank 0', inputs: [U([])] },
      { label: 'empty', inputs: [U([0, 2])] },
      // NaN → bool is true in both (NaN != 0), as TensorFlow.
      { label: 'NaN and ±Infinity → bool', inputs: [V([4], [NaN, Infinity, -Infinity, 0])], call: (lib, x) => lib.cast(x, 'bool') },
    ],
  },
];

/**
 * int32 and bool inputs of floating-point ops. tfjs keeps the integer dtype and truncates (acos of an int32 gives
 * an int32; reciprocal(2) is 0), or throws. Tessera follows Keras 3, which promotes integers to float32 for these
 * ops (TensorFlow has no integer kernels for them). The cases pin both behaviours.
 */
const intFloat = (name: string, f: (v: number) => number, call?: Call): Case => ({
  label: `${name} of int32 gives float32`,
  inputs: [V([5], [-2, -1, 0, 2, 3], 'int32')],
  call: call ?? ((lib, x) => lib[name](x)),
  tfjsDiffers: {
    why: `tfjs ${name} of int32 returns a truncated int32; Keras promotes to float32`,
    expected: (x) => mapHost(x, (v) => f32(f(v))),
  },
});

export const intPromotionSpecs: OpSpec[] = [
  {
    name: 'int32 inputs of float ops',
    ops: ['reciprocal', 'acos', 'asinh', 'atan', 'expm1', 'log1p', 'sinh', 'softplus', 'selu', 'exp', 'erf'],
    call: (lib, x) => lib.reciprocal(x),
    cases: [
      intFloat('reciprocal', (v) => 1 / v),
      intFloat('acos', Math.acos),
      intFloat('asinh', Math.asinh),
      intFloat('atan', Math.atan),
      intFloat('expm1', Math.expm1),
      intFloat('log1p', Math.log1p),
      intFloat('sinh', Math.sinh),
      intFloat('softplus', (v) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)))),
      intFloat('selu', (v) => (v > 0 ? 1.0507009873554805 * v : 1.0507009873554805 * 1.6732632423543772 * Math.expm1(v))),
      // These two agree: tfjs promotes exp and erf of int32 too.
      { label: 'exp of int32', inputs: [I([6], -3, 4)], call: (lib, x) => lib.exp(x) },
      { label: 'erf of int32', inputs: [I([6], -3, 4)], call: (lib, x) => lib.erf(x) },
    ],
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Binary

interface BinaryOpts {
  /** int32 operands (a generator for b, default small nonzero-free integers). */
  ints?: [Gen, Gen];
  specials?: boolean | TfjsDiffers;
  /** tfjs is wrong for every float32 case (the strided-view case then runs on int32 operands instead). */
  differs?: TfjsDiffers;
  call?: Call;
  tol?: Tolerance;
  extra?: Case[];
}

function binary(name: string, ga: (s: number[]) => Gen, gb: (s: number[]) => Gen, opts: BinaryOpts = {}): OpSpec {
  const differs = opts.differs;
  const cases: Case[] = PAIRS.map(([sa, sb]) => ({ label: `${fmt(sa)} ⊕ ${fmt(sb)}`, inputs: [ga(sa), gb(sb)], tfjsDiffers: differs }));
  const call: Call = opts.call ?? ((lib, a, b) => lib[name](a, b));
  const strided = differs && opts.ints ? [I([4, 6], -9, 10), I([6, 4], 1, 5)] : [ga([4, 6]), gb([6, 4])];
  cases.push({ label: 'strided views', inputs: strided, call: (lib, a, b) => call(lib, lib.transpose(a), lib.reverse(b, 1)) });
  if (opts.ints) cases.push({ label: 'int32', inputs: opts.ints }, { label: 'int32 broadcast', inputs: [opts.ints[0], V([], [3], 'int32')] });
  if (opts.specials) {
    // Every pair of special values: a column against a row.
    cases.push({
      label: 'all pairs of NaN, ±Infinity, ±0, halves',
      inputs: [V([SPECIALS.length, 1], SPECIALS), V([1, SPECIALS.length], SPECIALS)],
      tfjsDiffers: typeof opts.specials === 'object' ? opts.specials : differs,
    });
  }
  cases.push(...(opts.extra ?? []));
  return { name, call, cases, tol: opts.tol };
}

/** Builds the broadcast result of a scalar function over two host tensors (reference for pinned differences). */
export function broadcastHost(a: Host, b: Host, f: (x: number, y: number) => number, dtype = 'float32'): Result {
  const rank = Math.max(a.shape.length, b.shape.length);
  const pa = [...new Array(rank - a.shape.length).fill(1), ...a.shape];
  const pb = [...new Array(rank - b.shape.length).fill(1), ...b.shape];
  const shape = pa.map((d, i) => (d === 1 ? pb[i]! : d));
  const size = shape.reduce((p, d) => p * d, 1);
  const values: number[] = [];
  for (let i = 0; i < size; i++) {
    let rem = i;
    let ia = 0;
    let ib = 0;
    let sa = 1;
    let sb = 1;
    for (let d = rank - 1; d >= 0; d--) {
      const c = rem % shape[d]!;
      rem = Math.floor(rem / shape[d]!);
      ia += (pa[d] === 1 ? 0 : c) * sa;
      ib += (pb[d] === 1 ? 0 : c) * sb;
      sa *= pa[d]!;
      sb *= pb[d]!;
    }
    values.push(f(a.data[ia]!, b.data[ib]!));
  }
  return { shape, dtype, values };
}

/** Floor modulo as TensorFlow's floormod: fmod, then add the divisor when the signs differ. */
const floorMod = (x: number, y: number): number => {
  const r = x % y;
  return r !== 0 && r < 0 !== y < 0 ? r + y : r;
};

const IntA = I([3, 4], -9, 10);
const IntB = (rng: Parameters<Gen>[0]): Host => {
  // Nonzero int32 divisors in [-4, 4].
  const h = I([3, 4], 1, 5)(rng);
  for (let i = 0; i < h.data.length; i++) if (rng.next() < 0.5) h.data[i] = -h.data[i]!;
  return h;
};

export const binarySpecs: OpSpec[] = [
  binary('add', U, U, { ints: [IntA, IntA], specials: true }),
  binary('sub', U, U, { ints: [IntA, IntA], specials: true }),
  binary('mul', U, U, { ints: [IntA, IntA], specials: true }),
  // int32 ÷ int32 floors in both (tfjs's rule, kept by Tessera for tfjs compatibility): see the README.
  binary('div', U, Away, { ints: [IntA, IntB], specials: true }),
  binary('divNoNan', U, (s) => I(s, -2, 3, 'float32'), { specials: true }),
  binary('floorDiv', U, Away, {
    ints: [IntA, IntB],
    specials: true,
    differs: {
      // TensorFlow's floordiv (and Keras's floor_divide) keeps float inputs float: floorDiv(7.5, 2) = 3.0, and
      // floorDiv(NaN, 1) = NaN. tfjs's CPU kernel forces an int32 result (NaN and ±Infinity become 0).
      why: 'tfjs floorDiv of float32 returns int32; TensorFlow returns float32',
      expected: (a, b) => broadcastHost(a, b, (x, y) => f32(Math.floor(x / y))),
    },
  }),
  binary('mod', U, Away, {
    ints: [IntA, IntB],
    specials: {
      // TensorFlow's floormod: mod(-1, Infinity) = Infinity and mod(1, -Infinity) = -Infinity (as NumPy and Python).
      // tfjs computes (a % b + b) % b, which gives NaN there.
      why: 'tfjs mod(x, ±Infinity) with signs differing gives NaN; TensorFlow gives ±Infinity',
      expected: (a, b) => broadcastHost(a, b, (x, y) => f32(floorMod(x, y))),
    },
  }),
  binary('pow', (s) => U(s, 0.1, 3), (s) => U(s, -3, 3), {
    ints: [I([3, 4], -4, 5), I([3, 4], 0, 5)],
    specials: true,
    extra: [{ label: 'negative bases, integer exponents', inputs: [U([4, 5], -3, 3), I([5], -3, 4, 'float32')] }],
  }),
  binary('squaredDifference', U, U, { ints: [IntA, IntA], specials: true }),
  // NaN propagates through maximum and minimum in both (TensorFlow's rule).
  binary('maximum', U, U, { ints: [IntA, IntA], specials: true }),
  binary('minimum', U, U, { ints: [IntA, IntA], specials: true }),
  binary('atan2', U, U, { specials: true }),
  // Comparisons on small integers (as float32) so that ties occur.
  ...['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'].map((name) =>
    binary(name, (s) => I(s, -2, 3, 'float32'), (s) => I(s, -2, 3, 'float32'), { ints: [I([3, 4], -2, 3), I([3, 4], -2, 3)], specials: true }),
  ),
  ...['logicalAnd', 'logicalOr', 'logicalXor'].map((name) => binary(name, (s) => B(s), (s) => B(s))),
  binary('prelu', U, (s) => U(s, 0, 0.5), {
    extra: [{ label: 'per-channel alpha', inputs: [U([2, 3, 4]), U([4], 0, 0.5)] }],
  }),
  {
    name: 'add (mixed dtypes)',
    ops: ['add', 'mul'],
    call: (lib, a, b) => lib.add(a, b),
    cases: [
      // Both upcast int32 + float32 to float32.
      { label: 'int32 + float32', inputs: [I([3, 4]), U([4])] },
      { label: 'float32 + int32', inputs: [U([3, 4]), I([3, 1])] },
      {
        // Keras/TensorFlow (and NumPy 2) treat a plain integer as weakly typed: int32 tensor + 2 stays int32.
        // tfjs turns every plain number into a float32 tensor first, so it returns float32.
        label: 'int32 tensor + integer number stays int32',
        inputs: [I([5])],
        call: (lib, a) => lib.add(a, 2),
        tfjsDiffers: {
          why: 'tfjs int32 + 2 returns float32; Keras keeps int32',
          expected: (a) => mapHost(a, (v) => v + 2, 'int32'),
        },
      },
      { label: 'int32 tensor + fractional number is float32', inputs: [I([5])], call: (lib, a) => lib.add(a, 2.5) },
      { label: 'float tensor * number', inputs: [U([5])], call: (lib, a) => lib.mul(a, 0.1) },
    ],
  },
  {
    name: 'where',
    call: (lib, c, a, b) => lib.where(c, a, b),
    cases: [
      { label: 'same shapes', inputs: [B([3, 4]), U([3, 4]), U([3, 4])] },
      { label: 'broadcast condition', inputs: [B([4]), U([3, 4]), U([3, 4])] },
      { label: 'all three broadcast', inputs: [B([2, 1, 4]), U([3, 1]), U([])] },
      { label: 'rank 0', inputs: [B([]), U([]), U([])] },
      { label: 'empty', inputs: [B([0, 3]), U([0, 3]), U([0, 3])] },
      { label: 'int32 branches', inputs: [B([5]), I([5]), I([5])] },
      { label: 'bool branches', inputs: [B([5]), B([5]), B([5])] },
      { label: 'NaN branches', inputs: [B([18]), V([18], SPECIALS), V([18], SPECIALS.slice().reverse())] },
    ],
  },
];
