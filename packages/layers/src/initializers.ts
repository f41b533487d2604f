import * as tf from '@tessera/core';
import type { DType, Tensor } from '@tessera/core';
import { invalidArgument, checkOneOf } from './errors.js';

/**
 * Keras initializers. Each is a class with `apply(shape, dtype)` and `getConfig()`; `getInitializer` accepts a
 * Keras name ('glorot_uniform', 'glorotUniform'), a config `{ className, config }` or an instance.
 * An unseeded initializer draws a fresh seed per call (reproducible after core's setGlobalSeed).
 */
export abstract class Initializer {
  abstract readonly className: string;
  abstract apply(shape: number[], dtype?: DType): Tensor;
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** Keras's fan computation: the last two dims are (in, out); leading dims form the receptive field. */
export function computeFans(shape: number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  if (shape.length === 2) return { fanIn: shape[0]!, fanOut: shape[1]! };
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[shape.length - 2]! * receptive, fanOut: shape[shape.length - 1]! * receptive };
}

function floatDType(dtype: DType | undefined): 'float32' | 'float64' {
  return dtype === 'float64' ? 'float64' : 'float32';
}

export class Zeros extends Initializer {
  readonly className = 'Zeros';
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    return tf.zeros(shape, dtype);
  }
}

export class Ones extends Initializer {
  readonly className = 'Ones';
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    return tf.ones(shape, dtype);
  }
}

export class Constant extends Initializer {
  readonly className = 'Constant';
  readonly value: number;
  constructor(args: { value?: number } = {}) {
    super();
    this.value = args.value ?? 0;
    if (typeof this.value !== 'number') throw invalidArgument('value', 'a number', this.value);
  }
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    return tf.fill(shape, this.value, dtype);
  }
  override getConfig() {
    return { value: this.value };
  }
}

export class RandomUniform extends Initializer {
  readonly className = 'RandomUniform';
  readonly minval: number;
  readonly maxval: number;
  readonly seed?: number;
  constructor(args: { minval?: number; maxval?: number; seed?: number } = {}) {
    super();
    this.minval = args.minval ?? -0.05;
    this.maxval = args.maxval ?? 0.05;
    this.seed = args.seed;
  }
  apply(shape: number[], dtype?: DType): Tensor {
    return tf.randomUniform(shape, this.minval, this.maxval, floatDType(dtype), this.seed);
  }
  override getConfig() {
    return { minval: this.minval, maxval: this.maxval, seed: this.seed ?? null };
  }
}

export class RandomNormal extends Initializer {
  readonly className = 'RandomNormal';
  readonly mean: number;
  readonly stddev: number;
  readonly seed?: number;
  constructor(args: { mean?: number; stddev?: number; seed?: number } = {}) {
    super();
    this.mean = args.mean ?? 0;
    this.stddev = args.stddev ?? 0.05;
    this.seed = args.seed;
  }
  apply(shape: number[], dtype?: DType): Tensor {
    return tf.randomNormal(shape, this.mean, this.stddev, floatDType(dtype), this.seed);
  }
  override getConfig() {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed ?? null };
  }
}

export class TruncatedNormal extends Initializer {
  readonly className = 'TruncatedNormal';
  readonly mean: number;
  readonly stddev: number;
  readonly seed?: number;
  constructor(args: { mean?: number; stddev?: number; seed?: number } = {}) {
    super();
    this.mean = args.mean ?? 0;
    this.stddev = args.stddev ?? 0.05;
    this.seed = args.seed;
  }
  apply(shape: number[], dtype?: DType): Tensor {
    return tf.truncatedNormal(shape, this.mean, this.stddev, floatDType(dtype), this.seed);
  }
  override getConfig() {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed ?? null };
  }
}

export type FanMode = 'fan_in' | 'fan_out' | 'fan_avg';
export type Distribution = 'truncated_normal' | 'untruncated_normal' | 'uniform' | 'normal';

export class VarianceScaling extends Initializer {
  readonly className: string = 'VarianceScaling';
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: Distribution;
  readonly seed?: number;
  constructor(args: { scale?: number; mode?: FanMode; distribution?: Distribution; seed?: number } = {}) {
    super();
    this.scale = args.scale ?? 1;
    if (!(this.scale > 0)) throw invalidArgument('scale', 'a positive float', this.scale);
    this.mode = checkOneOf('mode', args.mode ?? 'fan_in', ['fan_in', 'fan_out', 'fan_avg'] as const);
    this.distribution = checkOneOf('distribution', args.distribution ?? 'truncated_normal', [
      'truncated_normal',
      'untruncated_normal',
      'uniform',
      'normal',
    ] as const);
    this.seed = args.seed;
  }
  apply(shape: number[], dtype?: DType): Tensor {
    const { fanIn, fanOut } = computeFans(shape);
    const n = this.mode === 'fan_in' ? fanIn : this.mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
    const variance = this.scale / Math.max(1, n);
    const dt = floatDType(dtype);
    if (this.distribution === 'truncated_normal') {
      // Keras divides by the std of a standard normal truncated to [-2, 2], so the result has the intended variance.
      return tf.truncatedNormal(shape, 0, Math.sqrt(variance) / 0.87962566103423978, dt, this.seed);
    }
    if (this.distribution === 'untruncated_normal' || this.distribution === 'normal') {
      return tf.randomNormal(shape, 0, Math.sqrt(variance), dt, this.seed);
    }
    const limit = Math.sqrt(3 * variance);
    return tf.randomUniform(shape, -limit, limit, dt, this.seed);
  }
  override getConfig(): Record<string, unknown> {
    return { scale: this.scale, mode: this.mode, distribution: this.distribution, seed: this.seed ?? null };
  }
}

function preset(className: string, scale: number, mode: FanMode, distribution: Distribution) {
  return class extends VarianceScaling {
    override readonly className = className;
    constructor(args: { seed?: number } = {}) {
      super({ scale, mode, distribution, seed: args.seed });
    }
    override getConfig(): Record<string, unknown> {
      return { seed: this.seed ?? null };
    }
  };
}

export const GlorotUniform = preset('GlorotUniform', 1, 'fan_avg', 'uniform');
export const GlorotNormal = preset('GlorotNormal', 1, 'fan_avg', 'truncated_normal');
export const HeUniform = preset('HeUniform', 2, 'fan_in', 'uniform');
export const HeNormal = preset('HeNormal', 2, 'fan_in', 'truncated_normal');
export const LecunUniform = preset('LecunUniform', 1, 'fan_in', 'uniform');
export const LecunNormal = preset('LecunNormal', 1, 'fan_in', 'truncated_normal');

/** A (semi-)orthogonal matrix from the QR decomposition of a normal matrix (Keras's Orthogonal). */
export class Orthogonal extends Initializer {
  readonly className = 'Orthogonal';
  readonly gain: number;
  readonly seed?: number;
  constructor(args: { gain?: number; seed?: number } = {}) {
    super();
    this.gain = args.gain ?? 1;
    this.seed = args.seed;
  }
  apply(shape: number[], dtype?: DType): Tensor {
    if (shape.length < 2) throw invalidArgument('shape', 'a shape of rank >= 2 for the Orthogonal initializer', shape);
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const cols = shape[shape.length - 1]!;
    const [m, n] = rows < cols ? [cols, rows] : [rows, cols];
    const rng = new tf.SeededRandom(this.seed ?? tf.freshSeed());
    const a = Array.from({ length: m }, () => Array.from({ length: n }, () => rng.normal()));
    // Modified Gram–Schmidt on the columns gives Q; multiplying by sign(diag(R)) makes it uniformly distributed.
    const q = a.map((r) => r.slice());
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < j; k++) {
        let dot = 0;
        for (let i = 0; i < m; i++) dot += q[i]![j]! * q[i]![k]!;
        for (let i = 0; i < m; i++) q[i]![j]! -= dot * q[i]![k]!;
      }
      let norm = 0;
      for (let i = 0; i < m; i++) norm += q[i]![j]! ** 2;
      norm = Math.sqrt(norm);
      let rjj = 0;
      for (let i = 0; i < m; i++) rjj += a[i]![j]! * (q[i]![j]! / norm);
      const s = rjj < 0 ? -1 : 1;
      for (let i = 0; i < m; i++) q[i]![j] = (s * q[i]![j]!) / norm;
    }
    const flat = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) flat[r * cols + c] = this.gain * (rows < cols ? q[c]![r]! : q[r]![c]!);
    return tf.tensor(flat, shape, floatDType(dtype) === 'float64' ? 'float64' : 'float32');
  }
  override getConfig() {
    return { gain: this.gain, seed: this.seed ?? null };
  }
}

export class Identity extends Initializer {
  readonly className = 'Identity';
  readonly gain: number;
  constructor(args: { gain?: number } = {}) {
    super();
    this.gain = args.gain ?? 1;
  }
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    if (shape.length !== 2) throw invalidArgument('shape', 'a 2D shape for the Identity initializer', shape);
    return tf.tidy(() => tf.eye(shape[0]!, shape[1]!, undefined, dtype).mul(this.gain));
  }
  override getConfig() {
    return { gain: this.gain };
  }
}

const CLASSES: Record<string, new (args?: never) => Initializer> = {
  Zeros, Ones, Constant, RandomUniform, RandomNormal, TruncatedNormal, VarianceScaling, GlorotUniform, GlorotNormal,
  HeUniform, HeNormal, LecunUniform, LecunNormal, Orthogonal, Identity,
};

/** 'glorot_uniform' | 'glorotUniform' | 'GlorotUniform' → 'GlorotUniform'. */
export function canonicalClassName(name: string): string {
  return name
    .split(/[_\s]/)
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');
}

export type InitializerIdentifier = string | Initializer | { className: string; config?: Record<string, unknown> };

export function getInitializer(id: InitializerIdentifier, argName = 'initializer'): Initializer {
  if (id instanceof Initializer) return id;
  const className = typeof id === 'string' ? canonicalClassName(id) : id?.className;
  const cls = className ? CLASSES[className] : undefined;
  if (!cls) {
    throw invalidArgument(argName, `an Initializer or one of ${Object.keys(CLASSES).join(', ')} (Keras names like 'glorot_uniform' work too)`, id);
  }
  return new cls((typeof id === 'object' ? id.config ?? {} : {}) as never);
}

export function serializeInitializer(i: Initializer): { className: string; config: Record<string, unknown> } {
  return { className: i.className, config: i.getConfig() };
}

export const initializers = {
  zeros: () => new Zeros(),
  ones: () => new Ones(),
  constant: (a: { value?: number } = {}) => new Constant(a),
  randomUniform: (a: ConstructorParameters<typeof RandomUniform>[0] = {}) => new RandomUniform(a),
  randomNormal: (a: ConstructorParameters<typeof RandomNormal>[0] = {}) => new RandomNormal(a),
  truncatedNormal: (a: ConstructorParameters<typeof TruncatedNormal>[0] = {}) => new TruncatedNormal(a),
  varianceScaling: (a: ConstructorParameters<typeof VarianceScaling>[0] = {}) => new VarianceScaling(a),
  glorotUniform: (a: { seed?: number } = {}) => new GlorotUniform(a),
  glorotNormal: (a: { seed?: number } = {}) => new GlorotNormal(a),
  heUniform: (a: { seed?: number } = {}) => new HeUniform(a),
  heNormal: (a: { seed?: number } = {}) => new HeNormal(a),
  leCunUniform: (a: { seed?: number } = {}) => new LecunUniform(a),
  leCunNormal: (a: { seed?: number } = {}) => new LecunNormal(a),
  orthogonal: (a: { gain?: number; seed?: number } = {}) => new Orthogonal(a),
  identity: (a: { gain?: number } = {}) => new Identity(a),
};
