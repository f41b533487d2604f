import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { checkOneOf, formatShape, formatValue, invalidArgument } from '../errors.js';
import { Layer } from '../engine/layer.js';
import type { CallArgs, LayerArgs } from '../engine/layer.js';
import { standardizeDataFormat } from '../convolutional/conv-utils.js';
import type { DataFormat } from '../convolutional/conv-utils.js';
import { FILL_MODES, INTERPOLATIONS, affineTransform } from './affine-transform.js';
import type { FillMode, Interpolation, Transform } from './affine-transform.js';

export interface RandomImageLayerArgs extends LayerArgs {
  seed?: number | null;
  dataFormat?: DataFormat;
}

/** Keras's factor: x → [-|x|, |x|]; [lo, hi] → sorted; every value within [-1, 1]. */
export function parseFactor(value: unknown, argName: string, message: string): [number, number] {
  const fail = () => new Error(`${message}Received: ${argName}=${formatValue(value)}`);
  if (typeof value === 'number') {
    if (!(value >= -1 && value <= 1)) throw fail();
    return [-Math.abs(value), Math.abs(value)];
  }
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number' && v >= -1 && v <= 1)) {
    const [a, b] = value as [number, number];
    return a <= b ? [a, b] : [b, a];
  }
  throw fail();
}

/**
 * Base of the random image augmentations: images [batch, h, w, c] (or one image [h, w, c]; channels first with
 * dataFormat), a new random draw per image and call (a reproducible sequence with `seed`), output in the layer's
 * float dtype. Active when training; identity at inference. As Keras 3, `training` defaults to true when the layer
 * is called directly (Model.predict/evaluate pass training: false).
 */
export abstract class BaseRandomImageLayer extends Layer {
  readonly seed: number | null;
  readonly dataFormat: DataFormat;
  protected readonly rng: tf.SeededRandom;

  constructor(args: RandomImageLayerArgs) {
    super(args);
    if (args.seed !== undefined && args.seed !== null && (typeof args.seed !== 'number' || !Number.isFinite(args.seed))) {
      throw invalidArgument('seed', 'an integer or null', args.seed);
    }
    this.seed = args.seed ?? null;
    this.rng = new tf.SeededRandom(args.seed ?? tf.freshSeed());
    this.dataFormat = standardizeDataFormat(args.dataFormat);
    this.inputSpec = { minNdim: 3, maxNdim: 4 };
  }

  /** A uniform draw in [lo, hi) from the layer's stream. */
  protected uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.rng.next();
  }

  /** Transforms a batch of channels-last images [B, H, W, C]. */
  protected abstract transformBatch(images: Tensor): Tensor;

  call(inputs: Tensor | Tensor[], kwargs: CallArgs): Tensor {
    const x0 = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (x0.rank !== 3 && x0.rank !== 4) {
      throw new Error(`Expected image tensor to have rank 3 (single image) or 4 (batch of images). Received: data.shape=${formatShape([...x0.shape])}`);
    }
    const x = x0.dtype === this.dtype ? x0 : tf.cast(x0, this.dtype);
    if (kwargs.training === false) return x;
    let t = x.rank === 3 ? tf.expandDims(x, 0) : x;
    if (this.dataFormat === 'channels_first') t = tf.transpose(t, [0, 2, 3, 1]);
    let y = this.transformBatch(t);
    if (this.dataFormat === 'channels_first') y = tf.transpose(y, [0, 3, 1, 2]);
    return x.rank === 3 ? tf.squeeze(y, [0]) : y;
  }

  override getConfig() {
    return { ...super.getConfig(), seed: this.seed, dataFormat: this.dataFormat };
  }
}

export interface AffineImageLayerArgs extends RandomImageLayerArgs {
  fillMode?: FillMode;
  interpolation?: Interpolation;
  fillValue?: number;
}

/** Base of the geometric augmentations: one random transform per image, resampled by affineTransform. */
export abstract class BaseAffineImageLayer extends BaseRandomImageLayer {
  readonly fillMode: FillMode;
  readonly interpolation: Interpolation;
  readonly fillValue: number;

  constructor(args: AffineImageLayerArgs) {
    super(args);
    this.fillMode = checkOneOf('fill_mode', args.fillMode ?? 'reflect', FILL_MODES);
    this.interpolation = checkOneOf('interpolation', args.interpolation ?? 'bilinear', INTERPOLATIONS);
    if (args.fillValue !== undefined && typeof args.fillValue !== 'number') throw invalidArgument('fill_value', 'a number', args.fillValue);
    this.fillValue = args.fillValue ?? 0;
  }

  /** The random transform of each of `batch` images of size h × w (drawn on the host from the layer's stream). */
  protected abstract randomTransforms(batch: number, height: number, width: number): Transform[];

  protected transformBatch(images: Tensor): Tensor {
    const [b, h, w] = images.shape as [number, number, number, number];
    return affineTransform(images, this.randomTransforms(b, h, w), {
      interpolation: this.interpolation,
      fillMode: this.fillMode,
      fillValue: this.fillValue,
    });
  }

  override getConfig() {
    return { ...super.getConfig(), fillMode: this.fillMode, interpolation: this.interpolation, fillValue: this.fillValue };
  }
}
