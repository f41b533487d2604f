import type { Gen, OpSpec } from './harness.js';
import { B, I, N, U, V } from './harness.js';

/** int32 indices in [0, n) (duplicates allowed, as real gathers have). */
const Idx = (shape: number[], n: number): Gen => I(shape, 0, n);

export const indexingSpecs: OpSpec[] = [
  {
    name: 'gather',
    call: (lib, x, i) => lib.gather(x, i),
    cases: [
      { label: '[5,3] axis 0', inputs: [U([5, 3]), Idx([4], 5)] },
      { label: '[5,3] axis 1', inputs: [U([5, 3]), Idx([4], 3)], call: (lib, x, i) => lib.gather(x, i, 1) },
      { label: '[5,3] axis -1', inputs: [U([5, 3]), Idx([2], 3)], call: (lib, x, i) => lib.gather(x, i, -1) },
      { label: 'rank-2 indices', inputs: [U([5, 3]), Idx([2, 3], 5)] },
      { label: 'rank-0 index', inputs: [U([5, 3]), Idx([], 5)] },
      { label: 'empty indices', inputs: [U([5, 3]), Idx([0], 5)] },
      { label: '[2,4,3] axis 1', inputs: [U([2, 4, 3]), Idx([6], 4)], call: (lib, x, i) => lib.gather(x, i, 1) },
      { label: 'batchDims 1', inputs: [U([2, 5, 3]), Idx([2, 4], 5)], call: (lib, x, i) => lib.gather(x, i, 1, 1) },
      { label: 'int32 values', inputs: [I([6, 2]), Idx([5], 6)] },
      { label: 'bool values', inputs: [B([6, 2]), Idx([5], 6)] },
      { label: 'from a transposed view', inputs: [U([3, 5]), Idx([4], 5)], call: (lib, x, i) => lib.gather(lib.transpose(x), i) },
    ],
  },
  {
    name: 'gatherND',
    call: (lib, x, i) => lib.gatherND(x, i),
    cases: [
      { label: 'full index', inputs: [U([4, 3]), V([3, 2], [0, 0, 3, 2, 1, 1], 'int32')] },
      { label: 'slices', inputs: [U([4, 3, 2]), V([2, 1], [3, 1], 'int32')] },
      { label: 'partial index into rank 3', inputs: [U([4, 3, 2]), V([2, 2, 2], [0, 1, 3, 2, 1, 0, 2, 2], 'int32')] },
      { label: 'int32 values', inputs: [I([4, 3]), V([2, 2], [1, 2, 3, 0], 'int32')] },
      { label: 'empty indices', inputs: [U([4, 3]), V([0, 2], [], 'int32')] },
    ],
  },
  {
    name: 'scatterND',
    call: (lib, i, u) => lib.scatterND(i, u, [6, 3]),
    cases: [
      // Duplicate indices add up in both (TensorFlow's scatter_nd).
      { label: 'rows, with a duplicate', inputs: [V([4, 1], [0, 5, 2, 0], 'int32'), U([4, 3])] },
      { label: 'elements', inputs: [V([3, 2], [0, 0, 5, 2, 1, 1], 'int32'), U([3])] },
      { label: 'int32 updates', inputs: [V([2, 1], [1, 3], 'int32'), I([2, 3])] },
      { label: 'rank-3 target', inputs: [V([2, 2], [0, 1, 1, 0], 'int32'), U([2, 4])], call: (lib, i, u) => lib.scatterND(i, u, [2, 2, 4]) },
    ],
  },
  {
    name: 'unsortedSegmentSum',
    call: (lib, x, ids) => lib.unsortedSegmentSum(x, ids, 4),
    cases: [
      { label: '[6] into 4', inputs: [U([6]), Idx([6], 4)] },
      { label: '[6,3] into 4 (one segment empty)', inputs: [U([6, 3]), V([6], [0, 2, 0, 3, 2, 0], 'int32')] },
      { label: '[5,2,3]', inputs: [U([5, 2, 3]), Idx([5], 4)] },
      {
        // TensorFlow's unsorted_segment_sum keeps int32 data int32; tfjs returns float32.
        label: 'int32 values',
        inputs: [I([6, 2]), Idx([6], 4)],
        tfjsDiffers: {
          why: 'tfjs unsortedSegmentSum of int32 data returns float32; TensorFlow keeps int32',
          expected: (x, ids) => {
            const values = new Array<number>(4 * 2).fill(0);
            for (let r = 0; r < 6; r++) for (let c = 0; c < 2; c++) values[ids.data[r]! * 2 + c]! += x.data[r * 2 + c]!;
            return { shape: [4, 2], dtype: 'int32', values };
          },
        },
      },
    ],
  },
  {
    name: 'topk',
    call: (lib, x) => lib.topk(x, 3),
    cases: [
      { label: '[10] k=3', inputs: [U([10])] },
      { label: '[3,10] default k=1', inputs: [U([3, 10])], call: (lib, x) => lib.topk(x) },
      { label: '[2,3,8] k=8', inputs: [N([2, 3, 8])], call: (lib, x) => lib.topk(x, 8) },
      // Ties: the lower index comes first in both (TensorFlow's rule).
      { label: 'ties', inputs: [I([4, 9], 0, 3, 'float32')], call: (lib, x) => lib.topk(x, 5) },
      { label: 'int32', inputs: [I([4, 9], -20, 20)], call: (lib, x) => lib.topk(x, 4) },
      { label: 'k=0', inputs: [U([3, 5])], call: (lib, x) => lib.topk(x, 0) },
      { label: 'from a transposed view', inputs: [U([6, 4])], call: (lib, x) => lib.topk(lib.transpose(x), 2) },
    ],
  },
  {
    name: 'unique',
    call: (lib, x) => lib.unique(x),
    cases: [
      // Values in order of first appearance; indices map each input to its unique value.
      { label: 'int32 [12]', inputs: [I([12], 0, 5)] },
      { label: 'float32 [10]', inputs: [I([10], -2, 3, 'float32')] },
      { label: 'bool', inputs: [B([7])] },
      { label: 'rows of [5,3] (axis 0)', inputs: [V([5, 3], [1, 2, 3, 4, 5, 6, 1, 2, 3, 7, 8, 9, 4, 5, 6], 'int32')] },
      {
        label: 'columns of [2,5] (axis 1)',
        inputs: [V([2, 5], [1, 0, 1, 2, 0, 3, 4, 3, 5, 4], 'int32')],
        call: (lib, x) => lib.unique(x, 1),
      },
    ],
  },
];

/** Ops whose results have data-dependent shapes: tfjs and Tessera both make them async. */
export const asyncIndexingSpecs: OpSpec[] = [
  {
    name: 'whereAsync',
    async: true,
    call: (lib, c) => lib.whereAsync(c),
    cases: [
      { label: '[7]', inputs: [B([7])] },
      { label: '[3,4]', inputs: [B([3, 4])] },
      { label: '[2,3,4]', inputs: [B([2, 3, 4], 0.3)] },
      { label: 'all false', inputs: [B([5], 0)] },
      { label: 'rank 0', inputs: [V([], [1], 'bool')] },
    ],
  },
  {
    name: 'booleanMaskAsync',
    async: true,
    call: (lib, x, m) => lib.booleanMaskAsync(x, m),
    cases: [
      { label: '[6] by [6]', inputs: [U([6]), B([6])] },
      { label: '[4,3] by rows', inputs: [U([4, 3]), B([4])] },
      { label: '[4,3] by elements', inputs: [U([4, 3]), B([4, 3])] },
      { label: '[2,4,3] axis 1', inputs: [I([2, 4, 3]), B([4])], call: (lib, x, m) => lib.booleanMaskAsync(x, m, 1) },
      { label: 'nothing selected', inputs: [U([4, 2]), B([4], 0)] },
    ],
  },
];
