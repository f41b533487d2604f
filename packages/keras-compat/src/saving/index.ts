export { loadLayersModel, loadWeights } from './load.js';
export type { LoadOptions } from './load.js';
export { saveModel, saveWeights, modelArtifacts } from './save.js';
export * as io from './io.js';
export type { IOHandler, ModelArtifacts, ModelJSON, SaveResult, SaveConfig, WeightsManifestEntry, WeightsManifestGroup } from './types.js';
