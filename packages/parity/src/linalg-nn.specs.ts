import type { Case, Host, OpSpec, Result } from './harness.js';
import { I, N, U, f32 } from './harness.js';
import { conv2dReference } from './reference.js';

/** Batched a·b with broadcast batch dims, accumulated in float64 (reference for pinned differences). */
function matMulHost(a: Host, b: Host): Result {
  const [m, k] = a.shape.slice(-2) as [number, number];
  const n = b.shape[b.shape.length - 1]!;
  const ba = a.shape.slice(0, -2);
  const bb = b.shape.slice(0, -2);
  const rank = Math.max(ba.length, bb.length);
  const pa = [...new Array(rank - ba.length).fill(1), ...ba];
  const pb = [...new Array(rank - bb.length).fill(1), ...bb];
  const batch = pa.map((d, i) => Math.max(d, pb[i]!));
  const values: number[] = [];
  const nb = batch.reduce((p, d) => p * d, 1);
  for (let t = 0; t < nb; t++) {
    let rem = t;
    let ia = 0;
    let ib = 0;
    let sa = 1;
    let sb = 1;
    for (let d = rank - 1; d >= 0; d--) {
      const c = rem % batch[d]!;
      rem = Math.floor(rem / batch[d]!);
      ia += (pa[d] === 1 ? 0 : c) * sa;
      ib += (pb[d] === 1 ? 0 : c) * sb;
      sa *= pa[d]!;
      sb *= pb[d]!;
    }
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < k; q++) s += a.data[ia * m * k + i * k + q]! * b.data[ib * k * n + q * n + j]!;
        values.push(f32(s));
      }
    }
  }
  return { shape: [...batch, m, n], dtype: 'float32', values };
}

const ACTIVATIONS = ['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'elu', 'leakyrelu'] as const;

export const linalgSpecs: OpSpec[] = [
  {
    name: 'matMul',
    call: (lib, a, b) => lib.matMul(a, b),
    cases: [
      { label: '[3,4]·[4,5]', inputs: [U([3, 4]), U([4, 5])] },
      { label: 'transposeA', inputs: [U([4, 3]), U([4, 5])], call: (lib, a, b) => lib.matMul(a, b, true) },
      { label: 'transposeB', inputs: [U([3, 4]), U([5, 4])], call: (lib, a, b) => lib.matMul(a, b, false, true) },
      { label: 'both transposed', inputs: [U([4, 3]), U([5, 4])], call: (lib, a, b) => lib.matMul(a, b, true, true) },
      { label: 'batched [2,3,4]·[2,4,5]', inputs: [U([2, 3, 4]), U([2, 4, 5])] },
      {
        // TensorFlow broadcasts batch dims [2,1] and [3] to [2,3]; tfjs reports shape [2,3,3,2] but fills only
        // 18 of its 36 values, pairing the wrong batches.
        label: 'broadcast batch [2,1,3,4]·[3,4,2]',
        inputs: [U([2, 1, 3, 4]), U([3, 4, 2])],
        tfjsDiffers: { why: 'tfjs matMul with both batch shapes broadcasting returns 18 of 36 values', expected: matMulHost },
      },
      { label: 'broadcast batch [2,3,4]·[1,4,5]', inputs: [U([2, 3, 4]), U([1, 4, 5])] },
      { label: 'rank 3 · rank 2', inputs: [U([2, 3, 4]), U([4, 5])] },
      { label: '[1,3]·[3,1]', inputs: [U([1, 3]), U([3, 1])] },
      { label: 'inner dim 0 gives zeros', inputs: [U([3, 0]), U([0, 4])] },
      { label: 'empty batch', inputs: [U([0, 3, 4]), U([0, 4, 2])] },
      // K = 70 spans two of tfjs's 48-wide accumulation blocks.
      { label: '[40,70]·[70,33]', inputs: [N([40, 70]), N([70, 33])] },
      { label: 'K = 300', inputs: [U([8, 300], 0, 1), U([300, 6], 0, 1)] },
      { label: 'int32', inputs: [I([3, 4]), I([4, 2])] },
      { label: 'transposed views', inputs: [U([4, 3]), U([5, 4])], call: (lib, a, b) => lib.matMul(lib.transpose(a), lib.transpose(b)) },
    ],
  },
  {
    name: 'dot',
    call: (lib, a, b) => lib.dot(a, b),
    cases: [
      { label: '[5]·[5]', inputs: [U([5]), U([5])] },
      { label: '[2,3]·[3]', inputs: [U([2, 3]), U([3])] },
      { label: '[3]·[3,4]', inputs: [U([3]), U([3, 4])] },
      { label: '[2,3]·[3,4]', inputs: [U([2, 3]), U([3, 4])] },
    ],
  },
  {
    name: 'outerProduct',
    call: (lib, a, b) => lib.outerProduct(a, b),
    cases: [
      { label: '[3]⊗[4]', inputs: [U([3]), U([4])] },
      { label: '[1]⊗[0]', inputs: [U([1]), U([0])] },
    ],
  },
  {
    name: 'fused.matMul',
    call: (lib, a, b) => lib.fused.matMul({ a, b }),
    cases: [
      { label: 'no bias, linear', inputs: [U([3, 4]), U([4, 5])] },
      ...ACTIVATIONS.map(
        (activation): Case => ({
          label: `${activation} with a [5] bias`,
          inputs: [U([3, 4]), U([4, 5]), U([5])],
          call: (lib, a, b, bias) => lib.fused.matMul({ a, b, bias, activation }),
          // tfjs's CPU backend has no fused tanh ("not implemented"): compare with its unfused composition.
          tfjsCall: activation === 'tanh' ? (lib, a, b, bias) => lib.tanh(lib.add(lib.matMul(a, b), bias)) : undefined,
        }),
      ),
      {
        label: 'leakyrelu alpha 0.05, transposes, [3,5] bias',
        inputs: [U([4, 3]), U([5, 4]), U([3, 5])],
        call: (lib, a, b, bias) =>
          lib.fused.matMul({ a, b, bias, activation: 'leakyrelu', leakyreluAlpha: 0.05, transposeA: true, transposeB: true }),
      },
      {
        label: 'batched relu6 with a scalar bias',
        inputs: [U([2, 3, 4], -3, 3), U([2, 4, 5], -3, 3), U([], 0, 2)],
        call: (lib, a, b, bias) => lib.fused.matMul({ a, b, bias, activation: 'relu6' }),
      },
    ],
  },
];

/** Convolution and pooling geometry: strides, every padding form tfjs takes, dilations and rounding modes. */
export const convSpecs: OpSpec[] = [
  {
    name: 'conv2d',
    call: (lib, x, f) => lib.conv2d(x, f, 1, 'same'),
    cases: [
      { label: 'same, stride 1', inputs: [U([2, 7, 7, 3]), U([3, 3, 3, 4])] },
      { label: 'valid, stride 2', inputs: [U([2, 7, 7, 3]), U([3, 3, 3, 4])], call: (lib, x, f) => lib.conv2d(x, f, 2, 'valid') },
      { label: 'same, strides [2,1], 2x4 filter', inputs: [U([1, 6, 7, 2]), U([2, 4, 2, 3])], call: (lib, x, f) => lib.conv2d(x, f, [2, 1], 'same') },
      { label: 'explicit padding', inputs: [U([1, 5, 6, 2]), U([3, 3, 2, 3])], call: (lib, x, f) => lib.conv2d(x, f, 1, [[0, 0], [1, 2], [2, 1], [0, 0]]) },
      { label: 'numeric pad 1', inputs: [U([1, 5, 5, 2]), U([3, 3, 2, 2])], call: (lib, x, f) => lib.conv2d(x, f, 1, 1) },
      { label: 'dilations 2', inputs: [U([1, 9, 9, 2]), U([3, 3, 2, 3])], call: (lib, x, f) => lib.conv2d(x, f, 1, 'same', 'NHWC', 2) },
      { label: 'valid, dilations [2,1]', inputs: [U([1, 8, 8, 2]), U([3, 2, 2, 3])], call: (lib, x, f) => lib.conv2d(x, f, 1, 'valid', 'NHWC', [2, 1]) },
      ...(['floor', 'round', 'ceil'] as const).map(
        (mode): Case => ({
          label: `dimRoundingMode ${mode}`,
          inputs: [U([1, 6, 6, 2]), U([3, 3, 2, 3])],
          call: (lib, x, f) => lib.conv2d(x, f, 2, 1, 'NHWC', 1, mode),
        }),
      ),
      { label: 'rank 3 input', inputs: [U([5, 5, 2]), U([3, 3, 2, 4])] },
      { label: 'NCHW', inputs: [U([2, 3, 6, 6]), U([3, 3, 3, 4])], call: (lib, x, f) => lib.conv2d(x, f, 1, 'same', 'NCHW') },
      { label: 'strided view input', inputs: [U([2, 3, 6, 6]), U([3, 3, 3, 4])], call: (lib, x, f) => lib.conv2d(lib.transpose(x, [0, 2, 3, 1]), f, 1, 'valid') },
      { label: '1x1 filter', inputs: [U([2, 4, 4, 5]), U([1, 1, 5, 3])] },
      {
        // 144 products per output. tfjs's CPU conv2d adds each product straight into a Float32Array (a float32
        // rounding per step: up to ~5e-6 off for outputs near 15), while Tessera accumulates in float64 and rounds
        // once. So tfjs gets a looser absolute tolerance here and Tessera is held to the float64 reference.
        label: 'larger (16 channels)',
        inputs: [N([2, 12, 12, 16]), N([3, 3, 16, 16], 0.25)],
        tol: { rtol: 1e-5, atol: 2e-5, why: 'tfjs accumulates 144 products in float32' },
        reference: {
          why: 'float64 accumulation rounded once',
          expected: conv2dReference,
          tol: { rtol: 1e-6, atol: 1e-6, why: 'one float32 rounding, plus float64 summation-order noise' },
        },
      },
    ],
  },
  {
    name: 'conv1d',
    call: (lib, x, f) => lib.conv1d(x, f, 1, 'same'),
    cases: [
      { label: 'same, stride 1', inputs: [U([2, 9, 3]), U([3, 3, 4])] },
      { label: 'valid, stride 2', inputs: [U([2, 9, 3]), U([3, 3, 4])], call: (lib, x, f) => lib.conv1d(x, f, 2, 'valid') },
      { label: 'dilation 2', inputs: [U([2, 11, 3]), U([3, 3, 2])], call: (lib, x, f) => lib.conv1d(x, f, 1, 'same', 'NWC', 2) },
      // A numeric pad is part of conv1d's signature, but tfjs 4.22 throws on it ("Size(180) must match the product
      // of shape 1,12,3"), so it is not compared here.
      { label: 'rank 2 input', inputs: [U([9, 3]), U([3, 3, 4])] },
    ],
  },
  {
    name: 'conv2dTranspose',
    call: (lib, x, f) => lib.conv2dTranspose(x, f, [2, 8, 8, 5], 2, 'same'),
    cases: [
      { label: 'same, stride 2', inputs: [U([2, 4, 4, 3]), U([3, 3, 5, 3])] },
      { label: 'valid, stride 2', inputs: [U([2, 4, 4, 3]), U([3, 3, 5, 3])], call: (lib, x, f) => lib.conv2dTranspose(x, f, [2, 9, 9, 5], 2, 'valid') },
      { label: 'same, stride 1', inputs: [U([1, 5, 5, 2]), U([3, 3, 4, 2])], call: (lib, x, f) => lib.conv2dTranspose(x, f, [1, 5, 5, 4], 1, 'same') },
      { label: 'strides [1,2], 2x3 filter', inputs: [U([1, 4, 3, 2]), U([2, 3, 3, 2])], call: (lib, x, f) => lib.conv2dTranspose(x, f, [1, 5, 7, 3], [1, 2], 'valid') },
      { label: 'rank 3 input', inputs: [U([4, 4, 3]), U([3, 3, 2, 3])], call: (lib, x, f) => lib.conv2dTranspose(x, f, [8, 8, 2], 2, 'same') },
      { label: 'numeric pad', inputs: [U([1, 4, 4, 2]), U([3, 3, 2, 2])], call: (lib, x, f) => lib.conv2dTranspose(x, f, [1, 7, 7, 2], 2, 1) },
    ],
  },
  {
    name: 'depthwiseConv2d',
    call: (lib, x, f) => lib.depthwiseConv2d(x, f, 1, 'same'),
    cases: [
      { label: 'same, multiplier 2', inputs: [U([2, 6, 6, 3]), U([3, 3, 3, 2])] },
      { label: 'valid, stride 2', inputs: [U([2, 7, 7, 3]), U([3, 3, 3, 1])], call: (lib, x, f) => lib.depthwiseConv2d(x, f, 2, 'valid') },
      { label: 'dilations 2', inputs: [U([1, 8, 8, 2]), U([3, 3, 2, 2])], call: (lib, x, f) => lib.depthwiseConv2d(x, f, 1, 'same', 'NHWC', 2) },
      { label: 'numeric pad', inputs: [U([1, 5, 5, 2]), U([2, 2, 2, 3])], call: (lib, x, f) => lib.depthwiseConv2d(x, f, 1, 1) },
      { label: 'rank 3 input', inputs: [U([5, 5, 4]), U([3, 3, 4, 1])] },
    ],
  },
  {
    name: 'separableConv2d',
    call: (lib, x, d, p) => lib.separableConv2d(x, d, p, 1, 'same'),
    cases: [
      { label: 'same', inputs: [U([2, 6, 6, 3]), U([3, 3, 3, 2]), U([1, 1, 6, 4])] },
      { label: 'valid, stride 2', inputs: [U([2, 7, 7, 3]), U([3, 3, 3, 1]), U([1, 1, 3, 5])], call: (lib, x, d, p) => lib.separableConv2d(x, d, p, 2, 'valid') },
      { label: 'dilation 2', inputs: [U([1, 8, 8, 2]), U([3, 3, 2, 2]), U([1, 1, 4, 3])], call: (lib, x, d, p) => lib.separableConv2d(x, d, p, 1, 'same', 2) },
      { label: 'rank 3 input', inputs: [U([5, 5, 2]), U([3, 3, 2, 2]), U([1, 1, 4, 3])] },
    ],
  },
  ...(['maxPool', 'avgPool'] as const).map(
    (name): OpSpec => ({
      name,
      call: (lib, x) => lib[name](x, 3, 2, 'same'),
      cases: [
        { label: '3x3 stride 2 same', inputs: [U([2, 7, 7, 3])] },
        { label: '3x3 stride 2 valid', inputs: [U([2, 7, 7, 3])], call: (lib, x) => lib[name](x, 3, 2, 'valid') },
        { label: '2x2 stride 2 valid', inputs: [U([1, 6, 6, 2])], call: (lib, x) => lib[name](x, 2, 2, 'valid') },
        { label: '[2,3] window, strides [1,2], same', inputs: [U([1, 5, 7, 2])], call: (lib, x) => lib[name](x, [2, 3], [1, 2], 'same') },
        { label: 'numeric pad 1', inputs: [U([1, 5, 5, 2])], call: (lib, x) => lib[name](x, 3, 1, 1) },
        ...(['floor', 'round', 'ceil'] as const).map(
          (mode): Case => ({ label: `dimRoundingMode ${mode}`, inputs: [U([1, 6, 6, 2])], call: (lib, x) => lib[name](x, 3, 2, 1, mode) }),
        ),
        { label: 'rank 3 input', inputs: [U([6, 6, 3])] },
        { label: '1x1 window', inputs: [U([1, 4, 4, 2])], call: (lib, x) => lib[name](x, 1, 1, 'valid') },
        { label: 'strided view input', inputs: [U([1, 2, 6, 6])], call: (lib, x) => lib[name](lib.transpose(x, [0, 2, 3, 1]), 2, 2, 'valid') },
      ],
    }),
  ),
  {
    name: 'batchNorm',
    call: (lib, x, m, v, o, s) => lib.batchNorm(x, m, v, o, s),
    cases: [
      { label: 'per-channel, offset and scale', inputs: [U([2, 3, 4]), U([4]), U([4], 0.1, 2), U([4]), U([4])] },
      { label: 'no offset, no scale', inputs: [U([2, 3, 4]), U([4]), U([4], 0.1, 2)], call: (lib, x, m, v) => lib.batchNorm(x, m, v) },
      { label: 'scale only', inputs: [U([2, 4]), U([4]), U([4], 0.1, 2), U([4])], call: (lib, x, m, v, s) => lib.batchNorm(x, m, v, undefined, s) },
      { label: 'epsilon 1e-5', inputs: [U([2, 4]), U([4]), U([4], 0, 0.01), U([4]), U([4])], call: (lib, x, m, v, o, s) => lib.batchNorm(x, m, v, o, s, 1e-5) },
      {
        label: 'rank 4, full-shape statistics',
        inputs: [U([2, 2, 2, 3]), U([2, 2, 2, 3]), U([2, 2, 2, 3], 0.1, 2), U([2, 2, 2, 3]), U([2, 2, 2, 3])],
      },
      { label: 'rank 1', inputs: [U([5]), U([5]), U([5], 0.1, 2), U([5]), U([5])] },
    ],
  },
  {
    name: 'localResponseNormalization',
    call: (lib, x) => lib.localResponseNormalization(x),
    cases: [
      { label: 'defaults', inputs: [U([2, 3, 3, 8])] },
      { label: 'radius 2, bias 2, alpha 0.1, beta 0.75', inputs: [U([2, 3, 3, 8])], call: (lib, x) => lib.localResponseNormalization(x, 2, 2, 0.1, 0.75) },
      { label: 'radius beyond the depth', inputs: [U([1, 2, 2, 3])], call: (lib, x) => lib.localResponseNormalization(x, 4, 1, 0.5, 0.5) },
      { label: 'rank 3 input', inputs: [U([3, 3, 6])], call: (lib, x) => lib.localResponseNormalization(x, 1) },
    ],
  },
];
