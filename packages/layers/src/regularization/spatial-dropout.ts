import type { Tensor } from '@tessera/core';
import { Dropout } from '../core/dropout.js';
import type { LayerArgs } from '../engine/layer.js';
import { standardizeDataFormat } from '../convolutional/conv-utils.js';
import type { DataFormat } from '../convolutional/conv-utils.js';

export interface SpatialDropoutArgs extends LayerArgs {
  rate: number;
  seed?: number;
}

export interface SpatialDropout2DArgs extends SpatialDropoutArgs {
  dataFormat?: DataFormat;
}

/**
 * Dropout of whole channels: one keep/drop decision per (sample, channel), shared along the other axes, so
 * correlated neighbours (adjacent frames or pixels) are dropped together. Training only, as Dropout.
 */
abstract class BaseSpatialDropout extends Dropout {
  constructor(args: SpatialDropoutArgs) {
    // Keras's spatial dropouts take no noise_shape: it is derived from the input (the config keeps noiseShape: null).
    super({ ...args, noiseShape: undefined } as SpatialDropoutArgs & { noiseShape?: undefined });
  }

  protected abstract override resolveNoiseShape(x: Tensor): number[];
}

/** [batch, time, channels]: drops whole channels (noise shape [batch, 1, channels]). */
export class SpatialDropout1D extends BaseSpatialDropout {
  static override className = 'SpatialDropout1D';
  constructor(args: SpatialDropoutArgs) {
    super(args);
    this.inputSpec = { ndim: 3 };
  }
  protected override resolveNoiseShape(x: Tensor): number[] {
    return [x.shape[0]!, 1, x.shape[2]!];
  }
}

/** Images: drops whole feature maps (noise shape [batch, 1, 1, channels], or [batch, channels, 1, 1]). */
export class SpatialDropout2D extends BaseSpatialDropout {
  static override className = 'SpatialDropout2D';
  readonly dataFormat: DataFormat;
  constructor(args: SpatialDropout2DArgs) {
    super(args);
    this.dataFormat = standardizeDataFormat(args.dataFormat);
    this.inputSpec = { ndim: 4 };
  }
  protected override resolveNoiseShape(x: Tensor): number[] {
    const [b, d1, , d3] = x.shape as number[];
    return this.dataFormat === 'channels_first' ? [b!, d1!, 1, 1] : [b!, 1, 1, d3!];
  }
  override getConfig() {
    return { ...super.getConfig(), dataFormat: this.dataFormat };
  }
}
