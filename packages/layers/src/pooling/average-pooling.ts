import { BasePooling } from './base-pooling.js';
import type { Pooling1DArgs, Pooling2DArgs } from './base-pooling.js';

/** Mean over windows of the steps of [batch, steps, channels] (Keras's AveragePooling1D; poolSize 2). */
export class AveragePooling1D extends BasePooling {
  static override className = 'AveragePooling1D';
  protected readonly mode = 'avg';
  constructor(args: Pooling1DArgs = {}) {
    super(1, args);
  }
}

/** Mean over windows of rows × cols (Keras's AveragePooling2D; poolSize [2, 2]). */
export class AveragePooling2D extends BasePooling {
  static override className = 'AveragePooling2D';
  protected readonly mode = 'avg';
  constructor(args: Pooling2DArgs = {}) {
    super(2, args);
  }
}
