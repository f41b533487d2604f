import type { Tensor, Variable } from '@tessera/core';
import type { Model } from '../engine/model.js';

/** What the training loop needs from an optimizer (@tessera/optimizers' classes satisfy it). */
export interface OptimizerLike {
  applyGradients(gradsAndVars: Array<[Tensor, Variable]>): void;
  learningRate: unknown;
  getConfig?(): Record<string, unknown>;
  getWeights?(): Promise<Array<{ name: string; tensor: Tensor }>> | Array<{ name: string; tensor: Tensor }>;
  setWeights?(weights: Array<{ name: string; tensor: Tensor }>): void | Promise<void>;
  dispose?(): void;
}

function optimizerOf(model: Model): OptimizerLike {
  const c = model.compiled as { optimizer?: OptimizerLike } | null;
  if (!c?.optimizer) throw new Error(`Model "${model.name}" has no optimizer: call compile() first.`);
  return c.optimizer;
}

/** The current learning rate (a schedule is evaluated at the optimizer's current step). */
export function getLearningRate(model: Model): number {
  const opt = optimizerOf(model) as OptimizerLike & { iterations?: number; currentLearningRate?: () => number };
  if (typeof opt.currentLearningRate === 'function') return opt.currentLearningRate();
  const lr = opt.learningRate;
  if (typeof lr === 'number') return lr;
  if (typeof lr === 'function') return (lr as (step: number) => number)(opt.iterations ?? 0);
  throw new Error(`The optimizer's learningRate is not a number or a schedule (received ${typeof lr}).`);
}

export function setLearningRate(model: Model, lr: number): void {
  optimizerOf(model).learningRate = lr;
}
