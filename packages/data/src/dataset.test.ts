import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { Dataset, fromArrays, fromGenerator, fromItems, zip } from './index.js';

beforeAll(async () => {
  if (tf.listBackends().includes('cpu')) await tf.setBackend(tf.getBackend('cpu'));
  else await tf.setBackend(cpu());
});

let baseline = 0;
beforeEach(() => {
  baseline = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(baseline);
});

const range = (n: number) => fromItems(Array.from({ length: n }, (_, i) => i));
const values = (t: unknown): number[] => Array.from((t as tf.Tensor).dataSync());
/** Reads a pass of tensor elements as numbers and disposes them. */
async function readAll(ds: Dataset<unknown>): Promise<number[][]> {
  const out: number[][] = [];
  await ds.forEachAsync((x) => {
    out.push(values(x));
  });
  return out;
}

describe('Dataset basics', () => {
  it('yields elements in order and each iterator() starts a fresh pass', async () => {
    const ds = range(5);
    expect(await ds.toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(await ds.toArray()).toEqual([0, 1, 2, 3, 4]);
    const it = await ds.iterator();
    expect(await it.next()).toEqual({ value: 0, done: false });
    const it2 = await ds.iterator();
    expect(await it2.next()).toEqual({ value: 0, done: false });
    expect(await it.next()).toEqual({ value: 1, done: false });
    await it.return(undefined);
    await it2.return(undefined);
    expect(ds.size).toBe(5);
  });

  it('is lazy: nothing is read before a pass starts, and only as far as needed', async () => {
    let pulled = 0;
    const ds = fromGenerator(function* () {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield i;
      }
    }).map((x) => x * 2);
    expect(pulled).toBe(0);
    expect(await ds.take(3).toArray()).toEqual([0, 2, 4]);
    expect(pulled).toBe(3);
  });

  it('works with for await and early break', async () => {
    const seen: number[] = [];
    for await (const x of range(10)) {
      seen.push(x);
      if (x === 2) break;
    }
    expect(seen).toEqual([0, 1, 2]);
  });
});

describe('map / mapAsync / filter', () => {
  it('map applies the function in order', async () => {
    expect(await range(4).map((x) => x * 10).toArray()).toEqual([0, 10, 20, 30]);
  });

  it('map frees tensors it creates but does not return, and the consumed input', async () => {
    const src = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
    const mapped = fromArrays(src).map((row) => {
      const t = row as tf.Tensor;
      const sq = tf.mul(t, t); // intermediate
      return tf.add(sq, 1);
    });
    expect(await readAll(mapped)).toEqual([[2, 5], [10, 17], [26, 37]]);
    src.dispose();
  });

  it('map may return its input unchanged (identity keeps the tensor alive)', async () => {
    const src = tf.tensor1d([1, 2, 3]);
    expect(await readAll(fromArrays(src).map((x) => x))).toEqual([[1], [2], [3]]);
    src.dispose();
  });

  it('map rejects a Promise-returning function with a pointer to mapAsync', async () => {
    await expect(range(2).map(async (x) => x).toArray()).rejects.toThrow(/mapAsync/);
  });

  it('mapAsync awaits the function', async () => {
    const ds = range(3).mapAsync(async (x) => {
      await new Promise((r) => setTimeout(r, 1));
      return tf.scalar(x * 3);
    });
    expect(await readAll(ds)).toEqual([[0], [3], [6]]);
  });

  it('filter keeps matching elements and disposes the others', async () => {
    const src = tf.tensor1d([1, 2, 3, 4, 5, 6]);
    const ds = fromArrays(src).filter((t) => (t as tf.Tensor).dataSync()[0]! % 2 === 0);
    expect(await readAll(ds)).toEqual([[2], [4], [6]]);
    src.dispose();
    await expect(range(2).filter(() => 1 as unknown as boolean).toArray()).rejects.toThrow(/must return a boolean/);
  });

  it('errors in map propagate and leak nothing', async () => {
    const src = tf.tensor1d([1, 2, 3]);
    const ds = fromArrays(src).map((t) => {
      if ((t as tf.Tensor).dataSync()[0] === 2) throw new Error('boom');
      return tf.mul(t as tf.Tensor, 2);
    });
    await expect(readAll(ds)).rejects.toThrow('boom');
    src.dispose();
  });
});

describe('batch', () => {
  it('stacks tensors along a new axis 0 and keeps a smaller last batch', async () => {
    const src = tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]]);
    const ds = fromArrays(src).batch(2);
    expect(ds.size).toBe(3);
    const batches = await ds.toArray();
    expect(batches.map((b) => (b as tf.Tensor).shape)).toEqual([[2, 2], [2, 2], [1, 2]]);
    expect(batches.map(values)).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10]]);
    tf.dispose(batches as tf.Tensor[]);
    src.dispose();
  });

  it('drops the small last batch when smallLastBatch is false', async () => {
    const ds = range(5).batch(2, false);
    expect(ds.size).toBe(2);
    expect(await readAll(ds)).toEqual([[0, 1], [2, 3]]);
  });

  it('batches { xs, ys } objects member by member', async () => {
    const x = tf.tensor2d([[1, 1], [2, 2], [3, 3]]);
    const y = tf.tensor([0, 1, 0], [3], 'int32');
    const [b] = (await fromArrays(x, y).batch(3).toArray()) as { xs: tf.Tensor; ys: tf.Tensor }[];
    expect(b!.xs.shape).toEqual([3, 2]);
    expect(b!.ys.shape).toEqual([3]);
    expect(b!.ys.dtype).toBe('int32');
    expect(values(b!.ys)).toEqual([0, 1, 0]);
    tf.dispose(b as never);
    x.dispose();
    y.dispose();
  });

  it('makes tensors of numbers and number arrays, and keeps strings as arrays', async () => {
    const ds = fromItems([
      { a: 1, v: [1, 2], s: 'x', flag: true, nested: { t: [0.5] } },
      { a: 2, v: [3, 4], s: 'y', flag: false, nested: { t: [1.5] } },
    ]).batch(2);
    const [b] = (await ds.toArray()) as Record<string, unknown>[];
    const el = b as { a: tf.Tensor; v: tf.Tensor; s: string[]; flag: tf.Tensor; nested: { t: tf.Tensor } };
    expect(el.a.dtype).toBe('float32');
    expect(values(el.a)).toEqual([1, 2]);
    expect(el.v.shape).toEqual([2, 2]);
    expect(el.s).toEqual(['x', 'y']);
    expect(el.flag.dtype).toBe('bool');
    expect(values(el.nested.t)).toEqual([0.5, 1.5]);
    tf.dispose(el as never);
  });

  it('reports mismatched structures', async () => {
    await expect(fromItems([{ a: 1 }, { b: 2 }]).batch(2).toArray()).rejects.toThrow(/element 1 has keys \{b\}/);
    await expect(fromItems([[1, 2], [1, 2, 3]]).batch(2).toArray()).rejects.toThrow(/element 1/);
    const t = [tf.tensor1d([1, 2]), tf.tensor1d([1, 2, 3])];
    await expect(fromItems(t).batch(2).toArray()).rejects.toThrow(/same structure/);
    tf.dispose(t);
  });

  it('rejects a bad batch size', () => {
    expect(() => range(3).batch(0)).toThrow(/batchSize/);
  });
});

describe('shuffle', () => {
  it('is a permutation, and the same seed gives the same order', async () => {
    const a = await range(50).shuffle(100, 7).toArray();
    const b = await range(50).shuffle(100, 7).toArray();
    expect(a).toEqual(b);
    expect([...a].sort((p, q) => p - q)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(a).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    const c = await range(50).shuffle(100, 8).toArray();
    expect(c).not.toEqual(a);
  });

  it('a small buffer still gives a permutation', async () => {
    const a = await range(40).shuffle(4, 1).toArray();
    expect([...a].sort((p, q) => p - q)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    // a buffer of 4 can move an element at most 3 places earlier
    a.forEach((v, i) => expect(v).toBeLessThanOrEqual(i + 3));
  });

  it('reshuffles each pass by default, reproducibly from the seed', async () => {
    const ds = range(30).shuffle(30, 3);
    const p1 = await ds.toArray();
    const p2 = await ds.toArray();
    expect(p2).not.toEqual(p1);
    const again = range(30).shuffle(30, 3);
    expect(await again.toArray()).toEqual(p1);
    expect(await again.toArray()).toEqual(p2);
    const fixed = range(30).shuffle(30, 3, false);
    expect(await fixed.toArray()).toEqual(await fixed.toArray());
  });

  it('disposes buffered tensors when a pass is closed early', async () => {
    const src = tf.tensor1d([1, 2, 3, 4, 5, 6, 7, 8]);
    const ds = fromArrays(src).shuffle(8, 0);
    const it = await ds.iterator();
    const first = await it.next();
    tf.dispose(first.value as tf.Tensor);
    await it.return(undefined);
    src.dispose();
  });
});

describe('repeat / take / skip / concatenate', () => {
  it('repeat re-opens the dataset', async () => {
    expect(await range(3).repeat(2).toArray()).toEqual([0, 1, 2, 0, 1, 2]);
    expect(range(3).repeat(2).size).toBe(6);
    expect(await range(3).repeat().take(7).toArray()).toEqual([0, 1, 2, 0, 1, 2, 0]);
    expect(range(3).repeat().size).toBe(Infinity);
    expect(await range(0).repeat().toArray()).toEqual([]);
    await expect(range(3).repeat().toArray()).rejects.toThrow(/endless/);
  });

  it('take and skip', async () => {
    expect(await range(5).take(2).toArray()).toEqual([0, 1]);
    expect(await range(5).take(10).toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(await range(5).take(0).toArray()).toEqual([]);
    expect(await range(5).take(-1).toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(await range(5).skip(3).toArray()).toEqual([3, 4]);
    expect(await range(5).skip(9).toArray()).toEqual([]);
    expect(range(5).skip(3).size).toBe(2);
    expect(range(5).take(2).size).toBe(2);
    expect(await range(10).skip(2).take(3).toArray()).toEqual([2, 3, 4]);
  });

  it('skip disposes the skipped tensors', async () => {
    const src = tf.tensor1d([1, 2, 3, 4]);
    expect(await readAll(fromArrays(src).skip(2))).toEqual([[3], [4]]);
    src.dispose();
  });

  it('concatenate', async () => {
    expect(await range(2).concatenate(range(3)).toArray()).toEqual([0, 1, 0, 1, 2]);
  });
});

describe('prefetch', () => {
  it('gives the same elements in the same order', async () => {
    expect(await range(20).prefetch(4).toArray()).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(await range(0).prefetch(2).toArray()).toEqual([]);
  });

  it('reads ahead while the consumer works', async () => {
    let pulled = 0;
    const ds = fromGenerator(async function* () {
      for (let i = 0; i < 10; i++) {
        pulled++;
        yield i;
      }
    }).prefetch(3);
    const it = await ds.iterator();
    await it.next();
    await new Promise((r) => setTimeout(r, 0)); // let the background reads (microtasks) run
    expect(pulled).toBeGreaterThanOrEqual(4); // the element handed out plus 3 read ahead
    expect(pulled).toBeLessThanOrEqual(5);
    await it.return(undefined);
  });

  it('surfaces upstream errors in order and disposes what it read ahead on close', async () => {
    const ds = fromGenerator(function* () {
      yield 1;
      yield 2;
      throw new Error('upstream failed');
    }).prefetch(5);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const x of ds) seen.push(x);
      })(),
    ).rejects.toThrow('upstream failed');
    expect(seen).toEqual([1, 2]);

    const src = tf.tensor1d([1, 2, 3, 4, 5, 6]);
    const it = await fromArrays(src).prefetch(4).iterator();
    tf.dispose((await it.next()).value as tf.Tensor);
    await new Promise((r) => setTimeout(r, 5));
    await it.return(undefined);
    src.dispose();
  });
});

describe('zip', () => {
  it('zips an array of datasets, stopping at the shortest', async () => {
    const ds = zip([range(3), range(5).map((x) => x * 10)]);
    expect(ds.size).toBe(3);
    expect(await ds.toArray()).toEqual([[0, 0], [1, 10], [2, 20]]);
  });

  it('zips an object of datasets, and disposes leftovers of the longer ones', async () => {
    const a = tf.tensor1d([1, 2, 3]);
    const b = tf.tensor1d([4, 5]);
    const ds = zip({ xs: fromArrays(a), ys: fromArrays(b) }).batch(2);
    const [el] = (await ds.toArray()) as { xs: tf.Tensor; ys: tf.Tensor }[];
    expect(values(el!.xs)).toEqual([1, 2]);
    expect(values(el!.ys)).toEqual([4, 5]);
    tf.dispose(el as never);
    a.dispose();
    b.dispose();
  });

  it('validates its argument', () => {
    expect(() => zip([range(1), 3 as never])).toThrow(/datasets\[1\]/);
    expect(() => zip([])).toThrow(/at least one/);
  });
});

describe('fromArrays / fromGenerator', () => {
  it('slices tensor rows lazily and pairs x with y', async () => {
    const x = tf.tensor3d([[[1], [2]], [[3], [4]]]);
    const y = [0, 1];
    const els = (await fromArrays(x, y).toArray()) as { xs: tf.Tensor; ys: number }[];
    expect(els[0]!.xs.shape).toEqual([2, 1]);
    expect(values(els[1]!.xs)).toEqual([3, 4]);
    expect(els.map((e) => e.ys)).toEqual([0, 1]);
    tf.dispose(els as never);
    x.dispose();
  });

  it('turns array rows into tensors and supports named sources', async () => {
    const ds = fromArrays({ a: [[1, 2], [3, 4]], b: new Float32Array([5, 6]) }).batch(2);
    const [el] = (await ds.toArray()) as { a: tf.Tensor; b: tf.Tensor }[];
    expect(el!.a.shape).toEqual([2, 2]);
    expect(values(el!.b)).toEqual([5, 6]);
    tf.dispose(el as never);
  });

  it('checks row counts', () => {
    expect(() => fromArrays([1, 2, 3], [1, 2])).toThrow(/x has 3 rows but y has 2/);
    expect(() => fromArrays({ a: [1], b: [1, 2] })).toThrow(/x\.a` has 1 rows but `x\.b` has 2/);
    expect(() => fromArrays(5 as never)).toThrow(/fromArrays/);
  });

  it('fromGenerator takes sync and async generators and re-runs them each pass', async () => {
    let calls = 0;
    const sync = fromGenerator(function* () {
      calls++;
      yield* [1, 2, 3];
    });
    expect(await sync.toArray()).toEqual([1, 2, 3]);
    expect(await sync.toArray()).toEqual([1, 2, 3]);
    expect(calls).toBe(2);
    const asyncDs = fromGenerator(async function* () {
      yield 'a';
      await new Promise((r) => setTimeout(r, 1));
      yield 'b';
    });
    expect(await asyncDs.toArray()).toEqual(['a', 'b']);
    expect(await fromGenerator(() => [7, 8]).toArray()).toEqual([7, 8]);
    await expect(fromGenerator(() => 3 as never).toArray()).rejects.toThrow(/iterator/);
  });
});

describe('a full pipeline', () => {
  it('re-iterates with the same elements and leaks no tensor', async () => {
    const x = tf.tensor2d(Array.from({ length: 10 }, (_, i) => [i, -i]));
    const y = tf.tensor1d(Array.from({ length: 10 }, (_, i) => i % 2));
    const before = tf.memory().numTensors;
    const ds = fromArrays(x, y)
      .map((el) => {
        const { xs, ys } = el as { xs: tf.Tensor; ys: tf.Tensor };
        return { xs: tf.mul(xs, 2), ys };
      })
      .filter((el) => (el as { ys: tf.Tensor }).ys.dataSync()[0] !== 99)
      .shuffle(4, 11, false)
      .batch(3)
      .prefetch(2);
    const pass = async () => {
      const out: number[][] = [];
      for await (const b of ds) {
        const { xs, ys } = b as { xs: tf.Tensor; ys: tf.Tensor };
        out.push([...values(xs), ...values(ys)]);
        tf.dispose([xs, ys]);
      }
      return out;
    };
    const p1 = await pass();
    expect(p1).toHaveLength(4);
    expect(await pass()).toEqual(p1);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    y.dispose();
  });
});
