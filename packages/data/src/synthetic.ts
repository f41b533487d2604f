import { SeededRandom, tensor } from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { checkCount, describeValue } from './element.js';

/**
 * Small seeded 2-D classification sets for examples and tests. The same (n, options) always gives the same
 * data: `seed` defaults to 0 (pass another for another draw). Class sizes are exact: n / classes each, the
 * first n % classes classes one more (banknoteLike uses its own ratio); rows are shuffled unless shuffle: false,
 * in which case they are ordered by class.
 */
export interface SyntheticOptions {
  seed?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (each set has its own default). */
  noise?: number;
  /** Shuffle the rows (default true). */
  shuffle?: boolean;
  /** 'column': float32 [n, 1] (default, for sigmoid outputs); 'index': int32 [n]; 'oneHot': float32 [n, classes]. */
  labels?: 'column' | 'index' | 'oneHot';
}

export interface SyntheticSet {
  /** float32 [n, 2]. */
  xs: Tensor;
  /** See SyntheticOptions.labels. */
  ys: Tensor;
}

type Point = (rng: SeededRandom, cls: number, j: number, m: number) => [number, number];

function generate(op: string, n: number, classes: number, o: SyntheticOptions, defaultNoise: number, point: Point, counts?: number[]): SyntheticSet {
  checkCount(n, 'n', op);
  const seed = o.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new TypeError(`${op}: invalid value for option \`seed\`. Expected a finite number. Received: ${describeValue(seed)}`);
  }
  const noise = o.noise ?? defaultNoise;
  if (typeof noise !== 'number' || !(noise >= 0) || !Number.isFinite(noise)) {
    throw new TypeError(`${op}: invalid value for option \`noise\`. Expected a non-negative number. Received: ${describeValue(noise)}`);
  }
  const format = o.labels ?? 'column';
  if (format !== 'column' && format !== 'index' && format !== 'oneHot') {
    throw new TypeError(`${op}: invalid value for option \`labels\`. Expected 'column', 'index' or 'oneHot'. Received: ${describeValue(format)}`);
  }
  const sizes = counts ?? Array.from({ length: classes }, (_, c) => Math.floor(n / classes) + (c < n % classes ? 1 : 0));
  const rng = new SeededRandom(seed);
  const xs = new Float32Array(2 * n);
  const label = new Int32Array(n);
  let i = 0;
  sizes.forEach((m, c) => {
    for (let j = 0; j < m; j++, i++) {
      const [a, b] = point(rng, c, j, m);
      xs[2 * i] = a + noise * rng.normal();
      xs[2 * i + 1] = b + noise * rng.normal();
      label[i] = c;
    }
  });
  if (o.shuffle ?? true) {
    const order = new Int32Array(n);
    for (let k = 0; k < n; k++) order[k] = k;
    rng.shuffle(order);
    const x0 = xs.slice();
    const l0 = label.slice();
    order.forEach((src, dst) => {
      xs[2 * dst] = x0[2 * src]!;
      xs[2 * dst + 1] = x0[2 * src + 1]!;
      label[dst] = l0[src]!;
    });
  }
  const x = tensor(xs, [n, 2], 'float32');
  try {
    if (format === 'index') return { xs: x, ys: tensor(label, [n], 'int32') };
    if (format === 'column') return { xs: x, ys: tensor(Float32Array.from(label), [n, 1], 'float32') };
    const hot = new Float32Array(n * classes);
    label.forEach((c, k) => (hot[k * classes + c] = 1));
    return { xs: x, ys: tensor(hot, [n, classes], 'float32') };
  } catch (err) {
    x.dispose();
    throw err;
  }
}

export interface BlobsOptions extends SyntheticOptions {
  /** One centre per class (default [[-1, -1], [1, 1]]); noise (default 0.5) is each blob's standard deviation. */
  centers?: readonly (readonly [number, number])[];
}

/** Gaussian blobs around `centers`, two classes by default. */
export function twoClassBlobs(n: number, options: BlobsOptions = {}): SyntheticSet {
  const centers = options.centers ?? [[-1, -1], [1, 1]];
  if (!Array.isArray(centers) || centers.length < 1 || centers.some((c) => !Array.isArray(c) || c.length !== 2 || !c.every(Number.isFinite))) {
    throw new TypeError(`twoClassBlobs: invalid value for option \`centers\`. Expected an array of [x, y] pairs. Received: ${describeValue(centers)}`);
  }
  return generate('twoClassBlobs', n, centers.length, options, 0.5, (_rng, c) => [centers[c]![0], centers[c]![1]]);
}

export interface CirclesOptions extends SyntheticOptions {
  /** Radius of the inner circle (class 1) relative to the outer one (class 0, radius 1); default 0.5. */
  factor?: number;
}

/** Two concentric circles (scikit-learn's make_circles): points evenly spaced in angle, plus noise (default 0.05). */
export function circles(n: number, options: CirclesOptions = {}): SyntheticSet {
  const factor = options.factor ?? 0.5;
  if (!(factor > 0 && factor < 1)) {
    throw new RangeError(`circles: invalid value for option \`factor\`. Expected a number in (0, 1). Received: ${describeValue(factor)}`);
  }
  return generate('circles', n, 2, options, 0.05, (_rng, c, j, m) => {
    const r = c === 0 ? 1 : factor;
    const t = (2 * Math.PI * j) / m;
    return [r * Math.cos(t), r * Math.sin(t)];
  });
}

/**
 * XOR: points uniform in [-1, 1]², class 1 where exactly one coordinate is positive (quadrants II and IV),
 * class 0 in quadrants I and III; each class's points alternate between its two quadrants. Noise default 0.
 */
export function xor(n: number, options: SyntheticOptions = {}): SyntheticSet {
  return generate('xor', n, 2, options, 0, (rng, c, j) => {
    const u = rng.next();
    const v = rng.next();
    // class 0: (+,+) and (-,-); class 1: (-,+) and (+,-)
    const sx = j % 2 === 0 ? 1 : -1;
    const sy = c === 0 ? sx : -sx;
    return [sx * u, sy * v];
  });
}

export interface SpiralsOptions extends SyntheticOptions {
  /** Number of arms, one class each (default 2). */
  classes?: number;
  /** Turns each arm makes from the centre to radius 1 (default 1). */
  turns?: number;
}

/** Interleaved spiral arms: arm k at radius r has angle 2π(k / classes + turns · r). Noise default 0.05. */
export function spirals(n: number, options: SpiralsOptions = {}): SyntheticSet {
  const classes = options.classes ?? 2;
  checkCount(classes, 'classes', 'spirals', false);
  const turns = options.turns ?? 1;
  if (typeof turns !== 'number' || !Number.isFinite(turns) || turns <= 0) {
    throw new RangeError(`spirals: invalid value for option \`turns\`. Expected a positive number. Received: ${describeValue(turns)}`);
  }
  return generate('spirals', n, classes, options, 0.05, (_rng, c, j, m) => {
    const r = (j + 1) / m;
    const t = 2 * Math.PI * (c / classes + turns * r);
    return [r * Math.cos(t), r * Math.sin(t)];
  });
}

export interface BanknoteOptions extends SyntheticOptions {
  /** Share of class 0 (genuine notes); default 762/1372 as in the UCI set. */
  genuineFraction?: number;
}

/**
 * Two features shaped like the UCI banknote-authentication set's first two (variance and skewness of the
 * wavelet-transformed image): class 0 (genuine) ~ N(2.28, 2.02) × N(4.26, 5.14), class 1 (forged)
 * ~ N(−1.87, 1.88) × N(−0.99, 5.40), class sizes in the UCI ratio. `noise` (default 1) scales the spreads.
 * Mostly but not fully separable, as the real data is on these two features.
 */
export function banknoteLike(n: number, options: BanknoteOptions = {}): SyntheticSet {
  const frac = options.genuineFraction ?? 762 / 1372;
  if (!(frac >= 0 && frac <= 1)) {
    throw new RangeError(`banknoteLike: invalid value for option \`genuineFraction\`. Expected a number in [0, 1]. Received: ${describeValue(frac)}`);
  }
  checkCount(n, 'n', 'banknoteLike');
  const genuine = Math.round(n * frac);
  const spread = options.noise ?? 1;
  if (typeof spread !== 'number' || !(spread >= 0) || !Number.isFinite(spread)) {
    throw new TypeError(`banknoteLike: invalid value for option \`noise\`. Expected a non-negative number. Received: ${describeValue(spread)}`);
  }
  const stats = [
    [2.2767, 2.019, 4.2566, 5.1388],
    [-1.8684, 1.8814, -0.9936, 5.4043],
  ] as const;
  return generate(
    'banknoteLike',
    n,
    2,
    { ...options, noise: 0 },
    0,
    (rng, c) => {
      const [m1, s1, m2, s2] = stats[c]!;
      return [m1 + spread * s1 * rng.normal(), m2 + spread * s2 * rng.normal()];
    },
    [genuine, n - genuine],
  );
}
