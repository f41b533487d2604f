import { BaseAffineImageLayer, parseFactor } from './base-image-layer.js';
import type { AffineImageLayerArgs } from './base-image-layer.js';
import type { Transform } from './affine-transform.js';

export interface RandomRotationArgs extends AffineImageLayerArgs {
  /** Fraction of 2π: x → angles in [-x·2π, x·2π]; [lo, hi] → [lo·2π, hi·2π]. Positive is counter-clockwise. */
  factor: number | [number, number];
}

/** Rotates each image about its centre by a random angle; pixels from outside are filled per `fillMode`. */
export class RandomRotation extends BaseAffineImageLayer {
  static override className = 'RandomRotation';
  readonly factor: number | [number, number];
  private readonly range: [number, number];

  constructor(args: RandomRotationArgs) {
    super(args);
    this.range = parseFactor(
      (args as Partial<RandomRotationArgs>).factor,
      'factor',
      'The `factor` argument should be a number (or a list of two numbers) in the range [-1, 1]. ',
    );
    this.factor = Array.isArray(args.factor) ? [args.factor[0], args.factor[1]] : args.factor;
  }

  protected randomTransforms(batch: number, h: number, w: number): Transform[] {
    return Array.from({ length: batch }, () => {
      const angle = this.uniform(this.range[0], this.range[1]) * 2 * Math.PI;
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      // The rotation about the image centre, as Keras: output (x, y) reads input (c·x − s·y + dx, s·x + c·y + dy).
      const dx = (w - 1 - (c * (w - 1) - s * (h - 1))) / 2;
      const dy = (h - 1 - (s * (w - 1) + c * (h - 1))) / 2;
      return [c, -s, dx, s, c, dy, 0, 0] as const;
    });
  }

  override getConfig() {
    return { ...super.getConfig(), factor: this.factor };
  }
}
