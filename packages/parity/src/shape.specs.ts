import type { Call, Case, Gen, OpSpec } from './harness.js';
import { B, I, U } from './harness.js';

/** Shape ops move values without arithmetic, so every dtype runs and results must match exactly. */
const DTYPES: [string, (s: number[]) => Gen][] = [
  ['float32', (s) => U(s)],
  ['int32', (s) => I(s, -50, 50)],
  ['bool', (s) => B(s)],
];

/** One case per dtype for each (label, shape, call). */
function allDtypes(list: [string, number[], Call][]): Case[] {
  return list.flatMap(([label, shape, call]) =>
    DTYPES.map(([dt, gen]): Case => ({ label: `${label} ${dt}`, inputs: [gen(shape)], call })),
  );
}

function spec(name: string, list: [string, number[], Call][], extra: Case[] = []): OpSpec {
  return { name, call: (lib, x) => lib[name](x), cases: [...allDtypes(list), ...extra] };
}

export const shapeSpecs: OpSpec[] = [
  spec('reshape', [
    ['[2,3,4] → [4,-1]', [2, 3, 4], (lib, x) => lib.reshape(x, [4, -1])],
    ['[2,3,4] → [24]', [2, 3, 4], (lib, x) => lib.reshape(x, [24])],
    ['[1] → []', [1], (lib, x) => lib.reshape(x, [])],
    ['[] → [1,1]', [], (lib, x) => lib.reshape(x, [1, 1])],
    ['[0,3] → [3,0]', [0, 3], (lib, x) => lib.reshape(x, [3, 0])],
    // A transposed view cannot be reinterpreted: Tessera copies; values must still follow row-major order.
    ['transposed view → [-1]', [3, 4], (lib, x) => lib.reshape(lib.transpose(x), [-1])],
  ]),
  spec('transpose', [
    ['[3,4] default', [3, 4], (lib, x) => lib.transpose(x)],
    ['[2,3,4] perm [1,0,2]', [2, 3, 4], (lib, x) => lib.transpose(x, [1, 0, 2])],
    ['[2,3,4,5] perm [3,1,0,2]', [2, 3, 4, 5], (lib, x) => lib.transpose(x, [3, 1, 0, 2])],
    ['rank 0', [], (lib, x) => lib.transpose(x)],
    ['[0,3]', [0, 3], (lib, x) => lib.transpose(x)],
    ['twice', [2, 3, 4], (lib, x) => lib.transpose(lib.transpose(x, [2, 0, 1]), [1, 0, 2])],
  ]),
  spec('expandDims', [
    ['[3,4] axis 0', [3, 4], (lib, x) => lib.expandDims(x)],
    ['[3,4] axis 1', [3, 4], (lib, x) => lib.expandDims(x, 1)],
    ['[3,4] axis -1', [3, 4], (lib, x) => lib.expandDims(x, -1)],
    ['rank 0', [], (lib, x) => lib.expandDims(x)],
  ]),
  spec('squeeze', [
    ['[1,3,1,2] all', [1, 3, 1, 2], (lib, x) => lib.squeeze(x)],
    ['[1,3,1,2] axis [2]', [1, 3, 1, 2], (lib, x) => lib.squeeze(x, [2])],
    ['[1,3,1,2] axis [0,-2]', [1, 3, 1, 2], (lib, x) => lib.squeeze(x, [0, -2])],
    ['[1,1] to rank 0', [1, 1], (lib, x) => lib.squeeze(x)],
  ]),
  spec('broadcastTo', [
    ['[3,1] → [2,3,4]', [3, 1], (lib, x) => lib.broadcastTo(x, [2, 3, 4])],
    ['[] → [2,3]', [], (lib, x) => lib.broadcastTo(x, [2, 3])],
    ['[4] → [3,4]', [4], (lib, x) => lib.broadcastTo(x, [3, 4])],
  ], [
    {
      // TensorFlow's broadcast_to([1,3] → [0,3]) is an empty [0,3] tensor; tfjs returns the input unchanged.
      label: '[1,3] → [0,3]',
      inputs: [U([1, 3])],
      call: (lib, x) => lib.broadcastTo(x, [0, 3]),
      tfjsDiffers: {
        why: 'tfjs broadcastTo a 0-size shape returns the input shape; TensorFlow returns the empty target shape',
        expected: () => ({ shape: [0, 3], dtype: 'float32', values: [] }),
      },
    },
  ]),
  spec('slice', [
    ['[5,6] begin [1,2] size [3,-1]', [5, 6], (lib, x) => lib.slice(x, [1, 2], [3, -1])],
    ['[5,6] number begin and size', [5, 6], (lib, x) => lib.slice(x, 2, 2)],
    ['[5] begin only', [5], (lib, x) => lib.slice(x, [3])],
    ['[2,3,4] size 0', [2, 3, 4], (lib, x) => lib.slice(x, [1, 0, 1], [1, 0, 2])],
    ['[2,3,4] short begin', [2, 3, 4], (lib, x) => lib.slice(x, [1], [1])],
    ['of a reversed view', [5, 6], (lib, x) => lib.slice(lib.reverse(x, 1), [1, 1], [3, 4])],
  ]),
  spec('reverse', [
    ['[5] default', [5], (lib, x) => lib.reverse(x)],
    ['[3,4] axis 1', [3, 4], (lib, x) => lib.reverse(x, 1)],
    ['[2,3,4] axes [0,2]', [2, 3, 4], (lib, x) => lib.reverse(x, [0, 2])],
    ['[2,3,4] axis -1', [2, 3, 4], (lib, x) => lib.reverse(x, -1)],
    ['[2,3,4] all axes', [2, 3, 4], (lib, x) => lib.reverse(x)],
    ['rank 0', [], (lib, x) => lib.reverse(x)],
    ['[0,3]', [0, 3], (lib, x) => lib.reverse(x, 1)],
  ]),
  spec(
    'pad',
    [
      ['[3,4] [[1,2],[0,3]]', [3, 4], (lib, x) => lib.pad(x, [[1, 2], [0, 3]])],
      ['[5] [[2,0]]', [5], (lib, x) => lib.pad(x, [[2, 0]])],
      ['[2,3,4] rank 3', [2, 3, 4], (lib, x) => lib.pad(x, [[0, 1], [2, 0], [1, 1]])],
      ['[0,3] empty input', [0, 3], (lib, x) => lib.pad(x, [[1, 1], [0, 0]])],
      ['of a transposed view', [3, 4], (lib, x) => lib.pad(lib.transpose(x), [[1, 0], [0, 2]])],
    ],
    [
      { label: 'constant 2.5', inputs: [U([3, 4])], call: (lib, x) => lib.pad(x, [[1, 1], [2, 0]], 2.5) },
      { label: 'int32 constant 7', inputs: [I([3, 4])], call: (lib, x) => lib.pad(x, [[1, 1], [2, 0]], 7) },
    ],
  ),
  {
    name: 'concat',
    call: (lib, a, b) => lib.concat([a, b]),
    cases: [
      ...DTYPES.flatMap(([dt, g]): Case[] => [
        { label: `axis 0 ${dt}`, inputs: [g([2, 3]), g([4, 3])] },
        { label: `axis 1 ${dt}`, inputs: [g([2, 3]), g([2, 1])], call: (lib, a, b) => lib.concat([a, b], 1) },
        { label: `axis -1, three tensors ${dt}`, inputs: [g([2, 2, 3]), g([2, 2, 1]), g([2, 2, 4])], call: (lib, a, b, c) => lib.concat([a, b, c], -1) },
      ]),
      { label: 'one tensor', inputs: [U([2, 3])], call: (lib, a) => lib.concat([a]) },
      { label: 'an empty piece', inputs: [U([2, 3]), U([0, 3])] },
      { label: 'all empty', inputs: [U([0, 3]), U([0, 3])] },
      { label: 'views', inputs: [U([3, 2]), U([2, 5])], call: (lib, a, b) => lib.concat([lib.transpose(a), lib.reverse(b, 1)], 1) },
    ],
  },
  {
    name: 'stack',
    call: (lib, a, b) => lib.stack([a, b]),
    cases: [
      ...DTYPES.flatMap(([dt, g]): Case[] => [
        { label: `axis 0 ${dt}`, inputs: [g([2, 3]), g([2, 3])] },
        { label: `axis 2, three tensors ${dt}`, inputs: [g([2, 3]), g([2, 3]), g([2, 3])], call: (lib, a, b, c) => lib.stack([a, b, c], 2) },
      ]),
      { label: 'rank 0 pieces', inputs: [U([]), U([]), U([])], call: (lib, a, b, c) => lib.stack([a, b, c]) },
      { label: 'axis -1', inputs: [U([2, 3]), U([2, 3])], call: (lib, a, b) => lib.stack([a, b], -1) },
    ],
  },
  spec('unstack', [
    ['[3,4] axis 0', [3, 4], (lib, x) => lib.unstack(x)],
    ['[2,3,4] axis 1', [2, 3, 4], (lib, x) => lib.unstack(x, 1)],
    ['[2,3,4] axis -1', [2, 3, 4], (lib, x) => lib.unstack(x, -1)],
    ['[4] to scalars', [4], (lib, x) => lib.unstack(x)],
  ]),
  spec('split', [
    ['[6,4] into 3', [6, 4], (lib, x) => lib.split(x, 3)],
    ['[4,6] into 2 along 1', [4, 6], (lib, x) => lib.split(x, 2, 1)],
    ['[7,2] sizes [2,-1,1]', [7, 2], (lib, x) => lib.split(x, [2, -1, 1])],
    ['[2,3,5] sizes [1,4] along -1', [2, 3, 5], (lib, x) => lib.split(x, [1, 4], -1)],
    ['[5,2] with an empty part', [5, 2], (lib, x) => lib.split(x, [5, 0])],
  ]),
  spec('tile', [
    ['[2,3] reps [2,1]', [2, 3], (lib, x) => lib.tile(x, [2, 1])],
    ['[2,3] reps [3,2]', [2, 3], (lib, x) => lib.tile(x, [3, 2])],
    ['[3] reps [4]', [3], (lib, x) => lib.tile(x, [4])],
    ['[2,1,3] reps [1,4,2]', [2, 1, 3], (lib, x) => lib.tile(x, [1, 4, 2])],
    ['[2,3] reps [0,1]', [2, 3], (lib, x) => lib.tile(x, [0, 1])],
    ['of a transposed view', [2, 3], (lib, x) => lib.tile(lib.transpose(x), [2, 2])],
  ]),
  spec('mirrorPad', [
    ['[5] reflect', [5], (lib, x) => lib.mirrorPad(x, [[2, 3]], 'reflect')],
    ['[5] symmetric', [5], (lib, x) => lib.mirrorPad(x, [[3, 5]], 'symmetric')],
    ['[3,4] reflect', [3, 4], (lib, x) => lib.mirrorPad(x, [[1, 2], [3, 0]], 'reflect')],
    ['[3,4] symmetric', [3, 4], (lib, x) => lib.mirrorPad(x, [[3, 2], [0, 4]], 'symmetric')],
    ['[2,3,4] reflect', [2, 3, 4], (lib, x) => lib.mirrorPad(x, [[1, 1], [2, 2], [0, 3]], 'reflect')],
    ['of a transposed view', [3, 4], (lib, x) => lib.mirrorPad(lib.transpose(x), [[1, 2], [2, 1]], 'reflect')],
  ]),
];

export const stridedSliceSpec: OpSpec = spec('stridedSlice', [
  ['[6] begin 1 end 5', [6], (lib, x) => lib.stridedSlice(x, [1], [5])],
  ['[6] step 2', [6], (lib, x) => lib.stridedSlice(x, [0], [6], [2])],
  ['[6] negative step', [6], (lib, x) => lib.stridedSlice(x, [5], [0], [-2])],
  ['[6] negative indices', [6], (lib, x) => lib.stridedSlice(x, [-4], [-1], [1])],
  ['[6] out-of-range ends clamp', [6], (lib, x) => lib.stridedSlice(x, [-10], [10], [1])],
  ['[4,5] begin and end masks', [4, 5], (lib, x) => lib.stridedSlice(x, [1, 3], [3, 0], [1, -1], 1, 2)],
  ['[4,5] shrink axis 0', [4, 5], (lib, x) => lib.stridedSlice(x, [2, 0], [3, 5], [1, 1], 0, 0, 0, 0, 1)],
  ['[4,5] new axis', [4, 5], (lib, x) => lib.stridedSlice(x, [0, 1, 0], [4, 2, 5], [1, 1, 1], 0, 0, 0, 2)],
  ['[2,3,4] ellipsis', [2, 3, 4], (lib, x) => lib.stridedSlice(x, [0, 1], [1, 3], [1, 1], 0, 0, 1)],
  ['[2,3,4] fewer dims than rank', [2, 3, 4], (lib, x) => lib.stridedSlice(x, [1], [2])],
  ['[5,6] mixed steps', [5, 6], (lib, x) => lib.stridedSlice(x, [4, 1], [0, 6], [-2, 2])],
]);
stridedSliceSpec.cases.push(
  ...DTYPES.map(([dt, gen]): Case => ({
    // TensorFlow's strided_slice gives an empty [0,6] result when begin is past end with a positive stride;
    // tfjs throws ("Negative size values should be exactly -1 but got -2").
    label: `[5,6] empty result ${dt}`,
    inputs: [gen([5, 6])],
    call: (lib, x) => lib.stridedSlice(x, [3, 0], [1, 6]),
    tfjsDiffers: {
      why: 'tfjs stridedSlice with begin past end throws; TensorFlow returns an empty slice',
      expected: () => ({ shape: [0, 6], dtype: dt, values: [] }),
    },
  })),
);

