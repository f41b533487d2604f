import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { Merge, broadcastMask, formatShapes, mergeWithMasks } from './merge.js';
import type { LayerShape } from '../shape.js';

/** Sum of the inputs. */
export class Add extends Merge {
  static override className = 'Add';
  protected mergeFunction(inputs: Tensor[]): Tensor {
    return inputs.reduce((a, b) => tf.add(a, b));
  }
}

/** inputs[0] − inputs[1]; exactly two inputs. */
export class Subtract extends Merge {
  static override className = 'Subtract';
  protected override assertInputCompatibility(shapes: LayerShape[]): void {
    if (shapes.length !== 2) throw new Error(`A \`Subtract\` layer should be called on exactly 2 inputs. Received: input_shape=${formatShapes(shapes)}`);
    super.assertInputCompatibility(shapes);
  }
  protected mergeFunction(inputs: Tensor[]): Tensor {
    return tf.sub(inputs[0]!, inputs[1]!);
  }
}

/**
 * Product of the inputs. Masked entries count as 1 (so they do not zero the product); when every input has a mask,
 * entries masked in all of them are 0, as Keras.
 */
export class Multiply extends Merge {
  static override className = 'Multiply';
  protected mergeFunction(inputs: Tensor[], masks: (Tensor | null)[] | null): Tensor {
    if (!masks) return inputs.reduce((a, b) => tf.mul(a, b));
    const all = masks.every((m) => m);
    let output: Tensor | null = null;
    let outputMask: Tensor | null = null;
    for (let i = 0; i < inputs.length; i++) {
      let x = inputs[i]!;
      const m = masks[i];
      if (m) {
        const mask = broadcastMask(m, x);
        x = tf.where(mask, x, tf.onesLike(x));
        if (all) outputMask = outputMask ? tf.logicalOr(outputMask, mask) : mask;
      }
      output = output ? tf.mul(output, x) : x;
    }
    return outputMask ? tf.where(outputMask, output!, tf.zerosLike(output!)) : output!;
  }
}

/** Mean of the inputs. */
export class Average extends Merge {
  static override className = 'Average';
  protected mergeFunction(inputs: Tensor[]): Tensor {
    return tf.div(inputs.reduce((a, b) => tf.add(a, b)), inputs.length);
  }
}

/** Elementwise maximum; a masked entry never wins over an unmasked one. */
export class Maximum extends Merge {
  static override className = 'Maximum';
  protected mergeFunction(inputs: Tensor[], masks: (Tensor | null)[] | null): Tensor {
    return mergeWithMasks(tf.maximum, inputs, masks);
  }
}

/** Elementwise minimum; a masked entry never wins over an unmasked one. */
export class Minimum extends Merge {
  static override className = 'Minimum';
  protected mergeFunction(inputs: Tensor[], masks: (Tensor | null)[] | null): Tensor {
    return mergeWithMasks(tf.minimum, inputs, masks);
  }
}
