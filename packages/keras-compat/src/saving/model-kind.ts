import { Layer } from '@tessera/layers';
import type { Model } from '../engine/model.js';

// Duck-typed on purpose: engine/model.ts imports the saving code, so importing Model here would close a cycle.

/** Whether a layer is a Model (functional, Sequential or subclassed). */
export function isModelLayer(layer: unknown): layer is Model {
  return layer instanceof Layer && 'isFunctional' in layer && 'outputNames' in layer;
}

export function isSequentialModel(layer: unknown): layer is Model & { add(l: Layer): void; pop(): void } {
  return isModelLayer(layer) && typeof (layer as { add?: unknown }).add === 'function' && typeof (layer as { pop?: unknown }).pop === 'function';
}

/** A model whose structure is data: functional or Sequential. The rest are subclassed (structure in code). */
export function isGraphModel(model: Model): boolean {
  return model.isFunctional || isSequentialModel(model);
}

/** The class name a config-less (subclassed or weights-only) topology records. */
export function modelClassName(model: Model): string {
  const ctor = model.constructor as { className?: string; name?: string };
  return Object.hasOwn(ctor, 'className') && ctor.className ? ctor.className : ctor.name || 'Model';
}

/**
 * A Sequential whose first layer is a model learns its input shape only on its first call, so the layers after
 * it have no weights yet. Builds it from the inner model's input, so saving and loading see every weight.
 */
export function buildNestedSequential(model: Model): void {
  const first = model.layers[0];
  if (!isSequentialModel(model) || model.isFunctional || !isModelLayer(first)) return;
  const shape = first.inputs[0]?.shape;
  if (first.inputs.length === 1 && shape) model.build([...shape]);
}
