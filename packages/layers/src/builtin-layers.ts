import type { LayerClass } from './registry.js';
import { InputLayer } from './core/input.js';
import { Dense } from './core/dense.js';
import { Activation } from './core/activation.js';
import { Dropout } from './core/dropout.js';
import { Flatten } from './core/flatten.js';

/** Every built-in layer class by its className. Each new layer adds one line here. */
export function builtinLayerClasses(): Record<string, LayerClass> {
  const classes: LayerClass[] = [InputLayer, Dense, Activation, Dropout, Flatten] as unknown as LayerClass[];
  return Object.fromEntries(classes.map((c) => [c.className, c]));
}
