import type { Call, Case, OpSpec } from './harness.js';
import { I, U, V } from './harness.js';

/**
 * Tessera's reverse, slice, transpose and broadcastTo return views (negative strides, offsets, zero strides) that
 * every kernel must read correctly; tfjs copies. Each op here reads each kind of view.
 */
const VIEWS: [string, number[], Call][] = [
  ['reversed (negative strides)', [3, 4], (lib, x) => lib.reverse(x, [0, 1])],
  ['sliced (offset)', [5, 6], (lib, x) => lib.slice(x, [1, 1], [3, 4])],
  ['broadcast (zero strides)', [5, 6], (lib, x) => lib.broadcastTo(lib.slice(x, [2, 0], [1, 4]), [3, 4])],
  ['slice of a reversed transpose', [5, 6], (lib, x) => lib.slice(lib.reverse(lib.transpose(x), 1), [0, 1], [3, 4])],
];

function onViews(name: string, apply: Call, ops: string[] = [name]): OpSpec {
  return {
    name: `${name} on views`,
    ops,
    call: apply,
    // Every view is [3,4].
    cases: VIEWS.map(([label, shape, view]): Case => ({ label, inputs: [U(shape)], call: (lib, x) => apply(lib, view(lib, x)) })),
  };
}

export const viewSpecs: OpSpec[] = [
  onViews('exp', (lib, x) => lib.exp(x)),
  onViews('add', (lib, x) => lib.add(x, lib.reverse(x, 0))),
  onViews('sum', (lib, x) => lib.sum(x, 1, true)),
  onViews('max', (lib, x) => lib.max(x, 0)),
  onViews('argMax', (lib, x) => lib.argMax(x, 1)),
  onViews('cumsum', (lib, x) => lib.cumsum(x, 1, true)),
  onViews('softmax', (lib, x) => lib.softmax(x)),
  onViews('matMul', (lib, x) => lib.matMul(x, x, false, true)),
  onViews('concat', (lib, x) => lib.concat([x, x], 1)),
  onViews('pad', (lib, x) => lib.pad(x, [[1, 0], [0, 2]])),
  onViews('tile', (lib, x) => lib.tile(x, [2, 1])),
  onViews('reshape', (lib, x) => lib.reshape(x, [-1])),
  onViews('mirrorPad', (lib, x) => lib.mirrorPad(x, [[1, 1], [2, 1]], 'reflect')),
  onViews('stridedSlice', (lib, x) => lib.stridedSlice(x, [2, 3], [0, 0], [-1, -2])),
  onViews('gather', (lib, x) => lib.gather(x, lib.tensor([2, 0, 2], [3], 'int32'), 1)),
  onViews('gatherND', (lib, x) => lib.gatherND(x, lib.tensor([0, 1, 2, 2], [2, 2], 'int32'))),
  onViews('topk', (lib, x) => lib.topk(x, 2)),
  onViews('unsortedSegmentSum', (lib, x) => lib.unsortedSegmentSum(x, lib.tensor([1, 0, 1], [3], 'int32'), 2)),
  onViews('conv2d', (lib, x) => lib.conv2d(lib.reshape(x, [1, 3, 4, 1]), lib.ones([2, 2, 1, 2]), 1, 'same'), ['conv2d', 'ones']),
  onViews('maxPool', (lib, x) => lib.maxPool(lib.reshape(x, [1, 3, 4, 1]), 2, 1, 'same')),
  onViews('avgPool', (lib, x) => lib.avgPool(lib.reshape(x, [1, 3, 4, 1]), 2, 1, 'valid')),
  onViews('batchNorm', (lib, x) => lib.batchNorm(x, lib.slice(x, [0, 0], [1, 4]), lib.fill([1, 4], 2)), ['batchNorm', 'fill']),
  onViews('where', (lib, x) => lib.where(lib.greater(x, 0), x, lib.neg(x))),
  {
    name: 'scatterND with view updates',
    ops: ['scatterND'],
    call: (lib, i, u) => lib.scatterND(i, lib.transpose(u), [4, 3]),
    cases: [{ label: 'transposed updates', inputs: [V([2, 1], [3, 1], 'int32'), U([3, 2])] }],
  },
  {
    name: 'unique of a reversed view',
    ops: ['unique'],
    call: (lib, x) => lib.unique(lib.reverse(x)),
    cases: [{ label: 'int32', inputs: [I([9], 0, 4)] }],
  },
];
