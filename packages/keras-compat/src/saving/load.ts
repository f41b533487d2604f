import type { Model } from '../engine/model.js';
import { checkFormat } from './artifacts.js';
import { modelFromTopology } from './from-topology.js';
import { getLoadHandler } from './handlers/router.js';
import { namedWeights } from './named-weights.js';
import { applyTrainingConfig } from './training-config.js';
import type { IOHandler, ModelArtifacts } from './types.js';
import { assignWeights, checkWeightData, checkWeightSpecs, describe, planAssignments } from './weights.js';
import type { CheckedEntry } from './weights.js';

export interface LoadOptions {
  /** Every saved weight must match a weight of the model and the other way round (default true, as tfjs). */
  strict?: boolean;
  /** Compile the model from a saved training config, when there is one (default true). */
  compile?: boolean;
}

function describeSource(handlerOrUrl: string | IOHandler): string {
  return typeof handlerOrUrl === 'string' ? handlerOrUrl : 'the IOHandler';
}

async function loadArtifacts(handlerOrUrl: string | IOHandler, who: string): Promise<ModelArtifacts> {
  const h = typeof handlerOrUrl === 'string' ? getLoadHandler(handlerOrUrl, who) : handlerOrUrl;
  if (!h || typeof h.load !== 'function') throw new Error(`${who}: the IOHandler has no load() method.`);
  const a = await h.load();
  if (typeof a !== 'object' || a === null) throw new Error(`${who}: the handler's load() returned ${describe(a)}, not model artifacts.`);
  return a;
}

/** The manifest and weight data checked as data: entries, byte counts, and the total against the buffer. */
function checkWeights(a: ModelArtifacts, where: string): { entries: CheckedEntry[]; data: ArrayBuffer } {
  const entries = checkWeightSpecs(a.weightSpecs ?? [], `${where}: weightSpecs`);
  const data = checkWeightData(entries, a.weightData, where);
  return { entries, data };
}

/**
 * `loadLayersModel(url | handler)`: a model from the tfjs layers format (saved by Tessera, tfjs or Keras's
 * converter). The format, topology and weight manifest are checked as data first, the model is built from the
 * closed layer registry, and every weight's name, shape, dtype and byte count is checked before any value is set.
 */
export async function loadLayersModel(handlerOrUrl: string | IOHandler, options: LoadOptions = {}): Promise<Model> {
  const where = describeSource(handlerOrUrl);
  const a = await loadArtifacts(handlerOrUrl, 'loadLayersModel');
  if (a.modelTopology instanceof ArrayBuffer) throw new Error(`${where}: the model topology is binary (a graph model?); loadLayersModel reads JSON topologies.`);
  checkFormat(a.format, where);
  const { entries, data } = checkWeights(a, where);
  const model = modelFromTopology(a.modelTopology, where);
  try {
    const plan = planAssignments(model.name, namedWeights(model), entries, options.strict ?? true, where);
    assignWeights(plan, data);
  } catch (e) {
    model.dispose();
    throw e;
  }
  if (a.trainingConfig && options.compile !== false) applyTrainingConfig(model, a.trainingConfig, where);
  return model;
}

/**
 * Loads saved weights into an existing model by name: the way back for subclassed models (build an instance of
 * the class, call it once so its weights exist, then load). Works for any model saved with save or saveWeights.
 */
export async function loadWeights(model: Model, handlerOrUrl: string | IOHandler, options: Pick<LoadOptions, 'strict'> = {}): Promise<void> {
  const where = describeSource(handlerOrUrl);
  const a = await loadArtifacts(handlerOrUrl, `loadWeights(model "${model.name}")`);
  const { entries, data } = checkWeights(a, where);
  const weights = namedWeights(model);
  if (weights.length === 0 && entries.some((e) => e.group !== 'optimizer')) {
    throw new Error(
      `loadWeights: model "${model.name}" has no weights yet (a subclassed model creates them on its first call). Call it once on a batch, or model.build(inputShape), then load.`,
    );
  }
  assignWeights(planAssignments(model.name, weights, entries, options.strict ?? true, where), data);
}
