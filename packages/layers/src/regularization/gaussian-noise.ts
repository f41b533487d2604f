import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { invalidArgument } from '../errors.js';
import { Layer } from '../engine/layer.js';
import type { CallArgs, LayerArgs } from '../engine/layer.js';

export interface GaussianNoiseArgs extends LayerArgs {
  stddev: number;
  seed?: number;
}

function floatDType(x: Tensor): 'float32' | 'float64' {
  return x.dtype === 'float64' ? 'float64' : 'float32';
}

/**
 * Adds zero-centred Gaussian noise of standard deviation `stddev` during training (a regularizer for real-valued
 * inputs); identity at inference. With a seed the noise forms a reproducible sequence, a new draw each call.
 */
export class GaussianNoise extends Layer {
  static override className = 'GaussianNoise';
  readonly stddev: number;
  readonly seed: number | null;
  private readonly rng: tf.SeededRandom;

  constructor(args: GaussianNoiseArgs) {
    super(args);
    // Keras 3 accepts stddev in [0, 1] only.
    if (typeof args.stddev !== 'number' || !(args.stddev >= 0 && args.stddev <= 1)) {
      throw invalidArgument('stddev', 'a float between 0 and 1', args.stddev);
    }
    this.stddev = args.stddev;
    if (args.seed !== undefined && args.seed !== null && (typeof args.seed !== 'number' || !Number.isFinite(args.seed))) {
      throw invalidArgument('seed', 'an integer or null', args.seed);
    }
    this.seed = args.seed ?? null;
    this.rng = new tf.SeededRandom(args.seed ?? tf.freshSeed());
    this.supportsMasking = true;
  }

  call(inputs: Tensor | Tensor[], kwargs: CallArgs): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (!kwargs.training || this.stddev === 0) return x;
    return tf.add(x, tf.randomNormal([...x.shape], 0, this.stddev, floatDType(x), this.rng.nextInt(4294967296)));
  }

  override getConfig() {
    return { ...super.getConfig(), stddev: this.stddev, seed: this.seed };
  }
}

export interface GaussianDropoutArgs extends LayerArgs {
  rate: number;
  seed?: number;
}

/**
 * Multiplies inputs by Gaussian noise N(1, rate / (1 - rate)) (variance) during training, so the expected value is
 * unchanged; identity at inference.
 */
export class GaussianDropout extends Layer {
  static override className = 'GaussianDropout';
  readonly rate: number;
  readonly seed: number | null;
  private readonly rng: tf.SeededRandom;

  constructor(args: GaussianDropoutArgs) {
    super(args);
    // Keras accepts rate=1, which makes the noise's standard deviation infinite; we refuse it.
    if (typeof args.rate !== 'number' || !(args.rate >= 0 && args.rate < 1)) {
      throw invalidArgument('rate', 'a float between 0 (inclusive) and 1 (exclusive)', args.rate);
    }
    this.rate = args.rate;
    if (args.seed !== undefined && args.seed !== null && (typeof args.seed !== 'number' || !Number.isFinite(args.seed))) {
      throw invalidArgument('seed', 'an integer or null', args.seed);
    }
    this.seed = args.seed ?? null;
    this.rng = new tf.SeededRandom(args.seed ?? tf.freshSeed());
    this.supportsMasking = true;
  }

  call(inputs: Tensor | Tensor[], kwargs: CallArgs): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (!kwargs.training || this.rate === 0) return x;
    const stddev = Math.sqrt(this.rate / (1 - this.rate));
    return tf.mul(x, tf.randomNormal([...x.shape], 1, stddev, floatDType(x), this.rng.nextInt(4294967296)));
  }

  override getConfig() {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
