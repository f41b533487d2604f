import type { HostTensor, OpCase } from '../testing/case.js';
import { at, generate } from '../testing/reference.js';
import { logSoftmax, softmax } from './softmax.js';

/** Cases for softmax and logSoftmax: axes, stability with large logits, -Infinity entries, rank 0 and size 0. */

function softmaxRef(axis: number, log: boolean) {
  return (x: HostTensor) => {
    const rank = x.shape.length;
    const ax = axis < 0 ? axis + rank : axis;
    return generate(x.shape, x.dtype, (idx) => {
      const row: number[] = [];
      for (let j = 0; j < x.shape[ax]!; j++) row.push(at(x, idx.map((e, k) => (k === ax ? j : e))));
      const m = Math.max(...row);
      const s = row.reduce((a, v) => a + Math.exp(v - m), 0);
      const v = at(x, idx);
      return log ? v - m - Math.log(s) : Math.exp(v - m) / s;
    });
  };
}

function casesFor(name: 'softmax' | 'logSoftmax'): OpCase[] {
  const log = name === 'logSoftmax';
  const f = log ? logSoftmax : softmax;
  const rnd = (shape: number[], seed: number) => ({ shape, random: { min: -4, max: 4, seed } });
  const hand = [1 / 6, 1 / 3, 1 / 2];
  return [
    {
      op: name,
      name: 'hand-checked values',
      inputs: [{ shape: [3], values: [0, Math.LN2, Math.log(3)] }],
      run: (x) => f(x),
      expected: { shape: [3], values: log ? hand.map(Math.log) : hand },
    },
    { op: name, name: 'last axis of [3,5]', inputs: [rnd([3, 5], 161)], run: (x) => f(x), reference: softmaxRef(-1, log), grad: true },
    { op: name, name: 'axis 0 of [4,3]', inputs: [rnd([4, 3], 162)], run: (x) => f(x, 0), reference: softmaxRef(0, log), grad: true },
    { op: name, name: 'middle axis of rank 3', inputs: [rnd([2, 4, 3], 163)], run: (x) => f(x, 1), reference: softmaxRef(1, log), grad: true },
    {
      op: name,
      name: 'float64',
      inputs: [{ shape: [2, 3], dtype: 'float64', random: { min: -4, max: 4, seed: 164 } }],
      run: (x) => f(x),
      reference: softmaxRef(-1, log),
      grad: true,
    },
    {
      op: name,
      name: 'large logits do not overflow',
      inputs: [{ shape: [2, 3], values: [1000, 1001, 1002, -1000, -1001, -1002] }],
      run: (x) => f(x),
      reference: softmaxRef(-1, log),
    },
    {
      op: name,
      name: '-Infinity entries',
      inputs: [{ shape: [2, 2], values: [0, -Infinity, -Infinity, -Infinity] }],
      run: (x) => f(x),
      // A row of only -Infinity has no distribution: NaN, as TensorFlow.
      expected: { shape: [2, 2], values: log ? [0, -Infinity, NaN, NaN] : [1, 0, NaN, NaN] },
    },
    {
      op: name,
      name: 'rank 0 and size 0',
      inputs: [{ shape: [], values: [3] }, { shape: [0, 3], values: [] }, { shape: [2, 1], values: [5, -5] }],
      run: (a, b, c) => [f(a), f(b), f(c)],
      expected: [
        { shape: [], values: [log ? 0 : 1] },
        { shape: [0, 3], values: [] },
        { shape: [2, 1], values: log ? [0, 0] : [1, 1] },
      ],
    },
    {
      op: name,
      name: 'rejects int32 logits',
      inputs: [{ shape: [2], values: [1, 2], dtype: 'int32' }],
      run: (x) => f(x),
      throws: new RegExp(`^${name}: expected a float tensor for argument \`logits\`. Received: int32`),
    },
    {
      op: name,
      name: 'rejects an axis out of range',
      inputs: [rnd([2, 3], 165)],
      run: (x) => f(x, 2),
      throws: new RegExp(`^${name}: invalid value for argument \`${log ? 'axis' : 'dim'}\`.*=2`),
    },
  ];
}

export const softmaxCases: OpCase[] = [...casesFor('softmax'), ...casesFor('logSoftmax')];
