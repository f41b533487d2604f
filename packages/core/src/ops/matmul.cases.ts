import type { FusedActivation } from '../backend/spec.js';
import { upcastType } from '../dtype.js';
import type { HostTensor, OpCase } from '../testing/case.js';
import { broadcastShape, generate, nanMax, nanMin, numel, storeAs } from '../testing/reference.js';
import { dot, fused, matMul, outerProduct } from './matmul.js';

/** Cases for matMul (transposes, batch broadcasting, int32, empty dims), dot, outerProduct and fused.matMul. */

/** Batched a·b with NumPy batch broadcasting, in float64. */
function matMulRef(transposeA = false, transposeB = false) {
  return (a: HostTensor, b: HostTensor) => {
    const ra = a.shape.length;
    const rb = b.shape.length;
    const [m, k] = transposeA ? [a.shape[ra - 1]!, a.shape[ra - 2]!] : [a.shape[ra - 2]!, a.shape[ra - 1]!];
    const n = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
    const batch = broadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
    const dtype = upcastType(a.dtype, b.dtype);
    const elem = (x: HostTensor, bidx: number[], r: number, c: number, tr: boolean) => {
      const xb = x.shape.slice(0, -2);
      const lead = bidx.length - xb.length;
      const rows = x.shape[x.shape.length - 2]!;
      const cols = x.shape[x.shape.length - 1]!;
      let p = 0;
      for (let d = 0; d < xb.length; d++) p = p * xb[d]! + (xb[d] === 1 ? 0 : bidx[lead + d]!);
      const [i, j] = tr ? [c, r] : [r, c];
      return x.values[(p * rows + i) * cols + j]!;
    };
    return generate([...batch, m, n], dtype, (idx) => {
      const bidx = idx.slice(0, -2);
      const i = idx[idx.length - 2]!;
      const j = idx[idx.length - 1]!;
      let s = 0;
      for (let p = 0; p < k; p++) s += elem(a, bidx, i, p, transposeA) * elem(b, bidx, p, j, transposeB);
      return s;
    });
  };
}

const rnd = (shape: number[], seed: number) => ({ shape, random: { min: -2, max: 2, seed } });

const matMulCases: OpCase[] = [
  {
    op: 'matMul',
    name: 'hand-checked 2x2',
    inputs: [{ shape: [2, 2], values: [1, 2, 3, 4] }, { shape: [2, 2], values: [5, 6, 7, 8] }],
    run: (a, b) => matMul(a, b),
    expected: { shape: [2, 2], values: [19, 22, 43, 50] },
    grad: true,
  },
  { op: 'matMul', name: '[3,4] x [4,5]', inputs: [rnd([3, 4], 171), rnd([4, 5], 172)], run: (a, b) => matMul(a, b), reference: matMulRef(), grad: true },
  {
    op: 'matMul',
    name: 'transposeA',
    inputs: [rnd([4, 3], 173), rnd([4, 5], 174)],
    run: (a, b) => matMul(a, b, true, false),
    reference: matMulRef(true, false),
    grad: true,
  },
  {
    op: 'matMul',
    name: 'transposeB',
    inputs: [rnd([3, 4], 175), rnd([5, 4], 176)],
    run: (a, b) => matMul(a, b, false, true),
    reference: matMulRef(false, true),
    grad: true,
  },
  {
    op: 'matMul',
    name: 'transposeA and transposeB',
    inputs: [rnd([4, 3], 177), rnd([5, 4], 178)],
    run: (a, b) => matMul(a, b, true, true),
    reference: matMulRef(true, true),
    grad: true,
  },
  { op: 'matMul', name: 'batched [2,3,4] x [2,4,2]', inputs: [rnd([2, 3, 4], 179), rnd([2, 4, 2], 180)], run: (a, b) => matMul(a, b), reference: matMulRef(), grad: true },
  {
    op: 'matMul',
    name: 'broadcast batch [2,1,3,4] x [3,4,5]',
    inputs: [rnd([2, 1, 3, 4], 181), rnd([3, 4, 5], 182)],
    run: (a, b) => matMul(a, b),
    reference: matMulRef(),
    grad: true,
  },
  {
    op: 'matMul',
    name: 'broadcast batch with transposeB',
    inputs: [rnd([3, 2, 4], 183), rnd([1, 5, 4], 184)],
    run: (a, b) => matMul(a, b, false, true),
    reference: matMulRef(false, true),
    grad: true,
  },
  { op: 'matMul', name: 'long inner dim [4,256] x [256,3]', inputs: [rnd([4, 256], 185), rnd([256, 3], 186)], run: (a, b) => matMul(a, b), reference: matMulRef() },
  { op: 'matMul', name: 'vector shapes [1,5] x [5,1]', inputs: [rnd([1, 5], 187), rnd([5, 1], 188)], run: (a, b) => matMul(a, b), reference: matMulRef() },
  {
    op: 'matMul',
    name: 'int32',
    inputs: [
      { shape: [2, 3], values: [1, 2, 3, 4, 5, 6], dtype: 'int32' },
      { shape: [3, 2], values: [7, 8, 9, 10, 11, 12], dtype: 'int32' },
    ],
    run: (a, b) => matMul(a, b),
    expected: { shape: [2, 2], values: [58, 64, 139, 154], dtype: 'int32' },
  },
  {
    op: 'matMul',
    name: 'float64',
    inputs: [
      { shape: [3, 4], dtype: 'float64', random: { min: -2, max: 2, seed: 189 } },
      { shape: [4, 2], dtype: 'float64', random: { min: -2, max: 2, seed: 190 } },
    ],
    run: (a, b) => matMul(a, b),
    reference: matMulRef(),
    grad: true,
  },
  {
    op: 'matMul',
    name: 'inner dim 0 gives zeros',
    inputs: [{ shape: [2, 0], values: [] }, { shape: [0, 3], values: [] }],
    run: (a, b) => matMul(a, b),
    expected: { shape: [2, 3], values: [0, 0, 0, 0, 0, 0] },
  },
  {
    op: 'matMul',
    name: 'size-0 rows and batch',
    inputs: [{ shape: [0, 2], values: [] }, rnd([2, 3], 191), { shape: [0, 2, 2], values: [] }, rnd([2, 2], 192)],
    run: (a, b, c, d) => [matMul(a, b), matMul(c, d)],
    expected: [
      { shape: [0, 3], values: [] },
      { shape: [0, 2, 2], values: [] },
    ],
  },
  {
    op: 'matMul',
    name: 'NaN and Infinity propagate',
    inputs: [{ shape: [2, 2], values: [NaN, 1, Infinity, 1] }, { shape: [2, 1], values: [1, 2] }],
    run: (a, b) => matMul(a, b),
    expected: { shape: [2, 1], values: [NaN, Infinity] },
  },
  {
    op: 'matMul',
    name: 'rejects mismatched inner dims',
    inputs: [rnd([2, 3], 193), rnd([4, 5], 194)],
    run: (a, b) => matMul(a, b),
    throws: /^matMul: inner dimensions must match: a is \[2,3\], b is \[4,5\]/,
  },
  {
    op: 'matMul',
    name: 'rejects rank 1',
    inputs: [rnd([3], 195), rnd([3, 2], 196)],
    run: (a, b) => matMul(a, b),
    throws: /^matMul: both inputs must have rank >= 2. Received: a is \[3\], b is \[3,2\]/,
  },
  {
    op: 'matMul',
    name: 'rejects batch dims that do not broadcast',
    inputs: [rnd([2, 2, 3], 197), rnd([3, 3, 2], 198)],
    run: (a, b) => matMul(a, b),
    throws: /^matMul: shapes cannot be broadcast together: a \(batch dims\) is \[2\], b \(batch dims\) is \[3\]/,
  },
];

const dotCases: OpCase[] = [
  {
    op: 'dot',
    name: 'vector . vector',
    inputs: [{ shape: [3], values: [1, 2, 3] }, { shape: [3], values: [4, 5, 6] }],
    run: (a, b) => dot(a, b),
    expected: { shape: [], values: [32] },
    grad: true,
  },
  {
    op: 'dot',
    name: 'matrix . vector and vector . matrix',
    inputs: [{ shape: [2, 3], values: [1, 2, 3, 4, 5, 6] }, { shape: [3], values: [1, 0, -1] }, { shape: [2], values: [1, 2] }],
    run: (m, v, w) => [dot(m, v), dot(w, m)],
    expected: [
      { shape: [2], values: [-2, -2] },
      { shape: [3], values: [9, 12, 15] },
    ],
    grad: true,
  },
  { op: 'dot', name: 'matrix . matrix', inputs: [rnd([3, 4], 199), rnd([4, 2], 200)], run: (a, b) => dot(a, b), reference: matMulRef(), grad: true },
  {
    op: 'dot',
    name: 'rejects rank 3',
    inputs: [rnd([2, 2, 2], 201), rnd([2], 202)],
    run: (a, b) => dot(a, b),
    throws: /^dot: inputs must be rank 1 or 2. Received: t1 is \[2,2,2\], t2 is \[2\]/,
  },
  {
    op: 'dot',
    name: 'rejects mismatched inner dims',
    inputs: [rnd([3], 203), rnd([2], 204)],
    run: (a, b) => dot(a, b),
    throws: /^dot: inner dimensions must match: t1 is \[3\], t2 is \[2\]/,
  },
  {
    op: 'outerProduct',
    name: 'hand-checked values',
    inputs: [{ shape: [3], values: [1, 2, 3] }, { shape: [2], values: [10, -1] }],
    run: (a, b) => outerProduct(a, b),
    expected: { shape: [3, 2], values: [10, -1, 20, -2, 30, -3] },
    grad: true,
  },
  {
    op: 'outerProduct',
    name: 'random and size 0',
    inputs: [rnd([4], 205), rnd([3], 206), { shape: [0], values: [] }],
    run: (a, b, e) => [outerProduct(a, b), outerProduct(e, b)],
    reference: (a, b, e) => [
      generate([4, 3], 'float32', ([i, j]) => a.values[i!]! * b.values[j!]!),
      { shape: [0, 3], values: [], dtype: e.dtype },
    ],
  },
  {
    op: 'outerProduct',
    name: 'rejects rank 2',
    inputs: [rnd([2, 2], 207), rnd([2], 208)],
    run: (a, b) => outerProduct(a, b),
    throws: /^outerProduct: expected two rank-1 tensors. Received: v1 is \[2,2\], v2 is \[2\]/,
  },
];

const ACT: Record<FusedActivation, (z: number, alpha: number) => number> = {
  linear: (z) => z,
  relu: (z) => nanMax(z, 0),
  relu6: (z) => nanMin(nanMax(z, 0), 6),
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: Math.tanh,
  elu: (z) => (z > 0 ? z : Math.expm1(z)),
  leakyrelu: (z, alpha) => (z > 0 ? z : alpha * z),
};

function fusedRef(activation: FusedActivation, alpha: number, transposeA = false, transposeB = false) {
  return (a: HostTensor, b: HostTensor, bias?: HostTensor) => {
    const z = matMulRef(transposeA, transposeB)(a, b);
    const values = z.values.map((v, i) => {
      let s = v;
      if (bias) {
        // Bias broadcasts against the output's trailing dims.
        const n = z.shape[z.shape.length - 1]!;
        s += numel(bias.shape) === 1 ? bias.values[0]! : bias.values[i % n]!;
      }
      return storeAs(ACT[activation](s, alpha), z.dtype ?? 'float32');
    });
    return { ...z, values };
  };
}

const fusedCases: OpCase[] = [
  ...(Object.keys(ACT) as FusedActivation[]).map(
    (activation): OpCase => ({
      op: 'fused.matMul',
      name: `bias and ${activation}`,
      inputs: [rnd([3, 4], 211), rnd([4, 5], 212), rnd([5], 213)],
      run: (a, b, bias) => fused.matMul({ a, b, bias, activation, leakyreluAlpha: 0.1 }),
      reference: fusedRef(activation, 0.1),
      grad: true,
    }),
  ),
  {
    op: 'fused.matMul',
    name: 'hand-checked relu with bias',
    inputs: [{ shape: [1, 2], values: [1, -2] }, { shape: [2, 2], values: [3, 1, 4, -1] }, { shape: [2], values: [1, 0] }],
    run: (a, b, bias) => fused.matMul({ a, b, bias, activation: 'relu' }),
    // [1·3 - 2·4 + 1, 1·1 + 2·1 + 0] = [-4, 3] → relu
    expected: { shape: [1, 2], values: [0, 3] },
  },
  {
    op: 'fused.matMul',
    name: 'no bias, transposes, batch',
    inputs: [rnd([2, 4, 3], 214), rnd([2, 5, 4], 215)],
    run: (a, b) => fused.matMul({ a, b, transposeA: true, transposeB: true, activation: 'tanh' }),
    reference: fusedRef('tanh', 0.2, true, true),
    grad: true,
  },
  {
    op: 'fused.matMul',
    name: 'scalar bias',
    inputs: [rnd([2, 3], 216), rnd([3, 2], 217), { shape: [], values: [0.5] }],
    run: (a, b, bias) => fused.matMul({ a, b, bias }),
    reference: fusedRef('linear', 0.2),
    grad: true,
  },
  {
    op: 'fused.matMul',
    name: 'rejects an unknown activation',
    inputs: [rnd([2, 2], 218), rnd([2, 2], 219)],
    run: (a, b) => fused.matMul({ a, b, activation: 'swish' as FusedActivation }),
    throws: /^fused.matMul: invalid value for argument `activation`. Expected one of .*Received: swish/,
  },
  {
    op: 'fused.matMul',
    name: 'rejects mismatched inner dims',
    inputs: [rnd([2, 3], 220), rnd([2, 2], 221)],
    run: (a, b) => fused.matMul({ a, b }),
    throws: /^fused.matMul: inner dimensions must match: a is \[2,3\], b is \[2,2\]/,
  },
];

export const matmulCases: OpCase[] = [...matMulCases, ...dotCases, ...fusedCases];
