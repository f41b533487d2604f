import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import type { ActivationFn } from '@tessera/layers';
import { isPlainObject } from './case.js';

/**
 * Where Tessera's names and tfjs's differ. Saving writes tfjs's names (so `tf.loadLayersModel` reads the file);
 * loading accepts both.
 */

/** Class names inside configs (initializers, regularizers), Tessera → tfjs. */
const TO_TFJS_CLASS: Record<string, (config: Record<string, unknown>) => { class_name: string; config: Record<string, unknown> }> = {
  LecunNormal: (c) => ({ class_name: 'LeCunNormal', config: c }),
  LecunUniform: (c) => ({ class_name: 'LeCunUniform', config: c }),
  // tfjs registers only L1L2 (its l1()/l2() helpers write L1L2 too).
  L1: (c) => ({ class_name: 'L1L2', config: { l1: c.l1 ?? 0, l2: 0 } }),
  L2: (c) => ({ class_name: 'L1L2', config: { l1: 0, l2: c.l2 ?? 0 } }),
};

const FROM_TFJS_CLASS: Record<string, string> = { LeCunNormal: 'LecunNormal', LeCunUniform: 'LecunUniform' };

/**
 * 'hard_sigmoid' means different functions: clip(0.2·x + 0.5, 0, 1) in tfjs and Keras 2, which wrote this format,
 * and relu6(x + 3) / 6 in Keras 3 and Tessera. In files it keeps the format's (tfjs's) meaning, so tfjs computes
 * what was saved: a tfjs hard sigmoid loads as this function, and Tessera's own is written as
 * 'keras3_hard_sigmoid' (which tfjs refuses as unknown rather than silently computing something else).
 */
export const tfjsHardSigmoid: ActivationFn = Object.defineProperty(
  (x: Tensor) => tf.clipByValue(tf.add(tf.mul(x, 0.2), 0.5), 0, 1),
  'name',
  { value: 'tfjs_hard_sigmoid' },
);
const KERAS3_HARD_SIGMOID = 'keras3_hard_sigmoid';
const ACTIVATION_KEYS = new Set(['activation', 'recurrent_activation', 'recurrentActivation']);

function activationToTfjs(name: unknown): unknown {
  if (name === 'hard_sigmoid') return KERAS3_HARD_SIGMOID;
  if (name === tfjsHardSigmoid.name) return 'hard_sigmoid';
  return name;
}

function activationFromTfjs(name: unknown): unknown {
  if (name === 'hard_sigmoid' || name === 'hardSigmoid' || name === tfjsHardSigmoid.name) return tfjsHardSigmoid;
  if (name === KERAS3_HARD_SIGMOID) return 'hard_sigmoid';
  return name;
}

/** Rewrites a snake_case config to tfjs's names: nested `{ class_name, config }` objects and activations. */
export function toTfjsNames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toTfjsNames);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = ACTIVATION_KEYS.has(k) ? activationToTfjs(v) : toTfjsNames(v);
  const map = typeof out.class_name === 'string' ? TO_TFJS_CLASS[out.class_name] : undefined;
  if (map && isPlainObject(out.config)) return { ...out, ...map(out.config) };
  return out;
}

/** Rewrites a camelCase config read from a file to Tessera's names (the inverse of toTfjsNames). */
export function fromTfjsNames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromTfjsNames);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = ACTIVATION_KEYS.has(k) ? activationFromTfjs(v) : fromTfjsNames(v);
  if (typeof out.className === 'string' && Object.hasOwn(FROM_TFJS_CLASS, out.className)) out.className = FROM_TFJS_CLASS[out.className];
  return out;
}

/** Weight names tfjs gives differently, per layer class: Tessera's last path segment → tfjs's. */
const TFJS_WEIGHT_NAMES: Record<string, Record<string, string>> = {
  DepthwiseConv2D: { kernel: 'depthwise_kernel' },
};

/** The name a layer's weight is saved under: its path, with tfjs's last segment where tfjs differs. */
export function savedWeightName(layerClass: string, path: string): string {
  const map = TFJS_WEIGHT_NAMES[layerClass];
  if (!map) return path;
  const i = path.lastIndexOf('/');
  const last = path.slice(i + 1);
  return Object.hasOwn(map, last) ? `${path.slice(0, i + 1)}${map[last]}` : path;
}

/** Optimizer class names, Tessera ↔ tfjs. */
export const TFJS_OPTIMIZER_NAMES: Record<string, string> = { RMSprop: 'RMSProp' };
export const FROM_TFJS_OPTIMIZER_NAMES: Record<string, string> = { RMSProp: 'RMSprop' };
