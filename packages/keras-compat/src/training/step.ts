import * as tf from '@tessera/core';
import type { Tensor, Variable } from '@tessera/core';
import { variableGrads } from '@tessera/autograd';
import type { Model } from '../engine/model.js';
import { Mean } from '../metrics/metric.js';
import type { Metric } from '../metrics/metric.js';
import type { Compiled } from './compile.js';
import type { Logs } from '../callbacks/callback.js';

/** Running loss and metrics of one fit/evaluate pass; results are read from the device only in `read()`. */
export class Trackers {
  readonly loss = new Mean('loss');
  readonly outputLosses: Mean[];
  constructor(readonly compiled: Compiled) {
    this.outputLosses = compiled.outputs.length > 1 ? compiled.outputs.map((o) => new Mean(`${o.name}_loss`)) : [];
  }

  private named(): Array<[string, Metric]> {
    const multi = this.compiled.outputs.length > 1;
    const out: Array<[string, Metric]> = [['loss', this.loss]];
    this.outputLosses.forEach((m) => out.push([m.name, m]));
    for (const o of this.compiled.outputs) for (const m of o.metrics) out.push([multi ? `${o.name}_${m.name}` : m.name, m]);
    return out;
  }

  reset(): void {
    for (const [, m] of this.named()) m.resetState();
  }

  async read(prefix = ''): Promise<Logs> {
    const logs: Logs = {};
    for (const [name, m] of this.named()) {
      const r = m.result();
      logs[prefix + name] = (await r.data())[0]!;
      r.dispose();
    }
    return logs;
  }

  /** Updates metrics from one batch's predictions (no reads). */
  update(ys: Tensor[], preds: Tensor[], sampleWeight: Tensor | null, batchLoss: Tensor, outputLosses: Tensor[], batchSize: number): void {
    tf.tidy(() => {
      this.loss.addValues(batchLoss.reshape([1]), tf.tensor([batchSize]));
      this.outputLosses.forEach((m, i) => m.addValues(outputLosses[i]!.reshape([1]), tf.tensor([batchSize])));
      this.compiled.outputs.forEach((o, i) => {
        for (const m of o.metrics) m.updateState(ys[i]!, preds[i]!, sampleWeight);
      });
    });
  }
}

/** The compiled loss of one batch: weighted per-output losses plus regularization penalties. */
function totalLoss(model: Model, compiled: Compiled, ys: Tensor[], preds: Tensor[], sampleWeight: Tensor | null): { total: Tensor; perOutput: Tensor[] } {
  if (preds.length !== compiled.outputs.length) {
    throw new Error(`The model returned ${preds.length} outputs, but compile() configured ${compiled.outputs.length} losses.`);
  }
  const perOutput = compiled.outputs.map((o, i) => o.loss.apply(ys[i]!, preds[i]!, sampleWeight));
  let total = perOutput.reduce((acc, l, i) => acc.add(l.mul(compiled.outputs[i]!.weight)), tf.scalar(0) as Tensor);
  for (const r of model.losses) total = total.add(r);
  return { total, perOutput };
}

function asList(out: Tensor | Tensor[]): Tensor[] {
  return Array.isArray(out) ? out : [out];
}

/**
 * One optimizer step: forward in training mode, loss, gradients of the trainable weights, update, constraints,
 * metric updates. Nothing is read from the device.
 */
export function trainStep(model: Model, xs: Tensor[], ys: Tensor[], sampleWeight: Tensor | null, trackers: Trackers): void {
  const compiled = model.compiled as Compiled;
  // A subclassed model creates its weights on its first call: build it before asking for them.
  if (!model.built) tf.tidy(() => void model.apply(xs.length === 1 ? xs[0]! : xs, { training: false }));
  const vars = model.trainableWeights;
  tf.tidy(() => {
    let preds: Tensor[] = [];
    let perOutput: Tensor[] = [];
    const { value, grads } = variableGrads(() => {
      const out = asList(model.apply(xs.length === 1 ? xs[0]! : xs, { training: true }) as Tensor | Tensor[]);
      preds = out.map((p) => tf.keep(p));
      const l = totalLoss(model, compiled, ys, out, sampleWeight);
      perOutput = l.perOutput.map((p) => tf.keep(p));
      return l.total;
    }, vars);
    const pairs: Array<[Tensor, Variable]> = vars.filter((v) => grads[v.name]).map((v) => [grads[v.name]!, v]);
    compiled.optimizer.applyGradients(pairs);
    model.applyConstraints();
    trackers.update(ys, preds, sampleWeight, value, perOutput, xs[0]!.shape[0] ?? 1);
    preds.forEach((p) => p.dispose());
    perOutput.forEach((p) => p.dispose());
  });
}

/** Forward in inference mode and metric updates (evaluate and validation). */
export function testStep(model: Model, xs: Tensor[], ys: Tensor[], sampleWeight: Tensor | null, trackers: Trackers): void {
  const compiled = model.compiled as Compiled;
  tf.tidy(() => {
    const preds = asList(model.apply(xs.length === 1 ? xs[0]! : xs, { training: false }) as Tensor | Tensor[]);
    const { total, perOutput } = totalLoss(model, compiled, ys, preds, sampleWeight);
    trackers.update(ys, preds, sampleWeight, total, perOutput, xs[0]!.shape[0] ?? 1);
  });
}
