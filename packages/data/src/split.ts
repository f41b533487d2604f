import { SeededRandom, freshSeed, gather, isTensor, slice, tensor, tidy } from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { describeValue } from './element.js';

export interface SplitOptions {
  /** A fraction in (0, 1) of the rows, or a whole number of rows, for the test part (default 0.25). */
  testSize?: number;
  /** Shuffle before splitting (default true); without it the test part is the last rows (as Keras's validationSplit). */
  shuffle?: boolean;
  /** Seed for the shuffle; the same seed gives the same split. */
  seed?: number;
}

export interface Split<X, Y> {
  xTrain: X;
  xTest: X;
  yTrain: Y;
  yTest: Y;
}

type Rows = Tensor | readonly unknown[];

/**
 * Splits rows of `x` and `y` (tensors or arrays) into train and test parts, keeping pairs together. Tensors give
 * new tensors the caller owns; arrays give arrays.
 */
export function trainTestSplit<X extends Rows, Y extends Rows>(x: X, y: Y, options: SplitOptions = {}): Split<X, Y> {
  const n = rowCount(x, 'x');
  const ny = rowCount(y, 'y');
  if (ny !== n) throw new Error(`trainTestSplit: x has ${n} rows but y has ${ny}; they must have the same number of rows.`);
  const testSize = options.testSize ?? 0.25;
  if (typeof testSize !== 'number' || !(testSize > 0) || (testSize >= 1 && !Number.isInteger(testSize))) {
    throw new RangeError(`trainTestSplit: invalid value for option \`testSize\`. Expected a fraction in (0, 1) or a whole number of rows. Received: ${describeValue(testSize)}`);
  }
  const nTest = testSize < 1 ? Math.ceil(testSize * n) : testSize;
  if (nTest >= n) {
    throw new RangeError(`trainTestSplit: testSize=${testSize} leaves no training rows out of ${n}; the test part must be smaller than the data.`);
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (options.shuffle ?? true) new SeededRandom(options.seed ?? freshSeed()).shuffle(order);
  const train = order.subarray(0, n - nTest);
  const test = order.subarray(n - nTest);
  const ordered = !(options.shuffle ?? true);
  return {
    xTrain: pick(x, train, ordered),
    xTest: pick(x, test, ordered),
    yTrain: pick(y, train, ordered),
    yTest: pick(y, test, ordered),
  };
}

function rowCount(r: Rows, arg: string): number {
  if (isTensor(r)) {
    if (r.rank === 0) throw new Error(`trainTestSplit: \`${arg}\` must have a row axis; received a scalar tensor.`);
    return r.shape[0]!;
  }
  if (Array.isArray(r)) return r.length;
  throw new TypeError(`trainTestSplit: invalid value for argument \`${arg}\`. Expected a tensor or an array of rows. Received: ${describeValue(r)}`);
}

function pick<R extends Rows>(r: R, idx: Int32Array, contiguous: boolean): R {
  if (!isTensor(r)) return Array.from(idx, (i) => (r as readonly unknown[])[i]) as unknown as R;
  if (contiguous) {
    // A contiguous block: copy it out of x so the parts do not keep x's storage alive.
    const begin = [idx[0] ?? 0, ...r.shape.slice(1).map(() => 0)];
    return tidy(() => slice(r, begin, [idx.length, ...r.shape.slice(1)]).clone()) as R;
  }
  return tidy(() => gather(r, tensor(idx, [idx.length], 'int32'), 0)) as R;
}
