import { BasePooling } from './base-pooling.js';
import type { Pooling1DArgs, Pooling2DArgs } from './base-pooling.js';

/** Max over windows of the steps of [batch, steps, channels] (Keras's MaxPooling1D; poolSize 2). */
export class MaxPooling1D extends BasePooling {
  static override className = 'MaxPooling1D';
  protected readonly mode = 'max';
  constructor(args: Pooling1DArgs = {}) {
    super(1, args);
  }
}

/** Max over windows of rows × cols (Keras's MaxPooling2D; poolSize [2, 2]). */
export class MaxPooling2D extends BasePooling {
  static override className = 'MaxPooling2D';
  protected readonly mode = 'max';
  constructor(args: Pooling2DArgs = {}) {
    super(2, args);
  }
}
