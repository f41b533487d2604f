import { BaseAffineImageLayer, parseFactor } from './base-image-layer.js';
import type { AffineImageLayerArgs } from './base-image-layer.js';
import type { Transform } from './affine-transform.js';

export interface RandomZoomArgs extends AffineImageLayerArgs {
  /** Vertical zoom: x → [-x, x]; [lo, hi]. Positive zooms out (the image shrinks), negative zooms in. */
  heightFactor: number | [number, number];
  /** Horizontal zoom; null (default) keeps the aspect ratio (the height's zoom is used). */
  widthFactor?: number | [number, number] | null;
}

const MESSAGE = 'The `height_factor` and `width_factor` arguments should be a number (or a list of two numbers) in the range [-1.0, 1.0]. ';

/** Zooms each image about its centre by a random factor 1 + u per axis. */
export class RandomZoom extends BaseAffineImageLayer {
  static override className = 'RandomZoom';
  readonly heightFactor: number | [number, number];
  readonly widthFactor: number | [number, number] | null;
  private readonly heightRange: [number, number];
  private readonly widthRange: [number, number] | null;

  constructor(args: RandomZoomArgs) {
    super(args);
    this.heightRange = parseFactor((args as Partial<RandomZoomArgs>).heightFactor, 'height_factor', MESSAGE);
    this.widthRange = args.widthFactor === undefined || args.widthFactor === null ? null : parseFactor(args.widthFactor, 'width_factor', MESSAGE);
    this.heightFactor = Array.isArray(args.heightFactor) ? [args.heightFactor[0], args.heightFactor[1]] : args.heightFactor;
    this.widthFactor = Array.isArray(args.widthFactor) ? [args.widthFactor[0], args.widthFactor[1]] : (args.widthFactor ?? null);
  }

  protected randomTransforms(batch: number, h: number, w: number): Transform[] {
    const zy = Array.from({ length: batch }, () => 1 + this.uniform(this.heightRange[0], this.heightRange[1]));
    const zx = this.widthRange ? Array.from({ length: batch }, () => 1 + this.uniform(this.widthRange![0], this.widthRange![1])) : zy;
    // Output (x, y) reads input (zx·x + (w−1)/2·(1−zx), zy·y + (h−1)/2·(1−zy)): a zoom about the centre.
    return zy.map((y, i) => [zx[i]!, 0, ((w - 1) / 2) * (1 - zx[i]!), 0, y, ((h - 1) / 2) * (1 - y), 0, 0] as const);
  }

  override getConfig() {
    return { ...super.getConfig(), heightFactor: this.heightFactor, widthFactor: this.widthFactor };
  }
}
