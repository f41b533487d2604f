import type { DType } from '../dtype.js';
import type { HostTensor, OpCase } from '../testing/case.js';
import { generate } from '../testing/reference.js';
import { eye, linspace, oneHot, range } from './creation.js';

/** Cases for linspace, range, eye and oneHot. */

const linspaceCases: OpCase[] = [
  {
    op: 'linspace',
    name: 'hand-checked values',
    inputs: [],
    run: () => [linspace(0, 1, 5), linspace(1, -1, 3), linspace(2, 7, 1)],
    expected: [
      { shape: [5], values: [0, 0.25, 0.5, 0.75, 1] },
      { shape: [3], values: [1, 0, -1] },
      { shape: [1], values: [2] },
    ],
  },
  {
    op: 'linspace',
    name: '50 points',
    inputs: [],
    run: () => linspace(-3, 5, 50),
    reference: () => generate([50], 'float32', ([i]) => -3 + (i! * 8) / 49),
  },
  {
    op: 'linspace',
    name: 'rejects num 0',
    inputs: [],
    run: () => linspace(0, 1, 0),
    throws: /^linspace: invalid value for argument `num`. Expected a positive integer. Received: num=0/,
  },
  {
    op: 'linspace',
    name: 'rejects a non-finite start',
    inputs: [],
    run: () => linspace(NaN, 1, 3),
    throws: /^linspace: invalid value for argument `start`. Expected a finite number. Received: start=NaN/,
  },
];

const rangeCases: OpCase[] = [
  {
    op: 'range',
    name: 'hand-checked values',
    inputs: [],
    run: () => [range(5), range(0, 1, 0.25), range(5, 0, -2, 'int32'), range(3, 3), range(0, 10, -1)],
    expected: [
      { shape: [5], values: [0, 1, 2, 3, 4] },
      { shape: [4], values: [0, 0.25, 0.5, 0.75] },
      { shape: [3], values: [5, 3, 1], dtype: 'int32' },
      { shape: [0], values: [] },
      { shape: [0], values: [] },
    ],
  },
  {
    op: 'range',
    name: 'fractional step',
    inputs: [],
    run: () => range(-1, 2, 0.35),
    reference: () => generate([9], 'float32', ([i]) => -1 + i! * 0.35),
  },
  {
    op: 'range',
    name: 'rejects step 0',
    inputs: [],
    run: () => range(0, 5, 0),
    throws: /^range: invalid value for argument `step`. Expected a non-zero number. Received: step=0/,
  },
  {
    op: 'range',
    name: 'rejects an infinite stop',
    inputs: [],
    run: () => range(0, Infinity),
    throws: /^range: invalid value for argument `stop`. Expected a finite number. Received: stop=Infinity/,
  },
];

function eyeRef(rows: number, cols: number, batch: number[] = [], dtype: DType = 'float32') {
  return () => generate([...batch, rows, cols], dtype, (idx) => (idx[idx.length - 1] === idx[idx.length - 2] ? 1 : 0));
}

const eyeCases: OpCase[] = [
  {
    op: 'eye',
    name: 'hand-checked 3x3 and 2x3',
    inputs: [],
    run: () => [eye(3), eye(2, 3)],
    expected: [
      { shape: [3, 3], values: [1, 0, 0, 0, 1, 0, 0, 0, 1] },
      { shape: [2, 3], values: [1, 0, 0, 0, 1, 0] },
    ],
  },
  { op: 'eye', name: 'tall 4x2', inputs: [], run: () => eye(4, 2), reference: eyeRef(4, 2) },
  { op: 'eye', name: 'batched [2,3]', inputs: [], run: () => eye(2, 2, [2, 3]), reference: eyeRef(2, 2, [2, 3]) },
  { op: 'eye', name: 'int32', inputs: [], run: () => eye(2, undefined, undefined, 'int32'), reference: eyeRef(2, 2, [], 'int32') },
  {
    op: 'eye',
    name: 'size 0',
    inputs: [],
    run: () => [eye(0), eye(2, 0)],
    expected: [
      { shape: [0, 0], values: [] },
      { shape: [2, 0], values: [] },
    ],
  },
  {
    op: 'eye',
    name: 'rejects a negative size',
    inputs: [],
    run: () => eye(-1),
    throws: /^eye: invalid value for argument `numRows`. Expected a non-negative integer. Received: numRows=-1/,
  },
  {
    op: 'eye',
    name: 'rejects a fractional size',
    inputs: [],
    run: () => eye(2, 1.5),
    throws: /^eye: invalid value for argument `numColumns`. Expected a finite integer. Received: numColumns=1.5/,
  },
];

function oneHotRef(depth: number, on = 1, off = 0, dtype: DType = 'int32') {
  return (x: HostTensor) =>
    generate([...x.shape, depth], dtype, (idx) => {
      const j = idx[idx.length - 1]!;
      const flat = idx.slice(0, -1).reduce((p, v, d) => p * x.shape[d]! + v, 0);
      return x.values[flat] === j ? on : off;
    });
}

const oneHotCases: OpCase[] = [
  {
    op: 'oneHot',
    name: 'hand-checked values, out of range gives all off',
    inputs: [{ shape: [4], values: [0, 2, 3, -1], dtype: 'int32' }],
    run: (x) => oneHot(x, 3),
    expected: { shape: [4, 3], values: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0], dtype: 'int32' },
  },
  {
    op: 'oneHot',
    name: 'rank 2 indices',
    inputs: [{ shape: [2, 3], dtype: 'int32', random: { min: 0, max: 5, seed: 231 } }],
    run: (x) => oneHot(x, 5),
    reference: oneHotRef(5),
  },
  {
    op: 'oneHot',
    name: 'on and off values as float32',
    inputs: [{ shape: [3], values: [1, 0, 1], dtype: 'int32' }],
    run: (x) => oneHot(x, 2, 5, -1, 'float32'),
    reference: oneHotRef(2, 5, -1, 'float32'),
  },
  {
    op: 'oneHot',
    name: 'rank 0 and size 0 indices',
    inputs: [{ shape: [], values: [1], dtype: 'int32' }, { shape: [0], values: [], dtype: 'int32' }],
    run: (a, b) => [oneHot(a, 3), oneHot(b, 3)],
    expected: [
      { shape: [3], values: [0, 1, 0], dtype: 'int32' },
      { shape: [0, 3], values: [], dtype: 'int32' },
    ],
  },
  {
    op: 'oneHot',
    name: 'rejects float indices',
    inputs: [{ shape: [2], values: [0, 1] }],
    run: (x) => oneHot(x, 3),
    throws: /^oneHot: expected int32 `indices`. Received: float32/,
  },
  {
    op: 'oneHot',
    name: 'rejects depth 0',
    inputs: [{ shape: [2], values: [0, 1], dtype: 'int32' }],
    run: (x) => oneHot(x, 0),
    throws: /^oneHot: invalid value for argument `depth`. Expected an integer >= 1. Received: depth=0/,
  },
];

export const creationCases: OpCase[] = [...linspaceCases, ...rangeCases, ...eyeCases, ...oneHotCases];
