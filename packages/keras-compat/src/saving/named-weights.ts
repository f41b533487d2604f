import type { Variable } from '@tessera/core';
import { Layer } from '@tessera/layers';
import type { Model } from '../engine/model.js';
import { isGraphModel, isModelLayer } from './model-kind.js';
import { savedWeightName } from './tfjs-names.js';

/** A weight with the stable, readable name it is saved under. */
export interface NamedWeight {
  name: string;
  variable: Variable;
}

/**
 * Every weight of a model with its saved name. Layers of functional and Sequential models use their weight paths
 * (`dense/kernel`, `lstm/lstm_cell/kernel`), as tfjs and Keras do. A subclassed model's layers are named by the
 * property holding them (`d1/kernel`, `blocks/0/kernel`): auto-generated layer names change between instances,
 * property names don't, so the weights load into a new instance of the same class.
 */
export function namedWeights(model: Model): NamedWeight[] {
  const out: NamedWeight[] = [];
  const seen = new Set<Variable>();
  const add = (name: string, variable: Variable) => {
    if (seen.has(variable)) return;
    seen.add(variable);
    out.push({ name, variable });
  };
  walkModel(model, '', add);
  // The model's own weights (addWeight on the model itself), and anything the walk could not reach.
  for (const w of model.weightEntries) add(ownName(model, w.name), w.variable);
  const byName = new Map<string, number>();
  for (const w of out) byName.set(w.name, (byName.get(w.name) ?? 0) + 1);
  const dup = [...byName].find(([, n]) => n > 1);
  if (dup) {
    throw new Error(`Cannot save model "${model.name}": ${dup[1]} weights would be saved under the same name '${dup[0]}'. Give the layers unique names.`);
  }
  return out;
}

type Add = (name: string, variable: Variable) => void;

function ownName(layer: Layer, path: string): string {
  return path.startsWith(`${layer.name}/`) ? path.slice(layer.name.length + 1) : path;
}

function walkModel(model: Model, prefix: string, add: Add): void {
  if (isGraphModel(model)) {
    for (const l of model.layers) walkLayer(l, prefix, prefix + l.name, add);
    return;
  }
  for (const [key, value] of Object.entries(model)) {
    if (value instanceof Layer && value !== model) walkLayer(value, prefix, `${prefix}${key}`, add);
    else if (Array.isArray(value)) {
      value.forEach((v, i) => {
        if (v instanceof Layer && v !== model) walkLayer(v, prefix, `${prefix}${key}/${i}`, add);
      });
    }
  }
}

/** `path` is the name the layer's weights go under: the layer's own name in a graph, its property path otherwise. */
function walkLayer(layer: Layer, prefix: string, path: string, add: Add): void {
  if (isModelLayer(layer)) {
    walkModel(layer, isGraphModel(layer) ? prefix : `${path}/`, add);
    return;
  }
  for (const w of layer.weightEntries) add(`${path}/${savedWeightName(layer.className, ownName(layer, w.name))}`, w.variable);
}
