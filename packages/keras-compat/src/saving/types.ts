/**
 * The TensorFlow.js layers format, as tfjs-core's io types describe it. Handlers with these shapes are
 * interchangeable with tfjs's own (`tf.io.withSaveHandler`, `tf.io.fromMemory`, ...).
 */

/** dtypes a weight may have in a manifest (tfjs's set, plus float64 which only Tessera reads). */
export type WeightDType = 'float32' | 'int32' | 'bool' | 'float64';

/** One weight in a manifest: its stable path, shape and dtype, in the order the bytes are laid out. */
export interface WeightsManifestEntry {
  name: string;
  shape: number[];
  dtype: WeightDType;
  /** 'optimizer' marks optimizer state (tfjs's includeOptimizer); model weights leave it out. */
  group?: 'model' | 'optimizer';
  quantization?: unknown;
}

/** A group of weights stored in `paths` (shards concatenated in order). */
export interface WeightsManifestGroup {
  paths: string[];
  weights: WeightsManifestEntry[];
}

export interface TrainingConfig {
  loss: string | string[] | Record<string, string>;
  metrics?: string[] | Record<string, string | string[]>;
  optimizer_config: { class_name: string; config: Record<string, unknown> };
  loss_weights?: number[] | Record<string, number>;
}

/** The in-memory form handlers pass around. */
export interface ModelArtifacts {
  modelTopology?: Record<string, unknown> | ArrayBuffer;
  trainingConfig?: TrainingConfig;
  weightSpecs?: WeightsManifestEntry[];
  /** All weights' bytes in `weightSpecs` order; tfjs ≥ 4.10 may pass several buffers to concatenate. */
  weightData?: ArrayBuffer | ArrayBuffer[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  userDefinedMetadata?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The on-disk `model.json`. */
export interface ModelJSON {
  modelTopology: Record<string, unknown>;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  weightsManifest: WeightsManifestGroup[];
  trainingConfig?: TrainingConfig;
  userDefinedMetadata?: Record<string, unknown>;
}

export interface ModelArtifactsInfo {
  dateSaved: Date;
  modelTopologyType: 'JSON';
  modelTopologyBytes?: number;
  weightSpecsBytes?: number;
  weightDataBytes?: number;
}

export interface SaveResult {
  modelArtifactsInfo: ModelArtifactsInfo;
  errors?: unknown[];
  [key: string]: unknown;
}

export interface IOHandler {
  save?: (artifacts: ModelArtifacts) => Promise<SaveResult>;
  load?: () => Promise<ModelArtifacts>;
}

export interface SaveConfig {
  /** Also write the training config (loss, metrics, optimizer) of a compiled model, as tfjs does. Default false. */
  includeOptimizer?: boolean;
}
