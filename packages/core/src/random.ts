/**
 * Counter-based random numbers: value i of a stream depends only on (seed, i), so any backend (or a GPU kernel)
 * reproduces the same stream, and results do not depend on how work is split. Mixing is murmur3's finaliser over
 * a splitmix-derived key; quality is ample for initialisers, dropout masks and shuffles.
 */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export interface Keys {
  k0: number;
  k1: number;
}

export function keysFromSeed(seed: number): Keys {
  const s = Math.floor(Math.abs(seed)) % 4294967296;
  const hi = Math.floor(Math.abs(seed) / 4294967296) >>> 0;
  return { k0: fmix32((s ^ 0x9e3779b9) >>> 0), k1: fmix32((s + 0x7f4a7c15 + Math.imul(hi, 0x632be5ab)) >>> 0) };
}

/** The 32 random bits at `counter` of the stream keyed by `keys`. */
export function bits(keys: Keys, counter: number): number {
  const lo = counter >>> 0;
  const hi = Math.floor(counter / 4294967296) >>> 0;
  return fmix32((fmix32((lo ^ keys.k0) >>> 0) + (hi ^ keys.k1)) >>> 0);
}

/** Uniform in [0, 1) with 24 bits (exact in float32). */
export function uniformAt(keys: Keys, counter: number): number {
  return (bits(keys, counter) >>> 8) * 5.9604644775390625e-8;
}

/** Uniform in (0, 1): never 0, so log() is safe. */
function openUniformAt(keys: Keys, counter: number): number {
  return ((bits(keys, counter) >>> 8) + 0.5) * 5.9604644775390625e-8;
}

/** Standard normal via Box–Muller from counters 2i and 2i+1. */
export function normalAt(keys: Keys, i: number): number {
  const u1 = openUniformAt(keys, 2 * i);
  const u2 = uniformAt(keys, 2 * i + 1);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

const GLOBAL_SEED = Symbol.for('@tessera/core/global-seed');
type G = typeof globalThis & { [GLOBAL_SEED]?: SeededRandom | null };

/**
 * A seed for calls that give none: random per call, as tfjs — unless `setGlobalSeed` was called, after which
 * the sequence of fresh seeds is reproducible (Keras's set_random_seed).
 */
export function freshSeed(): number {
  const g = (globalThis as G)[GLOBAL_SEED];
  return g ? Math.floor(g.next() * 4294967296) : Math.floor(Math.random() * 4294967296);
}

/** Makes every unseeded random op, initializer and shuffle reproducible from here on; null undoes it. */
export function setGlobalSeed(seed: number | null): void {
  if (seed !== null && (typeof seed !== 'number' || !Number.isFinite(seed))) {
    throw new TypeError(`setGlobalSeed: invalid value for argument \`seed\`. Expected a finite number or null. Received: ${String(seed)}`);
  }
  (globalThis as G)[GLOBAL_SEED] = seed === null ? null : new SeededRandom(seed);
}

/** A small seeded generator for host-side uses (shuffling indices): same seed, same sequence. */
export class SeededRandom {
  private keys: Keys;
  private counter = 0;
  constructor(seed: number = freshSeed()) {
    this.keys = keysFromSeed(seed);
  }
  /** Uniform in [0, 1) with 32 bits. */
  next(): number {
    return bits(this.keys, this.counter++) / 4294967296;
  }
  /** Integer in [0, n). */
  nextInt(n: number): number {
    return Math.floor(this.next() * n);
  }
  normal(): number {
    return normalAt(this.keys, this.counter++);
  }
  /** Fisher–Yates shuffle in place. */
  shuffle<T>(a: T[] | Int32Array | Uint32Array): void {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const tmp = a[i]!;
      a[i] = a[j]!;
      a[j] = tmp;
    }
  }
}
