import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { Metric } from './metric.js';

/** Counts of true/false positives/negatives per threshold, accumulated on the device. */
class ConfusionCounts {
  tp: Tensor | null = null;
  fp: Tensor | null = null;
  tn: Tensor | null = null;
  fn: Tensor | null = null;

  constructor(readonly thresholds: number[]) {}

  update(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void {
    const next = tf.tidy(() => {
      const y = tf.cast(yTrue, 'float32').reshape([-1, 1]);
      const p = tf.cast(yPred, 'float32').reshape([-1, 1]);
      const w = sampleWeight ? tf.cast(sampleWeight, 'float32').reshape([-1, 1]).broadcastTo([p.shape[0]!, 1]) : tf.onesLike(p);
      // Per-sample weight spread over the prediction's elements when predictions have several columns.
      const wFull = w.size === p.size ? w : tf.ones(p.shape);
      const above = tf.cast(tf.greater(p, tf.tensor([...this.thresholds]).reshape([1, -1])), 'float32');
      const below = tf.sub(1, above);
      const pos = y.mul(wFull);
      const neg = tf.sub(1, y).mul(wFull);
      const add = (old: Tensor | null, v: Tensor) => tf.keep(old ? old.add(v) : v);
      return [add(this.tp, above.mul(pos).sum(0)), add(this.fp, above.mul(neg).sum(0)), add(this.tn, below.mul(neg).sum(0)), add(this.fn, below.mul(pos).sum(0))];
    });
    this.reset();
    [this.tp, this.fp, this.tn, this.fn] = next as [Tensor, Tensor, Tensor, Tensor];
  }

  reset(): void {
    for (const t of [this.tp, this.fp, this.tn, this.fn]) t?.dispose();
    this.tp = this.fp = this.tn = this.fn = null;
  }

  zeros(): Tensor {
    return tf.zeros([this.thresholds.length]);
  }
}

export class Precision extends Metric {
  private readonly counts: ConfusionCounts;
  constructor(args: { thresholds?: number; name?: string } = {}) {
    super(args.name ?? 'precision');
    this.counts = new ConfusionCounts([args.thresholds ?? 0.5]);
  }
  updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void {
    this.counts.update(yTrue, yPred, sampleWeight);
  }
  result(): Tensor {
    const { tp, fp } = this.counts;
    if (!tp || !fp) return tf.scalar(0);
    return tf.tidy(() => tf.divNoNan(tp, tp.add(fp)).reshape([]));
  }
  resetState(): void {
    this.counts.reset();
  }
}

export class Recall extends Metric {
  private readonly counts: ConfusionCounts;
  constructor(args: { thresholds?: number; name?: string } = {}) {
    super(args.name ?? 'recall');
    this.counts = new ConfusionCounts([args.thresholds ?? 0.5]);
  }
  updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void {
    this.counts.update(yTrue, yPred, sampleWeight);
  }
  result(): Tensor {
    const { tp, fn } = this.counts;
    if (!tp || !fn) return tf.scalar(0);
    return tf.tidy(() => tf.divNoNan(tp, tp.add(fn)).reshape([]));
  }
  resetState(): void {
    this.counts.reset();
  }
}

/** Area under the ROC (or PR) curve from `numThresholds` thresholds, trapezoidal as Keras's 'interpolation'. */
export class AUC extends Metric {
  private readonly counts: ConfusionCounts;
  readonly curve: 'ROC' | 'PR';
  constructor(args: { numThresholds?: number; curve?: 'ROC' | 'PR'; name?: string } = {}) {
    super(args.name ?? 'auc');
    const n = args.numThresholds ?? 200;
    if (!Number.isInteger(n) || n < 2) {
      throw new Error(`Invalid value for argument \`num_thresholds\`. Expected an integer > 1. Received: num_thresholds=${n}`);
    }
    const eps = 1e-7;
    const inner = Array.from({ length: n - 2 }, (_, i) => (i + 1) / (n - 1));
    this.counts = new ConfusionCounts([0 - eps, ...inner, 1 + eps]);
    this.curve = args.curve ?? 'ROC';
  }
  updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void {
    this.counts.update(yTrue, yPred, sampleWeight);
  }
  result(): Tensor {
    const { tp, fp, tn, fn } = this.counts;
    if (!tp || !fp || !tn || !fn) return tf.scalar(0);
    return tf.tidy(() => {
      const recall = tf.divNoNan(tp, tp.add(fn));
      const x = this.curve === 'ROC' ? tf.divNoNan(fp, fp.add(tn)) : recall;
      const y = this.curve === 'ROC' ? recall : tf.divNoNan(tp, tp.add(fp));
      const T = x.shape[0]!;
      const dx = x.slice([0], [T - 1]).sub(x.slice([1], [T - 1]));
      const avg = y.slice([0], [T - 1]).add(y.slice([1], [T - 1])).div(2);
      return dx.mul(avg).sum();
    });
  }
  resetState(): void {
    this.counts.reset();
  }
}
