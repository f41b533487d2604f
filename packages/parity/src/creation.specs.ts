import type { Case, OpSpec } from './harness.js';
import { B, I, U, V } from './harness.js';

const DTS = ['float32', 'int32', 'bool'] as const;

export const creationSpecs: OpSpec[] = [
  {
    name: 'zeros',
    call: (lib) => lib.zeros([2, 3]),
    cases: [
      { label: '[2,3]', inputs: [] },
      { label: 'rank 0', inputs: [], call: (lib) => lib.zeros([]) },
      { label: 'empty', inputs: [], call: (lib) => lib.zeros([0, 4]) },
      ...DTS.map((dt): Case => ({ label: dt, inputs: [], call: (lib) => lib.zeros([3, 1, 2], dt) })),
    ],
  },
  {
    name: 'ones',
    call: (lib) => lib.ones([2, 3]),
    cases: [
      { label: '[2,3]', inputs: [] },
      { label: 'rank 0', inputs: [], call: (lib) => lib.ones([]) },
      { label: 'empty', inputs: [], call: (lib) => lib.ones([4, 0]) },
      ...DTS.map((dt): Case => ({ label: dt, inputs: [], call: (lib) => lib.ones([3, 2], dt) })),
    ],
  },
  {
    name: 'fill',
    call: (lib) => lib.fill([2, 3], 2.5),
    cases: [
      { label: 'float 2.5', inputs: [] },
      { label: 'int32 7', inputs: [], call: (lib) => lib.fill([4], 7, 'int32') },
      { label: 'NaN', inputs: [], call: (lib) => lib.fill([3], NaN) },
      { label: 'rank 0', inputs: [], call: (lib) => lib.fill([], -1) },
      { label: 'empty', inputs: [], call: (lib) => lib.fill([0], 3) },
    ],
  },
  ...(['zerosLike', 'onesLike', 'clone'] as const).map(
    (name): OpSpec => ({
      name,
      call: (lib, x) => lib[name](x),
      cases: [
        { label: 'float32', inputs: [U([2, 3])] },
        { label: 'int32', inputs: [I([4])] },
        { label: 'bool', inputs: [B([2, 2])] },
        { label: 'rank 0', inputs: [U([])] },
        { label: 'empty', inputs: [U([0, 2])] },
        { label: 'of a transposed view', inputs: [U([2, 3])], call: (lib, x) => lib[name](lib.transpose(x)) },
      ],
    }),
  ),
  {
    name: 'eye',
    call: (lib) => lib.eye(3),
    cases: [
      { label: '3', inputs: [] },
      { label: '2x4', inputs: [], call: (lib) => lib.eye(2, 4) },
      { label: '4x2', inputs: [], call: (lib) => lib.eye(4, 2) },
      { label: 'batch [2,3]', inputs: [], call: (lib) => lib.eye(2, 3, [2, 3]) },
      { label: 'int32', inputs: [], call: (lib) => lib.eye(3, 3, undefined, 'int32') },
      { label: '0', inputs: [], call: (lib) => lib.eye(0) },
    ],
  },
  {
    name: 'linspace',
    call: (lib) => lib.linspace(0, 1, 5),
    cases: [
      { label: '0..1, 5', inputs: [] },
      { label: '-3..7, 1', inputs: [], call: (lib) => lib.linspace(-3, 7, 1) },
      { label: '10..-2, 7', inputs: [], call: (lib) => lib.linspace(10, -2, 7) },
      // tfjs accumulates start + step + step + ... in float32 while Tessera computes start + i·step (as
      // TensorFlow); over 100 steps the drift stays within the default tolerance.
      { label: '0.1..9.9, 100', inputs: [], call: (lib) => lib.linspace(0.1, 9.9, 100) },
    ],
  },
  {
    name: 'range',
    call: (lib) => lib.range(0, 5),
    cases: [
      { label: '0..5', inputs: [] },
      {
        // TensorFlow's range(limit) counts from 0 (as Python's); tfjs has no one-argument form and returns [].
        label: 'stop only',
        inputs: [],
        call: (lib) => lib.range(4),
        tfjsDiffers: {
          why: 'tfjs range(4) returns an empty tensor; TensorFlow returns [0, 1, 2, 3]',
          expected: () => ({ shape: [4], dtype: 'float32', values: [0, 1, 2, 3] }),
        },
      },
      { label: 'step 2', inputs: [], call: (lib) => lib.range(1, 10, 2) },
      { label: 'negative step', inputs: [], call: (lib) => lib.range(5, -3, -1.5) },
      { label: 'fractional step', inputs: [], call: (lib) => lib.range(0, 1, 0.1) },
      { label: 'long fractional range', inputs: [], call: (lib) => lib.range(-2, 8, 0.05) },
      { label: 'empty', inputs: [], call: (lib) => lib.range(3, 3) },
      {
        // TensorFlow's range(3, 0, 1) is empty; tfjs silently flips the step's sign and counts down.
        label: 'wrong direction is empty',
        inputs: [],
        call: (lib) => lib.range(3, 0, 1),
        tfjsDiffers: {
          why: 'tfjs range(3, 0, 1) returns [3, 2, 1]; TensorFlow returns an empty tensor',
          expected: () => ({ shape: [0], dtype: 'float32', values: [] }),
        },
      },
      { label: 'int32', inputs: [], call: (lib) => lib.range(-4, 9, 3, 'int32') },
    ],
  },
  {
    name: 'oneHot',
    call: (lib, i) => lib.oneHot(i, 4),
    cases: [
      { label: '[5] depth 4', inputs: [I([5], 0, 4)] },
      { label: '[2,3] depth 3', inputs: [I([2, 3], 0, 3)], call: (lib, i) => lib.oneHot(i, 3) },
      // Out-of-range indices (negative or ≥ depth) give an all-off row in both, as TensorFlow.
      { label: 'out of range', inputs: [V([4], [-1, 0, 4, 3], 'int32')] },
      { label: 'on 5, off -1', inputs: [I([4], 0, 4)], call: (lib, i) => lib.oneHot(i, 4, 5, -1) },
      { label: 'float32 output', inputs: [I([4], 0, 4)], call: (lib, i) => lib.oneHot(i, 4, 1, 0, 'float32') },
      { label: 'rank 0 index', inputs: [I([], 0, 4)] },
      { label: 'empty', inputs: [I([0], 0, 4)] },
    ],
  },
  {
    name: 'tensor',
    call: (lib) => lib.tensor([[1, 2, 3], [4, 5, 6]]),
    cases: [
      { label: 'nested numbers', inputs: [] },
      { label: 'flat values and a shape', inputs: [], call: (lib) => lib.tensor([1, 2, 3, 4, 5, 6], [3, 2]) },
      { label: 'int32', inputs: [], call: (lib) => lib.tensor([1.7, -2.2, 3], [3], 'int32') },
      { label: 'booleans', inputs: [], call: (lib) => lib.tensor([true, false, true]) },
      { label: 'Float32Array', inputs: [], call: (lib) => lib.tensor(new Float32Array([0.1, 0.2]), [2, 1]) },
      { label: 'Int32Array', inputs: [], call: (lib) => lib.tensor(new Int32Array([3, -1]), [2]) },
      { label: 'number', inputs: [], call: (lib) => lib.tensor(3.5) },
      { label: 'empty', inputs: [], call: (lib) => lib.tensor([], [0, 3]) },
      { label: 'scalar', inputs: [], call: (lib) => lib.scalar(-2.5) },
      { label: 'scalar int32', inputs: [], call: (lib) => lib.scalar(7, 'int32') },
      { label: 'scalar bool', inputs: [], call: (lib) => lib.scalar(true) },
      { label: 'tensor1d', inputs: [], call: (lib) => lib.tensor1d([1, 2, 3]) },
      { label: 'tensor2d', inputs: [], call: (lib) => lib.tensor2d([1, 2, 3, 4], [2, 2]) },
      { label: 'tensor3d', inputs: [], call: (lib) => lib.tensor3d([[[1], [2]], [[3], [4]]]) },
      { label: 'tensor4d', inputs: [], call: (lib) => lib.tensor4d([1, 2, 3, 4], [1, 2, 1, 2]) },
      { label: 'tensor5d', inputs: [], call: (lib) => lib.tensor5d([1, 2], [1, 1, 2, 1, 1]) },
      { label: 'tensor6d', inputs: [], call: (lib) => lib.tensor6d([1, 2, 3, 4, 5, 6], [1, 1, 1, 2, 3, 1]) },
    ],
    ops: ['tensor', 'scalar', 'tensor1d', 'tensor2d', 'tensor3d', 'tensor4d', 'tensor5d', 'tensor6d'],
  },
  {
    name: 'variable',
    // A variable is not owned by tidy in either library; the harness disposes outputs after reading them.
    call: (lib, x) => lib.variable(x),
    cases: [
      { label: 'float32', inputs: [U([2, 3])] },
      { label: 'int32', inputs: [I([4])] },
      { label: 'rank 0', inputs: [U([])] },
    ],
  },
];
