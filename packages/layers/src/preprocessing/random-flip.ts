import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { checkOneOf } from '../errors.js';
import { BaseRandomImageLayer } from './base-image-layer.js';
import type { RandomImageLayerArgs } from './base-image-layer.js';

export type FlipMode = 'horizontal' | 'vertical' | 'horizontal_and_vertical';

export interface RandomFlipArgs extends RandomImageLayerArgs {
  mode?: FlipMode;
}

/**
 * Flips each image with probability 1/2: left-right ('horizontal'), top-bottom ('vertical'), or both
 * ('horizontal_and_vertical', the default). As Keras 3, both flips of an image share one draw, so that mode
 * gives either the image or its 180° rotation.
 */
export class RandomFlip extends BaseRandomImageLayer {
  static override className = 'RandomFlip';
  readonly mode: FlipMode;

  constructor(args: RandomFlipArgs = {}) {
    super(args);
    this.mode = checkOneOf('mode', args.mode ?? 'horizontal_and_vertical', ['horizontal', 'vertical', 'horizontal_and_vertical'] as const);
  }

  protected transformBatch(images: Tensor): Tensor {
    const b = images.shape[0]!;
    const flips = Array.from({ length: b }, () => this.rng.next() <= 0.5);
    const axes = this.mode === 'horizontal' ? [2] : this.mode === 'vertical' ? [1] : [1, 2];
    const cond = tf.tensor(flips, [b, 1, 1, 1], 'bool');
    return tf.where(cond, tf.reverse(images, axes), images);
  }

  override getConfig() {
    return { ...super.getConfig(), mode: this.mode };
  }
}
