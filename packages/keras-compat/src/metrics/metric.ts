import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';

/**
 * A stateful Keras metric: `updateState` accumulates on the device (no reads), `result` gives a scalar tensor,
 * `resetState` starts over. Training reads results asynchronously once per logged step.
 */
export abstract class Metric {
  constructor(readonly name: string) {}
  abstract updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void;
  abstract result(): Tensor;
  abstract resetState(): void;
  dispose(): void {
    this.resetState();
  }
}

/** Running weighted mean of per-sample values (the state of every loss-like and accuracy metric). */
export class Mean extends Metric {
  protected total: Tensor | null = null;
  protected count: Tensor | null = null;

  /** Adds per-sample `values` (any shape: averaged over all but the first axis first). */
  addValues(values: Tensor, sampleWeight?: Tensor | null): void {
    const [t, c] = tf.tidy(() => {
      let v = values.rank > 1 ? tf.mean(values, values.shape.slice(1).map((_, i) => i + 1)) : values;
      v = tf.cast(v, 'float32');
      let n: Tensor = tf.scalar(v.size || 0);
      if (sampleWeight) {
        const w = tf.cast(sampleWeight.rank > 1 ? sampleWeight.reshape([sampleWeight.shape[0]!]) : sampleWeight, 'float32');
        v = v.mul(w);
        n = w.sum();
      }
      const total = this.total ? this.total.add(v.sum()) : v.sum();
      const count = this.count ? this.count.add(n) : n;
      return [tf.keep(total), tf.keep(count)];
    });
    this.total?.dispose();
    this.count?.dispose();
    this.total = t;
    this.count = c;
  }

  updateState(_yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void {
    this.addValues(yPred, sampleWeight);
  }

  result(): Tensor {
    if (!this.total || !this.count) return tf.scalar(0);
    return tf.divNoNan(this.total, this.count);
  }

  resetState(): void {
    this.total?.dispose();
    this.count?.dispose();
    this.total = null;
    this.count = null;
  }
}

/** A Mean over a per-sample function of (yTrue, yPred) — accuracy, mse, mae, a loss... */
export class MeanMetricWrapper extends Mean {
  constructor(
    name: string,
    readonly fn: (yTrue: Tensor, yPred: Tensor) => Tensor,
  ) {
    super(name);
  }
  override updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void {
    const values = tf.tidy(() => this.fn(yTrue, yPred));
    this.addValues(values, sampleWeight);
    values.dispose();
  }
}
