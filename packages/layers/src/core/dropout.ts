import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { checkRate, invalidArgument } from '../errors.js';
import { Layer } from '../engine/layer.js';
import type { CallArgs, LayerArgs } from '../engine/layer.js';

export interface DropoutArgs extends LayerArgs {
  rate: number;
  noiseShape?: (number | null)[];
  seed?: number;
}

/**
 * Zeroes inputs with probability `rate` during training and scales the rest by 1/(1 - rate); identity otherwise.
 * With a seed, the masks form a reproducible sequence (a new mask each call — tfjs reuses one mask).
 */
export class Dropout extends Layer {
  static override className = 'Dropout';
  readonly rate: number;
  readonly noiseShape: (number | null)[] | null;
  readonly seed: number | null;
  private readonly rng: tf.SeededRandom;

  constructor(args: DropoutArgs) {
    super(args);
    this.rate = checkRate('rate', args.rate);
    if (args.noiseShape !== undefined && args.noiseShape !== null && !Array.isArray(args.noiseShape)) throw invalidArgument('noise_shape', 'an array', args.noiseShape);
    this.noiseShape = args.noiseShape ?? null;
    this.seed = args.seed ?? null;
    this.rng = new tf.SeededRandom(args.seed ?? tf.freshSeed());
    this.supportsMasking = true;
  }

  protected resolveNoiseShape(x: Tensor): number[] | undefined {
    if (!this.noiseShape) return undefined;
    return this.noiseShape.map((d, i) => d ?? x.shape[i]!);
  }

  call(inputs: Tensor | Tensor[], kwargs: CallArgs): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (!kwargs.training || this.rate === 0) return x;
    if (this.rate === 1) return tf.zerosLike(x);
    return tf.dropout(x, this.rate, this.resolveNoiseShape(x), this.rng.nextInt(4294967296));
  }

  override getConfig() {
    return { ...super.getConfig(), rate: this.rate, noiseShape: this.noiseShape, seed: this.seed };
  }
}
