import { SeededRandom, bits, freshSeed, keysFromSeed, tidy } from '@tessera/core';
import type { TensorContainer } from '@tessera/core';
import { batchElements } from './batch.js';
import { checkCount, describeValue, disposeConsumed, disposeElement } from './element.js';

/** One pass over a dataset: an async iterator (tfjs's `next()` shape) that is also async-iterable. */
export type DatasetIterator<T> = AsyncGenerator<T, void, undefined>;

/**
 * A lazy, re-iterable stream of elements. Nothing is read until a pass starts; every `iterator()` or
 * `for await` starts a fresh pass, so `fitDataset(ds, { epochs })` can re-open it each epoch.
 *
 * Ownership: each element a pass yields belongs to whoever receives it, who disposes its tensors (fitDataset
 * does). Operators dispose what they consume and do not pass on — map's input, filter's rejects, batch's rows,
 * skip's skipped elements, and whatever shuffle or prefetch still hold when a pass is closed early — so a full
 * pass leaks nothing. Do not put a tensor you keep using into elements: return fresh tensors (or clones).
 */
export class Dataset<T = unknown> {
  /**
   * @param open starts one pass; called once per `iterator()`.
   * @param size elements per pass when known (Infinity when endless), else null.
   */
  constructor(
    private readonly open: () => AsyncGenerator<T, void, undefined>,
    readonly size: number | null = null,
  ) {
    if (typeof open !== 'function') {
      throw new TypeError(`Dataset: invalid value for argument \`open\`. Expected a function that starts a pass. Received: ${describeValue(open)}`);
    }
  }

  /** Starts a pass (tfjs-compatible: `await ds.iterator()` then `await it.next()`). */
  async iterator(): Promise<DatasetIterator<T>> {
    return this.open();
  }

  [Symbol.asyncIterator](): DatasetIterator<T> {
    return this.open();
  }

  /** Applies a synchronous function to each element, inside `tidy`: tensors it creates and does not return are freed. */
  map<U>(fn: (x: T) => U): Dataset<U> {
    checkFn(fn, 'map');
    const up = this;
    return new Dataset<U>(async function* () {
      for await (const x of up) {
        let y: U;
        try {
          y = tidy(() => fn(x) as TensorContainer) as U;
        } catch (err) {
          disposeElement(x);
          if (err instanceof TypeError && err.message.startsWith('tidy: `fn` returned a Promise')) {
            throw new TypeError('map: the function returned a Promise. Use mapAsync for asynchronous functions.');
          }
          throw err;
        }
        disposeConsumed(x, y);
        yield y;
      }
    }, this.size);
  }

  /** Applies an async function to each element; tensors of the input that the output does not hold are freed. */
  mapAsync<U>(fn: (x: T) => Promise<U>): Dataset<U> {
    checkFn(fn, 'mapAsync');
    const up = this;
    return new Dataset<U>(async function* () {
      for await (const x of up) {
        let y: U;
        try {
          y = await fn(x);
        } catch (err) {
          disposeElement(x);
          throw err;
        }
        disposeConsumed(x, y);
        yield y;
      }
    }, this.size);
  }

  /** Keeps the elements for which `predicate` returns true; the others are disposed. */
  filter(predicate: (x: T) => boolean): Dataset<T> {
    checkFn(predicate, 'filter');
    const up = this;
    return new Dataset<T>(async function* () {
      for await (const x of up) {
        let keep: unknown;
        try {
          keep = tidy(() => predicate(x));
        } catch (err) {
          disposeElement(x);
          throw err;
        }
        if (typeof keep !== 'boolean') {
          disposeElement(x);
          throw new TypeError(`filter: the predicate must return a boolean. Received: ${describeValue(keep)}`);
        }
        if (keep) yield x;
        else disposeElement(x);
      }
    }, this.size === 0 ? 0 : this.size === Infinity ? Infinity : null);
  }

  /**
   * Groups `batchSize` consecutive elements and stacks them along a new axis 0 (see batchElements for how
   * numbers, arrays and objects such as { xs, ys } are stacked). The last, smaller batch is kept unless
   * `smallLastBatch` is false.
   */
  batch(batchSize: number, smallLastBatch = true): Dataset<unknown> {
    checkCount(batchSize, 'batchSize', 'batch', false);
    const up = this;
    const n = this.size;
    const size = n === null || n === Infinity ? n : smallLastBatch ? Math.ceil(n / batchSize) : Math.floor(n / batchSize);
    return new Dataset<unknown>(async function* () {
      let rows: T[] = [];
      try {
        for await (const x of up) {
          rows.push(x);
          if (rows.length === batchSize) {
            const b = batchElements(rows);
            const done = rows;
            rows = [];
            done.forEach(disposeElement);
            yield b;
          }
        }
        if (rows.length > 0 && smallLastBatch) {
          const b = batchElements(rows);
          const done = rows;
          rows = [];
          done.forEach(disposeElement);
          yield b;
        }
      } finally {
        rows.forEach(disposeElement);
      }
    }, size);
  }

  /**
   * Shuffles through a buffer of `bufferSize` elements (a reservoir: each output is drawn uniformly from the
   * buffer, which is refilled from upstream). A buffer at least as large as the dataset gives a uniform
   * permutation. Same seed, same order; with `reshuffleEachIteration` (the default) pass k uses the k-th seed of
   * a sequence derived from `seed`, so epochs differ but the whole run is reproducible.
   */
  shuffle(bufferSize: number, seed?: number, reshuffleEachIteration = true): Dataset<T> {
    checkCount(bufferSize, 'bufferSize', 'shuffle', false);
    if (seed !== undefined && (typeof seed !== 'number' || !Number.isFinite(seed))) {
      throw new TypeError(`shuffle: invalid value for argument \`seed\`. Expected a finite number. Received: ${describeValue(seed)}`);
    }
    const keys = keysFromSeed(seed ?? freshSeed());
    let passes = 0;
    const up = this;
    return new Dataset<T>(() => {
      const rng = new SeededRandom(bits(keys, reshuffleEachIteration ? passes++ : 0));
      return (async function* () {
        const it = up[Symbol.asyncIterator]();
        const buf: T[] = [];
        try {
          let upstreamDone = false;
          for (;;) {
            while (!upstreamDone && buf.length < bufferSize) {
              const r = await it.next();
              if (r.done) upstreamDone = true;
              else buf.push(r.value);
            }
            if (buf.length === 0) return;
            const j = rng.nextInt(buf.length);
            const x = buf[j]!;
            buf[j] = buf[buf.length - 1]!;
            buf.pop();
            yield x;
          }
        } finally {
          buf.forEach(disposeElement);
          await it.return(undefined);
        }
      })();
    }, this.size);
  }

  /** Repeats the dataset `count` times (forever when omitted or negative), re-opening it for each repetition. */
  repeat(count?: number): Dataset<T> {
    if (count !== undefined && (typeof count !== 'number' || !Number.isInteger(count))) {
      throw new TypeError(`repeat: invalid value for argument \`count\`. Expected an integer or nothing (forever). Received: ${describeValue(count)}`);
    }
    const forever = count === undefined || count < 0;
    const up = this;
    const n = this.size;
    const size = n === 0 || count === 0 ? 0 : n === null ? (forever ? Infinity : null) : forever ? Infinity : n * count!;
    return new Dataset<T>(async function* () {
      for (let i = 0; forever || i < count!; i++) {
        let seen = 0;
        for await (const x of up) {
          seen++;
          yield x;
        }
        // An empty dataset repeated forever would spin without yielding.
        if (seen === 0) return;
      }
    }, size);
  }

  /** The first `count` elements (all of them when `count` is negative). */
  take(count: number): Dataset<T> {
    if (typeof count !== 'number' || !Number.isInteger(count)) {
      throw new TypeError(`take: invalid value for argument \`count\`. Expected an integer. Received: ${describeValue(count)}`);
    }
    const up = this;
    const n = this.size;
    const size = count < 0 ? n : n === null ? (count === 0 ? 0 : null) : Math.min(n, count);
    return new Dataset<T>(async function* () {
      if (count === 0) return;
      let i = 0;
      for await (const x of up) {
        yield x;
        if (count > 0 && ++i >= count) return;
      }
    }, size);
  }

  /** Drops (and disposes) the first `count` elements. */
  skip(count: number): Dataset<T> {
    if (typeof count !== 'number' || !Number.isInteger(count)) {
      throw new TypeError(`skip: invalid value for argument \`count\`. Expected an integer. Received: ${describeValue(count)}`);
    }
    const up = this;
    const n = this.size;
    const size = count <= 0 ? n : n === null || n === Infinity ? n : Math.max(0, n - count);
    return new Dataset<T>(async function* () {
      let i = 0;
      for await (const x of up) {
        if (i++ < count) disposeElement(x);
        else yield x;
      }
    }, size);
  }

  /**
   * Reads up to `bufferSize` elements ahead in the background while the consumer works on the current one.
   * Upstream is still read one element at a time, in order.
   */
  prefetch(bufferSize: number): Dataset<T> {
    checkCount(bufferSize, 'bufferSize', 'prefetch', false);
    const up = this;
    return new Dataset<T>(async function* () {
      const it = up[Symbol.asyncIterator]();
      const queue: Promise<IteratorResult<T, void>>[] = [];
      let chain: Promise<unknown> = Promise.resolve();
      let ended = false;
      const fill = () => {
        while (!ended && queue.length < bufferSize) {
          const p = chain.then(async () => {
            if (ended) return { done: true, value: undefined } as const;
            try {
              const r = await it.next();
              if (r.done) ended = true;
              return r;
            } catch (err) {
              ended = true;
              throw err;
            }
          });
          p.catch(() => {}); // the consumer sees the error when it reaches this read
          chain = p.catch(() => {});
          queue.push(p);
        }
      };
      try {
        for (;;) {
          fill();
          const next = queue.shift();
          if (!next) return;
          const r = await next;
          if (r.done) return;
          fill();
          yield r.value;
        }
      } finally {
        ended = true;
        for (const p of queue.splice(0)) {
          try {
            const r = await p;
            if (!r.done) disposeElement(r.value);
          } catch {
            // already reported through the read that failed first
          }
        }
        await it.return(undefined);
      }
    }, this.size);
  }

  /** This dataset's elements, then `other`'s. */
  concatenate(other: Dataset<T>): Dataset<T> {
    if (!(other instanceof Dataset)) {
      throw new TypeError(`concatenate: invalid value for argument \`other\`. Expected a Dataset. Received: ${describeValue(other)}`);
    }
    const up = this;
    const a = this.size;
    const b = other.size;
    return new Dataset<T>(async function* () {
      yield* up;
      yield* other;
    }, a === null || b === null ? null : a + b);
  }

  /** Reads one whole pass into an array; the caller owns (and disposes) the tensors in it. */
  async toArray(): Promise<T[]> {
    if (this.size === Infinity) {
      throw new Error('toArray: the dataset is endless (repeat() without a count). Use take(n) first.');
    }
    const out: T[] = [];
    try {
      for await (const x of this) out.push(x);
    } catch (err) {
      out.forEach(disposeElement);
      throw err;
    }
    return out;
  }

  /** Calls `fn` on each element of one pass (awaiting it) and disposes the element afterwards (as tfjs). */
  async forEachAsync(fn: (x: T) => void | Promise<void>): Promise<void> {
    checkFn(fn, 'forEachAsync');
    if (this.size === Infinity) {
      throw new Error('forEachAsync: the dataset is endless (repeat() without a count). Use take(n) first.');
    }
    for await (const x of this) {
      try {
        await fn(x);
      } finally {
        disposeElement(x);
      }
    }
  }
}

function checkFn(fn: unknown, op: string): void {
  if (typeof fn !== 'function') {
    throw new TypeError(`${op}: invalid value for argument \`fn\`. Expected a function. Received: ${describeValue(fn)}`);
  }
}
