import type { Case, Gen, Host, OpSpec, Result } from './harness.js';
import { B, I, N, U, V, f32, fmt } from './harness.js';

/** (label, shape, axis, keepDims): every reduction runs these, from rank 0 to a 2080-element block. */
const AXES: [number[], number | number[] | undefined, boolean][] = [
  [[], undefined, false],
  [[7], undefined, false],
  [[7], 0, true],
  [[3, 4], 0, false],
  [[3, 4], -1, true],
  [[2, 3, 4], undefined, false],
  [[2, 3, 4], 1, false],
  [[2, 3, 4], [0, 2], false],
  [[2, 3, 4], [2, 0], true],
  [[2, 3, 4, 5], [1, 3], false],
  [[32, 65], 1, false],
  [[32, 65], 0, false],
  [[0, 3], 1, false],
];

const axisLabel = (s: number[], axis: unknown, keep: boolean): string =>
  `${fmt(s)} axis=${axis === undefined ? 'all' : JSON.stringify(axis)}${keep ? ' keepDims' : ''}`;

function reduction(name: string, gen: (s: number[]) => Gen, intGen?: Gen, extra: Case[] = []): OpSpec {
  const cases: Case[] = AXES.map(([s, axis, keep]) => ({
    label: axisLabel(s, axis, keep),
    inputs: [gen(s)],
    call: (lib, x) => lib[name](x, axis, keep),
  }));
  cases.push({ label: 'transposed view, axis 0', inputs: [gen([5, 6])], call: (lib, x) => lib[name](lib.transpose(x), 0) });
  if (intGen) cases.push({ label: 'int32', inputs: [intGen], call: (lib, x) => lib[name](x, 1) });
  cases.push(...extra);
  return { name, call: (lib, x) => lib[name](x), cases };
}

/** A host reduction over all elements of each row of `x` seen as [rows, n] (for pinned differences). */
function reduceRows(x: Host, n: number, f: (vals: number[]) => number, dtype = 'float32', shape?: number[]): Result {
  const rows = n === 0 ? x.shape.slice(0, -1).reduce((p, d) => p * d, 1) : x.data.length / n;
  const values: number[] = [];
  for (let r = 0; r < rows; r++) values.push(f(Array.from(x.data.subarray(r * n, r * n + n))));
  return { shape: shape ?? x.shape.slice(0, -1), dtype, values };
}

/** Inclusive scan along the last axis of `x`, optionally from the end (float32 accumulation, as both kernels). */
function scanLast(x: Host, f: (a: number, b: number) => number, reverse: boolean): Result {
  const n = x.shape[x.shape.length - 1]!;
  const values = new Array<number>(x.data.length);
  for (let r = 0; r < x.data.length / n; r++) {
    let acc = NaN;
    for (let k = 0; k < n; k++) {
      const i = r * n + (reverse ? n - 1 - k : k);
      acc = k === 0 ? x.data[i]! : f32(f(acc, x.data[i]!));
      values[i] = acc;
    }
  }
  return { shape: [...x.shape], dtype: 'float32', values };
}

export const reduceSpecs: OpSpec[] = [
  reduction('sum', U, I([3, 4], -50, 50), [
    // 5000 terms: a float32 running sum would drift by ~1e-4 relative; both accumulate in float64.
    { label: 'long rows [4,5000]', inputs: [U([4, 5000], 0, 1)], call: (lib, x) => lib.sum(x, 1) },
    { label: 'bool sums to int32', inputs: [B([3, 4])], call: (lib, x) => lib.sum(x, 1) },
    // The result is NaN or ±Infinity wherever a row holds one (Infinity - Infinity = NaN).
    { label: 'NaN and infinities', inputs: [V([3, 3], [1, NaN, 2, Infinity, 1, 2, Infinity, -Infinity, 0])], call: (lib, x) => lib.sum(x, 1) },
    { label: 'empty axis gives 0', inputs: [U([3, 0])], call: (lib, x) => lib.sum(x, 1) },
  ]),
  reduction('mean', U, I([3, 4], -50, 50), [
    { label: 'long rows [4,5000]', inputs: [U([4, 5000], 0, 1)], call: (lib, x) => lib.mean(x, 1) },
    // Both return float32 for int32 input (Keras 3's rule; TensorFlow's reduce_mean would return a truncated int32).
    { label: 'int32 input gives float32', inputs: [I([3, 5], -9, 10)], call: (lib, x) => lib.mean(x, 1) },
    {
      // The mean over nothing is 0/0 = NaN in TensorFlow (and NumPy); tfjs divides each element by N first and
      // sums nothing, so it returns 0.
      label: 'empty axis gives NaN',
      inputs: [U([3, 0])],
      call: (lib, x) => lib.mean(x, 1),
      tfjsDiffers: { why: 'tfjs mean over an empty axis returns 0; TensorFlow returns NaN', expected: (x) => reduceRows(x, 0, () => NaN) },
    },
  ]),
  reduction('prod', (s) => U(s, 0.5, 1.5), I([3, 4], -3, 4), [
    { label: 'empty axis gives 1', inputs: [U([3, 0])], call: (lib, x) => lib.prod(x, 1) },
  ]),
  ...(['max', 'min'] as const).map((name) =>
    reduction(name, U, I([3, 4], -50, 50), [
      // NaN propagates in both, wherever it sits in the row (TensorFlow's rule).
      {
        label: 'NaN propagates',
        inputs: [V([4, 3], [NaN, 1, 2, 1, NaN, 2, 1, 2, NaN, -Infinity, Infinity, 0])],
        call: (lib, x) => lib[name](x, 1),
      },
      {
        // TensorFlow's reduce_max over nothing is the identity -Infinity (reduce_min: +Infinity); tfjs gives NaN.
        label: 'empty axis gives the identity',
        inputs: [U([3, 0])],
        call: (lib, x) => lib[name](x, 1),
        tfjsDiffers: {
          why: `tfjs ${name} over an empty axis returns NaN; TensorFlow returns ${name === 'max' ? '-' : '+'}Infinity`,
          expected: (x) => reduceRows(x, 0, () => (name === 'max' ? -Infinity : Infinity)),
        },
      },
    ]),
  ),
  ...(['argMax', 'argMin'] as const).map(
    (name): OpSpec => ({
      name,
      call: (lib, x) => lib[name](x),
      cases: [
        { label: '[7] default axis', inputs: [U([7])] },
        { label: '[3,4] axis 1', inputs: [U([3, 4])], call: (lib, x) => lib[name](x, 1) },
        { label: '[2,3,4] axis -1', inputs: [U([2, 3, 4])], call: (lib, x) => lib[name](x, -1) },
        { label: '[2,3,4] axis 1', inputs: [U([2, 3, 4])], call: (lib, x) => lib[name](x, 1) },
        { label: '[32,65] axis 0', inputs: [N([32, 65])] },
        // Ties go to the first index in both (TensorFlow's rule).
        { label: 'ties pick the first index', inputs: [I([6, 5], 0, 3, 'float32')], call: (lib, x) => lib[name](x, 1) },
        { label: 'int32', inputs: [I([6, 5], -3, 3)], call: (lib, x) => lib[name](x, 1) },
        { label: 'transposed view', inputs: [U([5, 6])], call: (lib, x) => lib[name](lib.transpose(x), 1) },
      ],
    }),
  ),
  ...(['all', 'any'] as const).map(
    (name): OpSpec => ({
      name,
      call: (lib, x) => lib[name](x),
      cases: [
        { label: 'rank 0', inputs: [B([])] },
        { label: '[3,4] all axes', inputs: [B([3, 4], 0.8)] },
        { label: '[3,4] axis 1', inputs: [B([3, 4], 0.7)], call: (lib, x) => lib[name](x, 1) },
        { label: '[2,3,4] axes [0,2] keepDims', inputs: [B([2, 3, 4], 0.3)], call: (lib, x) => lib[name](x, [0, 2], true) },
        name === 'all'
          ? {
              // TensorFlow's reduce_all over nothing is true (the identity of AND); tfjs returns false.
              label: 'empty axis gives the identity',
              inputs: [B([3, 0])],
              call: (lib, x) => lib.all(x, 1),
              tfjsDiffers: { why: 'tfjs all over an empty axis returns false; TensorFlow returns true', expected: (x) => reduceRows(x, 0, () => 1, 'bool') },
            }
          : { label: 'empty axis gives the identity', inputs: [B([3, 0])], call: (lib, x) => lib.any(x, 1) },
      ],
    }),
  ),
  reduction('logSumExp', (s) => U(s, -20, 20), undefined, [
    { label: 'large values stay finite', inputs: [U([4, 5], 80, 100)], call: (lib, x) => lib.logSumExp(x, 1) },
    {
      // TensorFlow's reduce_logsumexp replaces a non-finite max by 0 before subtracting it: an all -Infinity row
      // gives -Infinity (log of 0) and a row holding +Infinity gives +Infinity. tfjs subtracts the raw max and
      // returns NaN for both (-Infinity - -Infinity, Infinity - Infinity).
      label: 'infinite rows give ±Infinity',
      inputs: [V([3, 3], [-Infinity, -Infinity, -Infinity, 0, 1, 2, Infinity, 1, 2])],
      call: (lib, x) => lib.logSumExp(x, 1),
      tfjsDiffers: {
        why: 'tfjs logSumExp of a row whose max is ±Infinity returns NaN; TensorFlow returns ±Infinity',
        expected: (x) =>
          reduceRows(x, 3, (v) => {
            const m = Math.max(...v);
            return Number.isFinite(m) ? f32(m + Math.log(v.reduce((s, y) => s + Math.exp(y - m), 0))) : m;
          }),
      },
    },
  ]),
  {
    name: 'moments',
    call: (lib, x) => lib.moments(x),
    cases: [
      { label: '[7] all axes', inputs: [U([7])] },
      { label: '[3,4] axis 0', inputs: [N([3, 4], 2, 1)], call: (lib, x) => lib.moments(x, 0) },
      { label: '[2,3,4] axes [0,1] keepDims', inputs: [U([2, 3, 4])], call: (lib, x) => lib.moments(x, [0, 1], true) },
      { label: '[32,65] axis 1', inputs: [N([32, 65], 3, 5)], call: (lib, x) => lib.moments(x, 1) },
      { label: 'rank 0', inputs: [U([])] },
    ],
  },
  {
    name: 'norm',
    call: (lib, x) => lib.norm(x),
    cases: [
      { label: 'euclidean, all', inputs: [U([3, 4])] },
      { label: 'euclidean, rank 0', inputs: [U([])] },
      // tfjs has no general p-norm (ord 3 throws there), so only the named orders are compared.
      ...([1, 2, Infinity, -Infinity, 'euclidean'] as const).map(
        (ord): Case => ({ label: `vector ord ${String(ord)} axis 1`, inputs: [U([3, 5])], call: (lib, x) => lib.norm(x, ord, 1) }),
      ),
      ...(['fro', 1, Infinity, -Infinity] as const).map(
        (ord): Case => ({ label: `matrix ord ${String(ord)}`, inputs: [U([2, 3, 4])], call: (lib, x) => lib.norm(x, ord, [1, 2]) }),
      ),
      { label: 'keepDims', inputs: [U([2, 3, 4])], call: (lib, x) => lib.norm(x, 'euclidean', 2, true) },
    ],
  },
  ...(['cumsum', 'cumprod'] as const).map(
    (name): OpSpec => ({
      name,
      call: (lib, x) => lib[name](x),
      cases: [
        { label: '[7]', inputs: [U([7], 0.5, 1.5)] },
        { label: '[3,4] axis 1', inputs: [U([3, 4], 0.5, 1.5)], call: (lib, x) => lib[name](x, 1) },
        { label: '[2,3,4] axis 1 exclusive', inputs: [U([2, 3, 4], 0.5, 1.5)], call: (lib, x) => lib[name](x, 1, true) },
        {
          // TensorFlow accepts a negative axis; tfjs builds its transpose permutation from the raw -1 and returns
          // a tensor of shape [undefined, 2, 3].
          label: '[2,3,4] axis -1 reverse',
          inputs: [U([2, 3, 4], 0.5, 1.5)],
          call: (lib, x) => lib[name](x, -1, false, true),
          tfjsDiffers: {
            why: `tfjs ${name} with a negative axis returns a malformed shape; TensorFlow counts the axis from the end`,
            expected: (x) => scanLast(x, name === 'cumsum' ? (a, b) => a + b : (a, b) => a * b, true),
          },
        },
        { label: '[2,3,4] axis 2 reverse', inputs: [U([2, 3, 4], 0.5, 1.5)], call: (lib, x) => lib[name](x, 2, false, true) },
        { label: '[2,3,4] axis 0 exclusive reverse', inputs: [U([2, 3, 4], 0.5, 1.5)], call: (lib, x) => lib[name](x, 0, true, true) },
        { label: '[40,50] axis 1', inputs: [U([40, 50], 0.9, 1.1)], call: (lib, x) => lib[name](x, 1) },
        { label: 'int32', inputs: [I([3, 5], -3, 4)], call: (lib, x) => lib[name](x, 1) },
        { label: 'empty', inputs: [U([0, 3])], call: (lib, x) => lib[name](x, 1) },
        { label: 'transposed view', inputs: [U([5, 6], 0.5, 1.5)], call: (lib, x) => lib[name](lib.transpose(x), 1) },
      ],
    }),
  ),
  ...(['softmax', 'logSoftmax'] as const).map(
    (name): OpSpec => ({
      name,
      call: (lib, x) => lib[name](x),
      cases: [
        // tfjs supports only the last axis.
        { label: '[7]', inputs: [U([7])] },
        { label: '[3,4]', inputs: [U([3, 4], -10, 10)] },
        { label: '[2,3,5]', inputs: [N([2, 3, 5], 5)] },
        { label: 'large logits', inputs: [U([4, 6], -80, 80)] },
        { label: '[32,65]', inputs: [N([32, 65], 3)] },
        { label: 'explicit last axis', inputs: [U([3, 4])], call: (lib, x) => lib[name](x, -1) },
        { label: 'transposed view', inputs: [U([5, 6])], call: (lib, x) => lib[name](lib.transpose(x)) },
      ],
    }),
  ),
];
