import { artifactsInfo } from '../artifacts.js';
import type { IOHandler, ModelArtifacts, SaveResult, TrainingConfig, WeightsManifestEntry } from '../types.js';

/** A handler whose `save` is your function (tfjs's `io.withSaveHandler`): it receives the artifacts. */
export function withSaveHandler(save: (artifacts: ModelArtifacts) => Promise<SaveResult>): IOHandler {
  if (typeof save !== 'function') throw new TypeError('withSaveHandler: expected a function (artifacts) => Promise<SaveResult>.');
  return { save };
}

/**
 * A handler that loads artifacts held in memory (tfjs's `io.fromMemory`): either one ModelArtifacts object, or
 * the topology, weight specs, weight data and training config separately.
 */
export function fromMemory(
  modelArtifacts: ModelArtifacts | Record<string, unknown>,
  weightSpecs?: WeightsManifestEntry[],
  weightData?: ArrayBuffer | ArrayBuffer[],
  trainingConfig?: TrainingConfig,
): IOHandler {
  const isArtifacts = weightSpecs === undefined && (modelArtifacts.modelTopology !== undefined || modelArtifacts.weightSpecs !== undefined);
  const artifacts: ModelArtifacts = isArtifacts
    ? (modelArtifacts as ModelArtifacts)
    : { modelTopology: modelArtifacts, weightSpecs, weightData, ...(trainingConfig ? { trainingConfig } : {}) };
  return { load: async () => artifacts };
}

/** Saves into memory and loads back what it saved: `await model.save(mem); await loadLayersModel(mem)`. */
export class MemoryHandler implements IOHandler {
  artifacts: ModelArtifacts | null = null;

  async save(artifacts: ModelArtifacts): Promise<SaveResult> {
    this.artifacts = artifacts;
    return { modelArtifactsInfo: artifactsInfo(artifacts) };
  }

  async load(): Promise<ModelArtifacts> {
    if (!this.artifacts) throw new Error('MemoryHandler.load: nothing has been saved to this handler yet.');
    return this.artifacts;
  }
}

export function memory(): MemoryHandler {
  return new MemoryHandler();
}
