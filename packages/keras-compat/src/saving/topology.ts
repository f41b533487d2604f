import { InputLayer, isSymbolic } from '@tessera/layers';
import type { Layer, LayerNode, SymbolicTensor } from '@tessera/layers';
import type { Model } from '../engine/model.js';
import { isPlainObject, keysToSnake } from './case.js';
import { isGraphModel, isModelLayer, isSequentialModel, modelClassName } from './model-kind.js';
import { toTfjsNames } from './tfjs-names.js';
import { KERAS_VERSION, BACKEND } from './version.js';

type Json = Record<string, unknown>;

/**
 * The `modelTopology` of model.json, as tfjs writes it: `{ class_name, config, keras_version, backend }`, layer
 * configs in snake_case, functional models with `inbound_nodes` / `input_layers` / `output_layers`.
 * A subclassed model's structure is code: its topology names the class and has `config: null`.
 */
export function modelTopology(model: Model): Json {
  const spec = isGraphModel(model) ? modelSpec(model) : { class_name: modelClassName(model), config: null };
  return { ...spec, keras_version: KERAS_VERSION, backend: BACKEND };
}

/** `{ class_name, config }` of a functional or Sequential model. */
function modelSpec(model: Model): { class_name: string; config: Json } {
  if (isSequentialModel(model)) return { class_name: 'Sequential', config: sequentialConfig(model) };
  return { class_name: 'Model', config: functionalConfig(model) };
}

/** `{ class_name, config }` of any layer, nested models included. */
function layerSpec(layer: Layer): { class_name: string; config: Json } {
  if (isModelLayer(layer)) {
    if (!isGraphModel(layer)) {
      throw new Error(
        `Cannot save the structure of layer "${layer.name}": it is a subclassed model, whose structure is code. Save the weights only (saveWeights), or build it with the functional API.`,
      );
    }
    return modelSpec(layer);
  }
  const where = `layer "${layer.name}" (${layer.className})`;
  const config = toTfjsNames(keysToSnake(layer.getConfig(), `Cannot save ${where}: getConfig()`)) as Json;
  // tfjs writes `sparse: false` on every InputLayer.
  if (layer instanceof InputLayer && !('sparse' in config)) config.sparse = false;
  return { class_name: layer.className, config };
}

function sequentialConfig(model: Model): Json {
  const layers = model.layers.map(layerSpec);
  // As tfjs: the input shape lives on the first layer (a Sequential built from data or an InputLayer has none).
  const first = layers[0];
  const inp = model.inputs[0];
  if (first && inp && !isModelLayer(model.layers[0]) && first.config.batch_input_shape === undefined) {
    first.config.batch_input_shape = [...inp.shape];
    if (first.config.dtype === undefined) first.config.dtype = inp.dtype;
  }
  return { name: model.name, layers };
}

/** The nodes of a functional model: every layer call between its inputs and outputs. */
function graphNodes(model: Model): Set<LayerNode> {
  const nodes = new Set<LayerNode>();
  const inputs = new Set(model.inputs.map((s) => s.id));
  const visit = (s: SymbolicTensor) => {
    const node = s.node;
    if (!node || nodes.has(node)) return;
    nodes.add(node);
    if (inputs.has(s.id)) return;
    for (const i of node.inputs) visit(i);
  };
  model.outputs.forEach(visit);
  model.inputs.forEach(visit);
  return nodes;
}

function functionalConfig(model: Model): Json {
  const nodes = graphNodes(model);
  const inputLayers = model.inputs.map((s) => s.node!.layer);
  const layers = [...inputLayers, ...model.layers.filter((l) => !inputLayers.includes(l))];
  const names = new Map<string, Layer>();
  for (const l of layers) {
    const other = names.get(l.name);
    if (other && other !== l) throw new Error(`Cannot save model "${model.name}": two layers are named "${l.name}". Layer names must be unique within a model.`);
    names.set(l.name, l);
  }
  // A layer's node index counts only its calls inside this model. A nested model's own graph is its node 0
  // in tfjs and Keras, so calls of a nested model are numbered from 1.
  const keptNodes = (l: Layer) => l.inboundNodes.filter((n) => nodes.has(n));
  const nodeIndex = (n: LayerNode) => keptNodes(n.layer).indexOf(n) + (isModelLayer(n.layer) ? 1 : 0);
  const ref = (s: SymbolicTensor): [string, number, number] => [s.node!.layer.name, nodeIndex(s.node!), s.outputIndex];
  const layerConfigs = layers.map((l) => {
    const spec = layerSpec(l);
    const inbound = l instanceof InputLayer ? [] : keptNodes(l).map((n) => n.inputs.map((s) => [...ref(s), nodeKwargs(n, model.name)]));
    return { name: l.name, class_name: spec.class_name, config: spec.config, inbound_nodes: inbound };
  });
  return {
    name: model.name,
    layers: layerConfigs,
    input_layers: model.inputs.map(ref),
    output_layers: model.outputs.map(ref),
  };
}

/** A node's call arguments (e.g. `{ training: true }`), which must be plain data. */
function nodeKwargs(node: LayerNode, modelName: string): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(node.kwargs ?? {})) {
    if (v === undefined) continue;
    if (isSymbolic(v) || (Array.isArray(v) && v.some(isSymbolic))) {
      throw new Error(`Cannot save model "${modelName}": layer "${node.layer.name}" was called with a tensor in \`${k}\`; only plain-data call arguments can be saved.`);
    }
    out[k] = v;
  }
  const snake = keysToSnake(out, `Cannot save model "${modelName}": the call arguments of layer "${node.layer.name}"`);
  return isPlainObject(snake) ? snake : {};
}
