import type { DType } from '../dtype.js';
import type { HostTensor, OpCase } from '../testing/case.js';
import { at, generate } from '../testing/reference.js';
import { cumprod, cumsum } from './scan.js';

/** Cases for cumsum and cumprod: every axis, exclusive and reverse, int32/bool, rank 0 and size 0. */

function scanRef(op: 'sum' | 'prod', axis: number, exclusive: boolean, reverse: boolean) {
  return (x: HostTensor) => {
    const rank = x.shape.length;
    const ax = rank === 0 ? -1 : axis < 0 ? axis + rank : axis;
    const dtype: DType = x.dtype === 'bool' ? 'int32' : x.dtype;
    return generate(x.shape, dtype, (idx) => {
      if (ax === -1) return exclusive ? (op === 'sum' ? 0 : 1) : x.values[0]!;
      const n = x.shape[ax]!;
      const i = idx[ax]!;
      // The elements that take part: before i (or after, in reverse), including i unless exclusive.
      let acc = op === 'sum' ? 0 : 1;
      for (let j = 0; j < n; j++) {
        const inRange = reverse ? (exclusive ? j > i : j >= i) : exclusive ? j < i : j <= i;
        if (!inRange) continue;
        const v = at(x, idx.map((e, k) => (k === ax ? j : e)));
        acc = op === 'sum' ? acc + v : acc * v;
      }
      return acc;
    });
  };
}

function casesFor(name: 'cumsum' | 'cumprod'): OpCase[] {
  const op = name === 'cumsum' ? 'sum' : 'prod';
  const f = name === 'cumsum' ? cumsum : cumprod;
  const rnd = (shape: number[], seed: number) => ({
    shape,
    random: name === 'cumsum' ? { min: -3, max: 3, seed } : { min: 0.5, max: 1.5, seed },
  });
  const cases: OpCase[] = [];
  for (const exclusive of [false, true]) {
    for (const reverse of [false, true]) {
      const tag = `${exclusive ? 'exclusive' : 'inclusive'}${reverse ? ' reverse' : ''}`;
      cases.push(
        {
          op: name,
          name: `axis 1 of [3,4] ${tag}`,
          inputs: [rnd([3, 4], 151)],
          run: (x) => f(x, 1, exclusive, reverse),
          reference: scanRef(op, 1, exclusive, reverse),
          grad: true,
        },
        {
          op: name,
          name: `axis 0 of [4,3] ${tag}`,
          inputs: [rnd([4, 3], 152)],
          run: (x) => f(x, 0, exclusive, reverse),
          reference: scanRef(op, 0, exclusive, reverse),
          grad: true,
        },
      );
    }
  }
  const hand =
    name === 'cumsum'
      ? { inc: [1, 3, 6, 10], exc: [0, 1, 3, 6], rev: [10, 9, 7, 4], excRev: [9, 7, 4, 0] }
      : { inc: [1, 2, 6, 24], exc: [1, 1, 2, 6], rev: [24, 24, 12, 4], excRev: [24, 12, 4, 1] };
  cases.push(
    {
      op: name,
      name: 'hand-checked values',
      inputs: [{ shape: [4], values: [1, 2, 3, 4] }],
      run: (x) => [f(x), f(x, 0, true), f(x, 0, false, true), f(x, 0, true, true)],
      expected: [hand.inc, hand.exc, hand.rev, hand.excRev].map((values) => ({ shape: [4], values })),
    },
    {
      op: name,
      name: 'middle axis of rank 3',
      inputs: [rnd([2, 3, 4], 153)],
      run: (x) => f(x, -2),
      reference: scanRef(op, 1, false, false),
      grad: true,
    },
    {
      op: name,
      name: 'int32 and bool (bool gives int32)',
      inputs: [
        { shape: [4], values: [2, -1, 3, 5], dtype: 'int32' },
        { shape: [4], values: [1, 0, 1, 1], dtype: 'bool' },
      ],
      run: (a, b) => [f(a), f(b)],
      reference: (a, b) => [scanRef(op, 0, false, false)(a), scanRef(op, 0, false, false)(b)],
    },
    {
      op: name,
      name: 'rank 0 and size 0',
      inputs: [{ shape: [], values: [3] }, { shape: [0, 3], values: [] }, { shape: [2, 0], values: [] }],
      run: (a, b, c) => [f(a), f(b, 1), f(c, 1, true)],
      expected: [
        { shape: [], values: [3] },
        { shape: [0, 3], values: [] },
        { shape: [2, 0], values: [] },
      ],
    },
    {
      op: name,
      name: 'NaN and Infinity carry forward',
      inputs: [{ shape: [4], values: [1, NaN, 2, 3] }, { shape: [3], values: [2, Infinity, 1] }],
      run: (a, b) => [f(a), f(b)],
      reference: (a, b) => [scanRef(op, 0, false, false)(a), scanRef(op, 0, false, false)(b)],
    },
    {
      op: name,
      name: 'rejects an axis out of range',
      inputs: [rnd([2, 3], 154)],
      run: (x) => f(x, 2),
      throws: new RegExp(`^${name}: invalid value for argument \`axis\`. Expected an integer in \\[-2, 1\\]. Received: axis=2`),
    },
  );
  return cases;
}

export const scanCases: OpCase[] = [...casesFor('cumsum'), ...casesFor('cumprod')];
