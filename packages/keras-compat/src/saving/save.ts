import type { Model } from '../engine/model.js';
import { getSaveHandler } from './handlers/router.js';
import { buildNestedSequential, isGraphModel, modelClassName } from './model-kind.js';
import { namedWeights } from './named-weights.js';
import { modelTopology } from './topology.js';
import { trainingConfigOf } from './training-config.js';
import type { IOHandler, ModelArtifacts, SaveConfig, SaveResult } from './types.js';
import { GENERATED_BY, KERAS_VERSION, BACKEND, LAYERS_MODEL_FORMAT } from './version.js';
import { encodeWeights } from './weights.js';

function saveHandler(handlerOrUrl: string | IOHandler, who: string): IOHandler & { save: NonNullable<IOHandler['save']> } {
  const h = typeof handlerOrUrl === 'string' ? getSaveHandler(handlerOrUrl, who) : handlerOrUrl;
  if (!h || typeof h.save !== 'function') {
    throw new Error(`${who}: the IOHandler has no save() method. Pass a URL ('file://dir', 'localstorage://name', 'indexeddb://name') or a handler with save.`);
  }
  return h as IOHandler & { save: NonNullable<IOHandler['save']> };
}

/**
 * The artifacts of a model in the tfjs layers format. Functional and Sequential models get their full topology;
 * a subclassed model (or `weightsOnly`) a config-less one naming the class, with the same weights.
 */
export async function modelArtifacts(model: Model, config: SaveConfig & { weightsOnly?: boolean } = {}): Promise<ModelArtifacts> {
  buildNestedSequential(model);
  const topology = config.weightsOnly || !isGraphModel(model)
    ? { class_name: modelClassName(model), config: null, keras_version: KERAS_VERSION, backend: BACKEND }
    : modelTopology(model);
  const { specs, data } = await encodeWeights(namedWeights(model));
  const artifacts: ModelArtifacts = {
    modelTopology: topology,
    format: LAYERS_MODEL_FORMAT,
    generatedBy: GENERATED_BY,
    convertedBy: null,
    weightSpecs: specs,
    weightData: data,
  };
  if (config.includeOptimizer) {
    const tc = trainingConfigOf(model);
    if (tc) artifacts.trainingConfig = tc;
  }
  return artifacts;
}

/** `model.save(url | handler)`: the model's topology and weights through a handler (tfjs's LayersModel.save). */
export async function saveModel(model: Model, handlerOrUrl: string | IOHandler, config: SaveConfig = {}): Promise<SaveResult> {
  const handler = saveHandler(handlerOrUrl, `Model "${model.name}".save`);
  return handler.save(await modelArtifacts(model, config));
}

/** Saves only the weights (any model, subclassed included), for `loadWeights` into a model built in code. */
export async function saveWeights(model: Model, handlerOrUrl: string | IOHandler): Promise<SaveResult> {
  const handler = saveHandler(handlerOrUrl, `saveWeights(model "${model.name}")`);
  return handler.save(await modelArtifacts(model, { weightsOnly: true }));
}
