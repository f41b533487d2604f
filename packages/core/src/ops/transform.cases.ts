import type { HostTensor, OpCase } from '../testing/case.js';
import { at, broadcastAt, generate } from '../testing/reference.js';
import { broadcastTo, expandDims, reshape, reverse, slice, squeeze, transpose } from './transform.js';
import { pad } from './pad.js';

/** Cases for the view ops (reshape, transpose, expandDims, squeeze, broadcastTo, slice, reverse) and pad. */

const iota = (n: number, start = 1) => Array.from({ length: n }, (_, i) => start + i);
const rnd = (shape: number[], seed: number) => ({ shape, random: { min: -3, max: 3, seed } });

/** Same values, new shape. */
const reshapeRef = (shape: number[]) => (x: HostTensor) => ({ shape, values: [...x.values], dtype: x.dtype });

function transposeRef(perm?: number[]) {
  return (x: HostTensor) => {
    const p = perm ?? x.shape.map((_, i) => x.shape.length - 1 - i);
    const shape = p.map((i) => x.shape[i]!);
    return generate(shape, x.dtype, (idx) => {
      const src = new Array<number>(idx.length);
      p.forEach((axis, k) => (src[axis] = idx[k]!));
      return at(x, src);
    });
  };
}

function sliceRef(begin: number[], size: number[]) {
  return (x: HostTensor) => generate(size, x.dtype, (idx) => at(x, idx.map((v, i) => v + begin[i]!)));
}

function reverseRef(axes: number[]) {
  return (x: HostTensor) =>
    generate(x.shape, x.dtype, (idx) => at(x, idx.map((v, i) => (axes.includes(i) ? x.shape[i]! - 1 - v : v))));
}

function padRef(paddings: [number, number][], value: number) {
  return (x: HostTensor) => {
    const shape = x.shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
    return generate(shape, x.dtype, (idx) => {
      const src = idx.map((v, i) => v - paddings[i]![0]);
      return src.every((v, i) => v >= 0 && v < x.shape[i]!) ? at(x, src) : value;
    });
  };
}

const reshapeCases: OpCase[] = [
  {
    op: 'reshape',
    name: '[2,3] to [3,2]',
    inputs: [{ shape: [2, 3], values: iota(6) }],
    run: (x) => reshape(x, [3, 2]),
    expected: { shape: [3, 2], values: iota(6) },
    grad: true,
  },
  {
    op: 'reshape',
    name: 'infers a -1 dim',
    inputs: [rnd([2, 3, 4], 51)],
    run: (x) => reshape(x, [4, -1]),
    reference: reshapeRef([4, 6]),
    grad: true,
  },
  {
    op: 'reshape',
    name: 'merges and splits dims',
    inputs: [rnd([4, 6], 52)],
    run: (x) => reshape(x, [2, 2, 3, 2]),
    reference: reshapeRef([2, 2, 3, 2]),
    grad: true,
  },
  {
    op: 'reshape',
    name: 'to and from rank 0',
    inputs: [{ shape: [1, 1], values: [7] }, { shape: [], values: [3] }],
    run: (a, b) => [reshape(a, []), reshape(b, [1, 1, 1])],
    expected: [
      { shape: [], values: [7] },
      { shape: [1, 1, 1], values: [3] },
    ],
  },
  {
    op: 'reshape',
    name: 'size 0',
    inputs: [{ shape: [0, 3], values: [] }],
    run: (x) => reshape(x, [3, 0, 2]),
    expected: { shape: [3, 0, 2], values: [] },
  },
  {
    op: 'reshape',
    name: 'int32 and bool',
    inputs: [
      { shape: [2, 2], values: [1, 2, 3, 4], dtype: 'int32' },
      { shape: [2, 2], values: [1, 0, 0, 1], dtype: 'bool' },
    ],
    run: (a, b) => [reshape(a, [4]), reshape(b, [4])],
    expected: [
      { shape: [4], values: [1, 2, 3, 4], dtype: 'int32' },
      { shape: [4], values: [1, 0, 0, 1], dtype: 'bool' },
    ],
  },
  {
    op: 'reshape',
    name: 'rejects a size mismatch',
    inputs: [rnd([2, 3], 53)],
    run: (x) => reshape(x, [4]),
    throws: /^reshape: cannot reshape a tensor of shape \[2,3\] \(6 elements\) into \[4\]/,
  },
  {
    op: 'reshape',
    name: 'rejects two -1 dims',
    inputs: [rnd([2, 3], 54)],
    run: (x) => reshape(x, [-1, -1]),
    throws: /^reshape: at most one dimension of `shape` may be -1. Received: \[-1,-1\]/,
  },
];

const transposeCases: OpCase[] = [
  {
    op: 'transpose',
    name: 'default reverses the dims',
    inputs: [{ shape: [2, 3], values: iota(6) }],
    run: (x) => transpose(x),
    expected: { shape: [3, 2], values: [1, 4, 2, 5, 3, 6] },
    grad: true,
  },
  {
    op: 'transpose',
    name: 'perm [1,0,2]',
    inputs: [rnd([2, 3, 4], 55)],
    run: (x) => transpose(x, [1, 0, 2]),
    reference: transposeRef([1, 0, 2]),
    grad: true,
  },
  {
    op: 'transpose',
    name: 'perm [2,0,1]',
    inputs: [rnd([2, 3, 4], 56)],
    run: (x) => transpose(x, [2, 0, 1]),
    reference: transposeRef([2, 0, 1]),
    grad: true,
  },
  {
    op: 'transpose',
    name: 'rank 4 perm [3,1,0,2]',
    inputs: [rnd([2, 3, 2, 3], 57)],
    run: (x) => transpose(x, [3, 1, 0, 2]),
    reference: transposeRef([3, 1, 0, 2]),
  },
  {
    op: 'transpose',
    name: 'rank 0, rank 1 and size 0',
    inputs: [{ shape: [], values: [4] }, { shape: [3], values: [1, 2, 3] }, { shape: [0, 2], values: [] }],
    run: (a, b, c) => [transpose(a), transpose(b), transpose(c)],
    expected: [
      { shape: [], values: [4] },
      { shape: [3], values: [1, 2, 3] },
      { shape: [2, 0], values: [] },
    ],
  },
  {
    op: 'transpose',
    name: 'rejects a bad perm',
    inputs: [rnd([2, 3], 58)],
    run: (x) => transpose(x, [0, 0]),
    throws: /^transpose: invalid value for argument `perm`. Expected a permutation of \[0..1\]. Received: \[0,0\]/,
  },
];

const expandSqueezeCases: OpCase[] = [
  {
    op: 'expandDims',
    name: 'axis 0, 1 and -1',
    inputs: [{ shape: [2, 3], values: iota(6) }],
    run: (x) => [expandDims(x), expandDims(x, 1), expandDims(x, -1)],
    expected: [
      { shape: [1, 2, 3], values: iota(6) },
      { shape: [2, 1, 3], values: iota(6) },
      { shape: [2, 3, 1], values: iota(6) },
    ],
    grad: true,
  },
  {
    op: 'expandDims',
    name: 'rank 0',
    inputs: [{ shape: [], values: [2] }],
    run: (x) => expandDims(x),
    expected: { shape: [1], values: [2] },
  },
  {
    op: 'expandDims',
    name: 'rejects an axis out of range',
    inputs: [rnd([3], 59)],
    run: (x) => expandDims(x, 3),
    throws: /^expandDims: invalid value for argument `axis`. Expected an integer in \[-2, 1\]. Received: axis=3/,
  },
  {
    op: 'squeeze',
    name: 'all size-1 dims',
    inputs: [rnd([1, 2, 1, 3], 60)],
    run: (x) => squeeze(x),
    reference: reshapeRef([2, 3]),
    grad: true,
  },
  {
    op: 'squeeze',
    name: 'listed axes, negative included',
    inputs: [{ shape: [1, 2, 1, 3], values: iota(6) }],
    run: (x) => [squeeze(x, [2]), squeeze(x, [-4])],
    expected: [
      { shape: [1, 2, 3], values: iota(6) },
      { shape: [2, 1, 3], values: iota(6) },
    ],
  },
  {
    op: 'squeeze',
    name: 'to rank 0',
    inputs: [{ shape: [1, 1], values: [9] }],
    run: (x) => squeeze(x),
    expected: { shape: [], values: [9] },
  },
  {
    op: 'squeeze',
    name: 'rejects an axis whose size is not 1',
    inputs: [rnd([1, 2, 1, 3], 61)],
    run: (x) => squeeze(x, [1]),
    throws: /^squeeze: cannot squeeze axis 1: its size is 2, not 1 \(shape \[1,2,1,3\]\)/,
  },
];

const broadcastCases: OpCase[] = [
  {
    op: 'broadcastTo',
    name: '[3] to [2,3]',
    inputs: [{ shape: [3], values: [1, 2, 3] }],
    run: (x) => broadcastTo(x, [2, 3]),
    expected: { shape: [2, 3], values: [1, 2, 3, 1, 2, 3] },
    grad: true,
  },
  {
    op: 'broadcastTo',
    name: '[2,1] to [2,2,4]',
    inputs: [rnd([2, 1], 62)],
    run: (x) => broadcastTo(x, [2, 2, 4]),
    reference: (x) => generate([2, 2, 4], x.dtype, (idx) => broadcastAt(x, idx)),
    grad: true,
  },
  {
    op: 'broadcastTo',
    name: 'rank 0 and size 0',
    inputs: [{ shape: [], values: [5] }, { shape: [1, 3], values: [1, 2, 3] }],
    run: (a, b) => [broadcastTo(a, [2, 2]), broadcastTo(b, [0, 3])],
    expected: [
      { shape: [2, 2], values: [5, 5, 5, 5] },
      { shape: [0, 3], values: [] },
    ],
  },
  {
    op: 'broadcastTo',
    name: 'rejects an incompatible shape',
    inputs: [rnd([2, 3], 63)],
    run: (x) => broadcastTo(x, [3, 3]),
    throws: /^broadcastTo: shapes cannot be broadcast together: x is \[2,3\], shape is \[3,3\]/,
  },
  {
    op: 'broadcastTo',
    name: 'rejects a lower rank',
    inputs: [rnd([2, 3], 64)],
    run: (x) => broadcastTo(x, [3]),
    throws: /^broadcastTo: .*x.*\[2,3\].*\[3\]/,
  },
];

const sliceCases: OpCase[] = [
  {
    op: 'slice',
    name: 'begin [1,1] size [2,2]',
    inputs: [{ shape: [3, 4], values: iota(12) }],
    run: (x) => slice(x, [1, 1], [2, 2]),
    expected: { shape: [2, 2], values: [6, 7, 10, 11] },
    grad: true,
  },
  {
    op: 'slice',
    name: 'rank 3 window',
    inputs: [rnd([3, 4, 5], 65)],
    run: (x) => slice(x, [1, 0, 2], [2, 3, 2]),
    reference: sliceRef([1, 0, 2], [2, 3, 2]),
    grad: true,
  },
  {
    op: 'slice',
    name: 'size -1 and a number begin run to the end',
    inputs: [{ shape: [3, 2], values: iota(6) }],
    run: (x) => [slice(x, [1, 0], [-1, 1]), slice(x, 2)],
    expected: [
      { shape: [2, 1], values: [3, 5] },
      { shape: [1, 2], values: [5, 6] },
    ],
  },
  {
    op: 'slice',
    name: 'size 0 and rank 0',
    inputs: [{ shape: [3, 4], values: iota(12) }, { shape: [], values: [8] }],
    run: (x, s) => [slice(x, [1, 0], [0, 4]), slice(x, [3, 4], [0, 0]), slice(s, [], [])],
    expected: [
      { shape: [0, 4], values: [] },
      { shape: [0, 0], values: [] },
      { shape: [], values: [8] },
    ],
  },
  {
    op: 'slice',
    name: 'rejects a window outside x',
    inputs: [rnd([3, 4], 66)],
    run: (x) => slice(x, [2, 0], [2, 4]),
    throws: /^slice: begin \[2,0\] and size \[2,4\] do not fit in x of shape \[3,4\] \(axis 0\)/,
  },
  {
    op: 'slice',
    name: 'rejects too many begin entries',
    inputs: [rnd([3], 67)],
    run: (x) => slice(x, [0, 0]),
    throws: /^slice: `begin` has 2 entries but x has rank 1 \(shape \[3\]\)/,
  },
];

const reverseCases: OpCase[] = [
  {
    op: 'reverse',
    name: 'rank 1',
    inputs: [{ shape: [4], values: [1, 2, 3, 4] }],
    run: (x) => reverse(x),
    expected: { shape: [4], values: [4, 3, 2, 1] },
    grad: true,
  },
  {
    op: 'reverse',
    name: 'axis 0, axis -1 and both of [2,3]',
    inputs: [{ shape: [2, 3], values: iota(6) }],
    run: (x) => [reverse(x, 0), reverse(x, -1), reverse(x, [0, 1])],
    expected: [
      { shape: [2, 3], values: [4, 5, 6, 1, 2, 3] },
      { shape: [2, 3], values: [3, 2, 1, 6, 5, 4] },
      { shape: [2, 3], values: [6, 5, 4, 3, 2, 1] },
    ],
  },
  {
    op: 'reverse',
    name: 'middle axis of rank 3',
    inputs: [rnd([2, 3, 4], 68)],
    run: (x) => reverse(x, 1),
    reference: reverseRef([1]),
    grad: true,
  },
  {
    op: 'reverse',
    name: 'rank 0 and size 0',
    inputs: [{ shape: [], values: [3] }, { shape: [0, 2], values: [] }],
    run: (a, b) => [reverse(a), reverse(b, 1)],
    expected: [
      { shape: [], values: [3] },
      { shape: [0, 2], values: [] },
    ],
  },
  {
    op: 'reverse',
    name: 'rejects an axis out of range',
    inputs: [rnd([2, 3], 69)],
    run: (x) => reverse(x, 2),
    throws: /^reverse: invalid value for argument `axis`. Expected an integer in \[-2, 1\]. Received: axis=2/,
  },
];

const padCases: OpCase[] = [
  {
    op: 'pad',
    name: 'hand-checked [[1,0],[0,2]]',
    inputs: [{ shape: [2, 2], values: [1, 2, 3, 4] }],
    run: (x) => pad(x, [[1, 0], [0, 2]]),
    expected: { shape: [3, 4], values: [0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0] },
    grad: true,
  },
  {
    op: 'pad',
    name: 'rank 3 with a constant value',
    inputs: [rnd([2, 3, 2], 70)],
    run: (x) => pad(x, [[0, 1], [2, 1], [1, 1]], 7),
    reference: padRef([[0, 1], [2, 1], [1, 1]], 7),
    grad: true,
  },
  {
    op: 'pad',
    name: 'int32 and bool',
    inputs: [
      { shape: [2], values: [5, 6], dtype: 'int32' },
      { shape: [2], values: [1, 1], dtype: 'bool' },
    ],
    run: (a, b) => [pad(a, [[1, 1]], -1), pad(b, [[0, 2]])],
    expected: [
      { shape: [4], values: [-1, 5, 6, -1], dtype: 'int32' },
      { shape: [4], values: [1, 1, 0, 0], dtype: 'bool' },
    ],
  },
  {
    op: 'pad',
    name: 'no padding, size 0 and rank 0',
    inputs: [{ shape: [2], values: [1, 2] }, { shape: [0, 2], values: [] }, { shape: [], values: [4] }],
    run: (a, b, c) => [pad(a, [[0, 0]]), pad(b, [[1, 1], [0, 0]], 3), pad(c, [])],
    expected: [
      { shape: [2], values: [1, 2] },
      { shape: [2, 2], values: [3, 3, 3, 3] },
      { shape: [], values: [4] },
    ],
  },
  {
    op: 'pad',
    name: 'rejects the wrong number of pairs',
    inputs: [rnd([2, 2], 71)],
    run: (x) => pad(x, [[1, 1]]),
    throws: /^pad: invalid value for argument `paddings`. Expected 2 pairs of non-negative integers for x of shape \[2,2\]/,
  },
  {
    op: 'pad',
    name: 'rejects a negative padding',
    inputs: [rnd([2], 72)],
    run: (x) => pad(x, [[-1, 0]]),
    throws: /^pad: invalid value for argument `paddings`.*\[\[-1,0\]\]/,
  },
];

export const transformCases: OpCase[] = [
  ...reshapeCases,
  ...transposeCases,
  ...expandSqueezeCases,
  ...broadcastCases,
  ...sliceCases,
  ...reverseCases,
  ...padCases,
];
