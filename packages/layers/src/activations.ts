import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { invalidArgument } from './errors.js';

/** Keras's activations (Keras 3 definitions where tfjs differs, e.g. hard_sigmoid = relu6(x + 3) / 6). */
export type ActivationFn = (x: Tensor) => Tensor;

const ACTIVATIONS: Record<string, ActivationFn> = {
  linear: (x) => x,
  relu: (x) => tf.relu(x),
  relu6: (x) => tf.relu6(x),
  sigmoid: (x) => tf.sigmoid(x),
  tanh: (x) => tf.tanh(x),
  softmax: (x) => tf.softmax(x, -1),
  log_softmax: (x) => tf.logSoftmax(x, -1),
  softplus: (x) => tf.softplus(x),
  softsign: (x) => x.div(x.abs().add(1)),
  elu: (x) => tf.elu(x),
  selu: (x) => tf.selu(x),
  exponential: (x) => tf.exp(x),
  gelu: (x) => tf.gelu(x, false),
  swish: (x) => x.mul(tf.sigmoid(x)),
  silu: (x) => x.mul(tf.sigmoid(x)),
  mish: (x) => x.mul(tf.tanh(tf.softplus(x))),
  hard_sigmoid: (x) => tf.relu6(x.add(3)).div(6),
  hard_silu: (x) => x.mul(tf.relu6(x.add(3)).div(6)),
  hard_swish: (x) => x.mul(tf.relu6(x.add(3)).div(6)),
  leaky_relu: (x) => tf.leakyRelu(x, 0.2),
};

/** camelCase (tfjs) and snake_case (Keras) names both work: 'hardSigmoid' ≡ 'hard_sigmoid'. */
export function canonicalActivationName(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

export function getActivation(id: string | ActivationFn | null | undefined, argName = 'activation'): { name: string; fn: ActivationFn } {
  if (id === null || id === undefined) return { name: 'linear', fn: ACTIVATIONS.linear! };
  if (typeof id === 'function') return { name: id.name || 'custom', fn: id };
  const name = canonicalActivationName(id);
  const fn = ACTIVATIONS[name];
  if (!fn) throw invalidArgument(argName, `one of ${Object.keys(ACTIVATIONS).join(', ')} or a function`, id);
  return { name, fn };
}

export function activationNames(): string[] {
  return Object.keys(ACTIVATIONS);
}
