import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import type { CallArgs } from '../engine/layer.js';
import { BaseGlobalPooling } from './base-global-pooling.js';
import type { GlobalPoolingArgs } from './base-global-pooling.js';

/** Max over the steps of [batch, steps, channels] → [batch, channels]. */
export class GlobalMaxPooling1D extends BaseGlobalPooling {
  static override className = 'GlobalMaxPooling1D';
  protected readonly mode = 'max';
  constructor(args: GlobalPoolingArgs = {}) {
    super(1, args);
  }
}

/** Max over rows and cols → [batch, channels]. */
export class GlobalMaxPooling2D extends BaseGlobalPooling {
  static override className = 'GlobalMaxPooling2D';
  protected readonly mode = 'max';
  constructor(args: GlobalPoolingArgs = {}) {
    super(2, args);
  }
}

/**
 * Mean over the steps → [batch, channels]. With a mask ([batch, steps], e.g. from Embedding's maskZero) only the
 * unmasked steps count, as Keras: sum(x · mask) / sum(mask). The mask stops here.
 */
export class GlobalAveragePooling1D extends BaseGlobalPooling {
  static override className = 'GlobalAveragePooling1D';
  protected readonly mode = 'avg';
  constructor(args: GlobalPoolingArgs = {}) {
    super(1, args);
    this.supportsMasking = true;
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallArgs): Tensor {
    const m = Array.isArray(kwargs.mask) ? kwargs.mask[0] : kwargs.mask;
    if (!m) return super.call(inputs, kwargs);
    let x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (!tf.isFloat(x.dtype)) x = tf.cast(x, this.dtype);
    const stepsAxis = this.dataFormat === 'channels_last' ? 1 : 2;
    const mask = tf.expandDims(tf.cast(m, x.dtype), this.dataFormat === 'channels_last' ? 2 : 1);
    return tf.div(tf.sum(tf.mul(x, mask), stepsAxis, this.keepdims), tf.sum(mask, stepsAxis, this.keepdims));
  }

  override computeMask(): null {
    return null;
  }
}

/** Mean over rows and cols → [batch, channels]. */
export class GlobalAveragePooling2D extends BaseGlobalPooling {
  static override className = 'GlobalAveragePooling2D';
  protected readonly mode = 'avg';
  constructor(args: GlobalPoolingArgs = {}) {
    super(2, args);
  }
}
