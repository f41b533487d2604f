import { Adadelta } from './adadelta.js';
import { Adagrad } from './adagrad.js';
import { Adam, AdamW } from './adam.js';
import { Adamax } from './adamax.js';
import { Ftrl } from './ftrl.js';
import { Nadam } from './nadam.js';
import type { Optimizer } from './optimizer.js';
import { Optimizer as OptimizerClass } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { scheduleFromConfig } from './schedules.js';
import { SGD } from './sgd.js';
import { describeValue } from './validate.js';

type Ctor = new (options?: Record<string, unknown>) => Optimizer;

/** Keras's names: lower-case aliases and class names. Each gets Keras's default learning rate. */
const OPTIMIZERS: Record<string, Ctor> = {
  sgd: SGD, SGD,
  rmsprop: RMSprop, RMSprop,
  adam: Adam, Adam,
  adamw: AdamW, AdamW,
  adamax: Adamax, Adamax,
  nadam: Nadam, Nadam,
  adagrad: Adagrad, Adagrad,
  adadelta: Adadelta, Adadelta,
  ftrl: Ftrl, Ftrl,
} as unknown as Record<string, Ctor>;

export function optimizerNames(): string[] {
  return Object.keys(OPTIMIZERS);
}

/**
 * Keras's `optimizers.get`: a name ('adam', 'Adam', 'rmsprop' ...) gives a new optimizer with Keras's defaults
 * (so 'adagrad' and 'adadelta' learn at 0.001 and 'adamax' at 0.001, where tfjs's strings use 0.01, 1 and 0.002);
 * `{ className, config }` (getConfig's output) rebuilds one; an Optimizer is returned as is.
 */
export function get(identifier: string | Optimizer | { className: string; config?: Record<string, unknown> }): Optimizer {
  if (identifier instanceof OptimizerClass) return identifier;
  if (typeof identifier === 'string') {
    const C = Object.hasOwn(OPTIMIZERS, identifier) ? OPTIMIZERS[identifier] : undefined;
    if (!C) throw new Error(`optimizers.get: unknown optimizer '${identifier}'. Valid names: ${optimizerNames().join(', ')}.`);
    return new C();
  }
  if (identifier && typeof identifier === 'object' && typeof identifier.className === 'string') {
    const C = Object.hasOwn(OPTIMIZERS, identifier.className) ? OPTIMIZERS[identifier.className] : undefined;
    if (!C) throw new Error(`optimizers.get: unknown optimizer class '${identifier.className}'. Valid names: ${optimizerNames().join(', ')}.`);
    const config = { ...(identifier.config ?? {}) };
    const lr = config.learningRate;
    if (lr && typeof lr === 'object' && typeof (lr as { className?: unknown }).className === 'string') {
      config.learningRate = scheduleFromConfig(lr as { className: string; config: Record<string, unknown> });
    }
    return new C(config);
  }
  throw new TypeError(`optimizers.get: could not interpret optimizer identifier. Expected a name, { className, config } or an Optimizer. Received: ${describeValue(identifier)}`);
}
