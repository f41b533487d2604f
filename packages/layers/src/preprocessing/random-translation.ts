import { BaseAffineImageLayer, parseFactor } from './base-image-layer.js';
import type { AffineImageLayerArgs } from './base-image-layer.js';
import type { Transform } from './affine-transform.js';

export interface RandomTranslationArgs extends AffineImageLayerArgs {
  /** Vertical shift as a fraction of the height: x → [-x, x]; [lo, hi]. Positive shifts down. */
  heightFactor: number | [number, number];
  /** Horizontal shift as a fraction of the width. Positive shifts right. */
  widthFactor: number | [number, number];
}

const MESSAGE = 'The `height_factor` and `width_factor` arguments should be a number (or a list of two numbers) in the range [-1.0, 1.0]. ';

/** Shifts each image by a random fraction of its size; uncovered pixels are filled per `fillMode`. */
export class RandomTranslation extends BaseAffineImageLayer {
  static override className = 'RandomTranslation';
  readonly heightFactor: number | [number, number];
  readonly widthFactor: number | [number, number];
  private readonly heightRange: [number, number];
  private readonly widthRange: [number, number];

  constructor(args: RandomTranslationArgs) {
    super(args);
    this.heightRange = parseFactor((args as Partial<RandomTranslationArgs>).heightFactor, 'height_factor', MESSAGE);
    this.widthRange = parseFactor((args as Partial<RandomTranslationArgs>).widthFactor, 'width_factor', MESSAGE);
    this.heightFactor = Array.isArray(args.heightFactor) ? [args.heightFactor[0], args.heightFactor[1]] : args.heightFactor;
    this.widthFactor = Array.isArray(args.widthFactor) ? [args.widthFactor[0], args.widthFactor[1]] : args.widthFactor;
  }

  protected randomTransforms(batch: number, h: number, w: number): Transform[] {
    const dy = Array.from({ length: batch }, () => this.uniform(this.heightRange[0], this.heightRange[1]) * h);
    const dx = Array.from({ length: batch }, () => this.uniform(this.widthRange[0], this.widthRange[1]) * w);
    // Output (x, y) reads input (x − dx, y − dy).
    return dx.map((x, i) => [1, 0, -x, 0, 1, -dy[i]!, 0, 0] as const);
  }

  override getConfig() {
    return { ...super.getConfig(), heightFactor: this.heightFactor, widthFactor: this.widthFactor };
  }
}
