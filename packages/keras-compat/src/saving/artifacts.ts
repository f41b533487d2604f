import { isPlainObject } from './case.js';
import { checkWeightPath } from './paths.js';
import type { ModelArtifacts, ModelArtifactsInfo, ModelJSON, WeightsManifestGroup } from './types.js';
import { describe } from './weights.js';
import { LAYERS_MODEL_FORMAT } from './version.js';

/** model.json is small (weights live in .bin files); a bigger one is refused before it is read. */
export const MAX_MODEL_JSON_BYTES = 64 * 1024 * 1024;

/** The model.json tfjs writes for artifacts whose weights are stored as `manifest`. */
export function modelJSONFor(artifacts: ModelArtifacts, manifest: WeightsManifestGroup[]): ModelJSON {
  const json: ModelJSON = {
    modelTopology: artifacts.modelTopology as Record<string, unknown>,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: manifest,
  };
  if (artifacts.trainingConfig) json.trainingConfig = artifacts.trainingConfig;
  if (artifacts.userDefinedMetadata) json.userDefinedMetadata = artifacts.userDefinedMetadata;
  return json;
}

/** Parses JSON text, naming its source when it is not JSON. */
export function parseJSON(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${where} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Parses model.json text: a JSON object. */
export function parseModelJSON(text: string, where: string): Record<string, unknown> {
  const json = parseJSON(text, where);
  if (!isPlainObject(json)) throw new Error(`${where} must hold a JSON object { modelTopology, weightsManifest, ... }. Received: ${describe(json)}`);
  return json;
}

/**
 * Validates model.json's outer structure: the format, the topology's presence, and the weights manifest (groups
 * of relative paths inside the model's folder, and their entries). Entries themselves are checked later.
 */
export function checkModelJSON(json: Record<string, unknown>, where: string): { modelJSON: ModelJSON; groups: WeightsManifestGroup[] } {
  checkFormat(json.format, where);
  if (!isPlainObject(json.modelTopology)) {
    throw new Error(`${where}: missing \`modelTopology\` (expected an object with class_name and config). Received: ${describe(json.modelTopology)}`);
  }
  const manifest = json.weightsManifest ?? [];
  if (!Array.isArray(manifest)) throw new Error(`${where}: \`weightsManifest\` must be an array of { paths, weights }. Received: ${describe(manifest)}`);
  const groups = manifest.map((g, i) => {
    const at = `${where}: weightsManifest[${i}]`;
    if (!isPlainObject(g)) throw new Error(`${at} must be an object { paths, weights }. Received: ${describe(g)}`);
    if (!Array.isArray(g.paths)) throw new Error(`${at}.paths must be an array of file names. Received: ${describe(g.paths)}`);
    if (!Array.isArray(g.weights)) throw new Error(`${at}.weights must be an array of { name, shape, dtype }. Received: ${describe(g.weights)}`);
    const paths = g.paths.map((p, j) => checkWeightPath(p, `${at}.paths[${j}]`));
    if (paths.length === 0 && g.weights.length > 0) throw new Error(`${at} lists weights but no files (paths is empty).`);
    return { paths, weights: g.weights as WeightsManifestGroup['weights'] };
  });
  return { modelJSON: json as unknown as ModelJSON, groups };
}

export function checkFormat(format: unknown, where: string): void {
  if (format === undefined || format === null || format === LAYERS_MODEL_FORMAT) return;
  if (format === 'graph-model') {
    throw new Error(`${where}: format is 'graph-model' (a TensorFlow graph converted for tfjs's loadGraphModel); loadLayersModel reads '${LAYERS_MODEL_FORMAT}' files.`);
  }
  throw new Error(`${where}: unknown format ${describe(format)}; expected '${LAYERS_MODEL_FORMAT}'.`);
}

/** Artifacts from a parsed model.json and its weight data. */
export function artifactsFromModelJSON(json: ModelJSON, weightData: ArrayBuffer | undefined, groups: WeightsManifestGroup[]): ModelArtifacts {
  const out: ModelArtifacts = {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy ?? null,
    weightSpecs: groups.flatMap((g) => g.weights),
  };
  if (weightData !== undefined) out.weightData = weightData;
  if (json.trainingConfig) out.trainingConfig = json.trainingConfig;
  if (json.userDefinedMetadata) out.userDefinedMetadata = json.userDefinedMetadata;
  return out;
}

export function artifactsInfo(artifacts: ModelArtifacts): ModelArtifactsInfo {
  const len = (x: unknown) => (x === undefined ? 0 : new TextEncoder().encode(JSON.stringify(x)).length);
  const data = artifacts.weightData;
  return {
    dateSaved: new Date(),
    modelTopologyType: 'JSON',
    modelTopologyBytes: len(artifacts.modelTopology),
    weightSpecsBytes: len(artifacts.weightSpecs),
    weightDataBytes: data === undefined ? 0 : Array.isArray(data) ? data.reduce((n, b) => n + b.byteLength, 0) : data.byteLength,
  };
}

/** One ArrayBuffer from tfjs's `ArrayBuffer | ArrayBuffer[]`. */
export function joinBuffers(data: ArrayBuffer | ArrayBuffer[] | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  if (!Array.isArray(data)) return data;
  if (data.length === 1) return data[0]!;
  const out = new Uint8Array(data.reduce((n, b) => n + b.byteLength, 0));
  let off = 0;
  for (const b of data) {
    out.set(new Uint8Array(b), off);
    off += b.byteLength;
  }
  return out.buffer;
}
