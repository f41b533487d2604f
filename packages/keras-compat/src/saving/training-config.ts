import * as optimizers from '@tessera/optimizers';
import type { Model } from '../engine/model.js';
import type { Compiled } from '../training/compile.js';
import { isPlainObject, keysToCamel, toSnakeCase } from './case.js';
import { FROM_TFJS_OPTIMIZER_NAMES, TFJS_OPTIMIZER_NAMES } from './tfjs-names.js';
import type { TrainingConfig } from './types.js';

/**
 * A compiled model's training config as tfjs writes it: loss and metric names, and the optimizer's class and
 * config. Undefined when the model is not compiled or something in it is not a name (a custom function).
 */
export function trainingConfigOf(model: Model): TrainingConfig | undefined {
  const c = model.compiled as Compiled | null;
  const opt = c?.optimizer as { className?: unknown; getConfig?: () => Record<string, unknown> } | undefined;
  if (!c || typeof opt?.className !== 'string' || typeof opt.getConfig !== 'function') return undefined;
  const losses = c.outputs.map((o) => toSnakeCase(o.lossName));
  const m = c.args.metrics;
  const metrics = Array.isArray(m) && m.every((x) => typeof x === 'string') ? (m as string[]) : undefined;
  const config: TrainingConfig = {
    loss: losses.length === 1 ? losses[0]! : losses,
    optimizer_config: { class_name: TFJS_OPTIMIZER_NAMES[opt.className] ?? opt.className, config: opt.getConfig() },
  };
  if (metrics) config.metrics = metrics;
  if (c.args.lossWeights !== undefined) config.loss_weights = c.args.lossWeights;
  return config;
}

/** Compiles a loaded model from its training config; a config Tessera cannot apply leaves the model uncompiled, with a warning. */
export function applyTrainingConfig(model: Model, tc: unknown, where: string): void {
  try {
    if (!isPlainObject(tc) || !isPlainObject(tc.optimizer_config)) throw new Error('expected { loss, metrics, optimizer_config: { class_name, config } }');
    const oc = tc.optimizer_config;
    if (typeof oc.class_name !== 'string') throw new Error('optimizer_config.class_name must be a string');
    const className = FROM_TFJS_OPTIMIZER_NAMES[oc.class_name] ?? oc.class_name;
    const config = keysToCamel(oc.config ?? {}, `${where}: trainingConfig.optimizer_config.config`) as Record<string, unknown>;
    const optimizer = optimizers.get({ className, config });
    const loss = tc.loss;
    const names = (x: unknown) => typeof x === 'string' || (Array.isArray(x) && x.every((s) => typeof s === 'string')) || (isPlainObject(x) && Object.values(x).every((s) => typeof s === 'string'));
    if (!names(loss)) throw new Error('loss must be a name, a list of names or a record of names');
    if (tc.metrics !== undefined && tc.metrics !== null && !Array.isArray(tc.metrics) && !isPlainObject(tc.metrics)) throw new Error('metrics must be a list or a record');
    model.compile({
      optimizer: optimizer as never,
      loss: loss as never,
      ...(tc.metrics ? { metrics: tc.metrics as never } : {}),
      ...(tc.loss_weights ? { lossWeights: tc.loss_weights as never } : {}),
    });
    // compile() owns optimizers it creates from names; this one was created here, so the model owns it too.
    (model.compiled as Compiled).ownsOptimizer = true;
  } catch (e) {
    console.warn(`${where}: the model loaded, but its training config could not be applied (${(e as Error).message}); compile it yourself to train.`);
  }
}
