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
