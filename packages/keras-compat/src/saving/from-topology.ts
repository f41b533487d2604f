import { InputLayer, Layer, deserializeLayer, getLayerClass } from '@tessera/layers';
import type { SymbolicTensor } from '@tessera/layers';
import { Model } from '../engine/model.js';
import { Sequential } from '../engine/sequential.js';
import { isPlainObject, keysToCamel } from './case.js';
import { buildNestedSequential } from './model-kind.js';
import { fromTfjsNames } from './tfjs-names.js';
import { describe } from './weights.js';

type Json = Record<string, unknown>;

const FUNCTIONAL = new Set(['Model', 'Functional']);
const MAX_LAYERS = 100_000;

/**
 * Builds a model from a tfjs/Keras `modelTopology`. Loading is data only: every class comes from the closed layer
 * registry (@tessera/layers' getLayerClass, plus Sequential and Model), configs are converted from snake_case and
 * passed to the layer's constructor or fromConfig, and no string is ever evaluated.
 */
export function modelFromTopology(topology: unknown, where: string): Model {
  if (!isPlainObject(topology)) throw new Error(`${where}: modelTopology must be an object. Received: ${describe(topology)}`);
  // Keras's converter nests the model under model_config (tfjs reads both).
  const spec = isPlainObject(topology.model_config) ? topology.model_config : topology;
  const className = spec.class_name;
  if (typeof className !== 'string') throw new Error(`${where}: modelTopology has no class_name (expected 'Sequential', 'Model' or 'Functional').`);
  if (spec.config === null || spec.config === undefined) {
    throw new Error(
      `${where}: the model '${className}' was saved without a config (a subclassed model or a weights-only save): its structure is code. Construct the model in code, then load the weights with loadWeights(model, ...).`,
    );
  }
  if (className !== 'Sequential' && !FUNCTIONAL.has(className)) {
    throw new Error(`${where}: the top-level class is '${className}'; loadLayersModel builds 'Sequential', 'Model' or 'Functional' models.`);
  }
  return buildModel(className, spec.config, where);
}

function buildModel(className: string, config: unknown, where: string): Model {
  return className === 'Sequential' ? buildSequential(config, where) : buildFunctional(config, where);
}

/** One layer from `{ class_name, config }`: a nested model, or a class from the layer registry. */
function buildLayer(spec: unknown, where: string): Layer {
  if (!isPlainObject(spec)) throw new Error(`${where} must be an object { class_name, config }. Received: ${describe(spec)}`);
  const className = spec.class_name;
  if (typeof className !== 'string' || className === '') throw new Error(`${where} has no class_name. Received: ${describe(spec)}`);
  if (className === 'Sequential' || FUNCTIONAL.has(className)) return buildModel(className, spec.config, `${where} (${className})`);
  let cls: unknown;
  try {
    cls = getLayerClass(className); // "Unknown layer: 'X'. Please ensure you are using a registered layer class ..."
  } catch (e) {
    throw new Error(`${where}: ${(e as Error).message}`);
  }
  // Names such as 'constructor' or 'toString' must not reach Object.prototype through a registry lookup.
  if (typeof cls !== 'function' || !(cls.prototype instanceof Layer)) {
    throw new Error(`${where}: Unknown layer: '${className}'. Please ensure you are using a registered layer class (registerLayer(MyLayer) for custom layers).`);
  }
  if (!isPlainObject(spec.config)) throw new Error(`${where} (${className}) has no config object. Received: ${describe(spec.config)}`);
  const config = fromTfjsNames(keysToCamel(spec.config, `${where} (${className}).config`)) as Json;
  try {
    return deserializeLayer({ className, config: adaptConfig(className, config) });
  } catch (e) {
    const name = typeof config.name === 'string' ? ` "${config.name}"` : '';
    throw new Error(`${where}: cannot build layer${name} (${className}) from its config: ${(e as Error).message}`);
  }
}

/** tfjs writes a few values Tessera spells differently. */
function adaptConfig(className: string, config: Json): Json {
  const c = { ...config };
  // tfjs's LSTM writes unit_forget_bias: null (off) and implementation: null.
  if (className === 'LSTM' || className === 'LSTMCell') {
    if (c.unitForgetBias === null) c.unitForgetBias = false;
  }
  if (c.implementation === null) delete c.implementation;
  return c;
}

function buildSequential(config: unknown, where: string): Sequential {
  // tfjs ≥ 1 writes { name, layers }; older files have the layer list itself.
  const cfg = Array.isArray(config) ? { layers: config } : config;
  if (!isPlainObject(cfg) || !Array.isArray(cfg.layers)) {
    throw new Error(`${where}: a Sequential config needs a \`layers\` array. Received: ${describe(config)}`);
  }
  if (cfg.layers.length > MAX_LAYERS) throw new Error(`${where}: ${cfg.layers.length} layers is more than the ${MAX_LAYERS} a model may have.`);
  const name = optionalName(cfg.name, where);
  const specs: unknown[] = cfg.layers;
  const layers: Layer[] = [];
  return disposingOnError(layers, () => {
    specs.forEach((l, i) => layers.push(buildLayer(l, `${where}: layers[${i}]`)));
    const model = new Sequential({ name, layers });
    buildNestedSequential(model);
    return model;
  });
}

/** Runs `build`; if it throws, frees the weights of the layers created so far, so a failed load leaks nothing. */
function disposingOnError<T>(created: Layer[], build: () => T): T {
  try {
    return build();
  } catch (e) {
    for (const l of created) l.dispose();
    throw e;
  }
}

function optionalName(name: unknown, where: string): string | undefined {
  if (name === undefined || name === null) return undefined;
  if (typeof name !== 'string') throw new Error(`${where}: the model's name must be a string. Received: ${describe(name)}`);
  return name;
}

type TensorRef = [string, number, number];

function checkRef(ref: unknown, where: string): TensorRef {
  if (
    !Array.isArray(ref) ||
    ref.length < 3 ||
    typeof ref[0] !== 'string' ||
    !Number.isSafeInteger(ref[1]) ||
    (ref[1] as number) < 0 ||
    !Number.isSafeInteger(ref[2]) ||
    (ref[2] as number) < 0
  ) {
    throw new Error(`${where}: expected [layer_name, node_index, tensor_index] with non-negative integer indices. Received: ${describe(ref)}`);
  }
  return [ref[0], ref[1] as number, ref[2] as number];
}

/** The functional API rebuilt: create every layer, then call each one on its inbound tensors as they appear. */
function buildFunctional(config: unknown, where: string): Model {
  if (!isPlainObject(config) || !Array.isArray(config.layers)) {
    throw new Error(`${where}: a functional model's config needs \`layers\`, \`input_layers\` and \`output_layers\`. Received: ${describe(config)}`);
  }
  if (config.layers.length > MAX_LAYERS) throw new Error(`${where}: ${config.layers.length} layers is more than the ${MAX_LAYERS} a model may have.`);
  const order: Layer[] = [];
  return disposingOnError(order, () => buildGraph(config as Json & { layers: unknown[] }, order, where));
}

function buildGraph(config: Json & { layers: unknown[] }, order: Layer[], where: string): Model {
  const layers = new Map<string, Layer>();
  const pending = new Map<Layer, { data: unknown[]; where: string }>();
  config.layers.forEach((entry, i) => {
    const at = `${where}: layers[${i}]`;
    if (!isPlainObject(entry)) throw new Error(`${at} must be an object { name, class_name, config, inbound_nodes }. Received: ${describe(entry)}`);
    if (typeof entry.name !== 'string' || entry.name === '') throw new Error(`${at} has no name.`);
    if (layers.has(entry.name)) throw new Error(`${at}: two layers are named "${entry.name}".`);
    // Keras and tfjs repeat the name in the config; a config without one takes the entry's.
    const spec = isPlainObject(entry.config) && entry.config.name === undefined ? { ...entry, config: { ...entry.config, name: entry.name } } : entry;
    const layer = buildLayer(spec, `${at} "${entry.name}"`);
    if (layer.name !== entry.name) throw new Error(`${at}: the entry is named "${entry.name}" but its config names the layer "${layer.name}".`);
    const inbound = entry.inbound_nodes ?? [];
    if (!Array.isArray(inbound)) throw new Error(`${at} "${entry.name}": inbound_nodes must be an array of nodes. Received: ${describe(inbound)}`);
    layers.set(entry.name, layer);
    pending.set(layer, { data: [...inbound], where: `${at} "${entry.name}": inbound_nodes` });
    order.push(layer);
  });

  // Calls made while rebuilding, per layer; an InputLayer's own node is its node 0. tfjs and Keras count a
  // nested model's own graph as its node 0, so references to a nested model's calls start at 1.
  const outputsOf = (name: string, nodeIndex: number, tensorIndex: number, at: string): SymbolicTensor | null => {
    const layer = layers.get(name);
    if (!layer) throw new Error(`${at}: refers to layer "${name}", which the model does not have.`);
    const k = layer instanceof Model ? nodeIndex - 1 : nodeIndex;
    if (k < 0) throw new Error(`${at}: node 0 of nested model "${name}" is its own graph, not a call; calls are numbered from 1.`);
    const node = layer.inboundNodes[k];
    if (!node) return null;
    const t = node.outputs[tensorIndex];
    if (!t) throw new Error(`${at}: layer "${name}" node ${nodeIndex} has ${node.outputs.length} output(s); tensor ${tensorIndex} does not exist.`);
    return t;
  };

  let remaining = [...pending.values()].reduce((n, p) => n + p.data.length, 0);
  while (remaining > 0) {
    let progressed = false;
    for (const layer of order) {
      const p = pending.get(layer)!;
      while (p.data.length > 0) {
        const node = p.data[0];
        const at = `${p.where}[${layer.inboundNodes.length}]`;
        if (!Array.isArray(node) || node.length === 0) {
          throw new Error(`${at}: expected a node: a list of [layer_name, node_index, tensor_index, kwargs]. Received: ${describe(node)}`);
        }
        const inputs: SymbolicTensor[] = [];
        let kwargs: Json = {};
        for (const [j, r] of node.entries()) {
          const [name, ni, ti] = checkRef(r, `${at}[${j}]`);
          const t = outputsOf(name, ni, ti, `${at}[${j}]`);
          if (!t) break;
          inputs.push(t);
          const kw = (r as unknown[])[3];
          if (kw !== undefined && kw !== null) {
            if (!isPlainObject(kw)) throw new Error(`${at}[${j}]: call arguments must be an object. Received: ${describe(kw)}`);
            kwargs = { ...kwargs, ...(keysToCamel(kw, `${at}[${j}] kwargs`) as Json) };
          }
        }
        if (inputs.length < node.length) break; // an input is not built yet
        if (layer instanceof InputLayer) throw new Error(`${at}: an InputLayer cannot have inbound nodes.`);
        try {
          layer.apply(inputs.length === 1 ? inputs[0]! : inputs, kwargs);
        } catch (e) {
          throw new Error(`${at}: calling layer "${layer.name}" failed: ${(e as Error).message}`);
        }
        p.data.shift();
        remaining--;
        progressed = true;
      }
    }
    if (!progressed) {
      const stuck = order.find((l) => pending.get(l)!.data.length > 0)!;
      throw new Error(
        `${pending.get(stuck)!.where}: layer "${stuck.name}" waits for a tensor that no layer produces (a missing node or a cycle): ${describe(pending.get(stuck)!.data[0])}.`,
      );
    }
  }

  const endpoints = (key: 'input_layers' | 'output_layers'): SymbolicTensor[] => {
    const list = config[key];
    if (!Array.isArray(list) || list.length === 0) throw new Error(`${where}: \`${key}\` must be a non-empty list of [layer_name, node_index, tensor_index].`);
    return list.map((r, i) => {
      const [name, ni, ti] = checkRef(r, `${where}: ${key}[${i}]`);
      const t = outputsOf(name, ni, ti, `${where}: ${key}[${i}]`);
      if (!t) throw new Error(`${where}: ${key}[${i}] refers to node ${ni} of layer "${name}", which its inbound_nodes do not create.`);
      return t;
    });
  };
  const inputs = endpoints('input_layers');
  const outputs = endpoints('output_layers');
  inputs.forEach((s, i) => {
    if (!(s.node?.layer instanceof InputLayer)) throw new Error(`${where}: input_layers[${i}] must name an InputLayer; "${s.node?.layer.name}" is a ${s.node?.layer.className}.`);
  });
  const name = optionalName(config.name, where);
  return new Model({ inputs: inputs.length === 1 ? inputs[0]! : inputs, outputs: outputs.length === 1 ? outputs[0]! : outputs, name });
}
