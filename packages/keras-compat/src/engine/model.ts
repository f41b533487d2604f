import * as tf from '@tessera/core';
import type { Tensor, Variable } from '@tessera/core';
import { Layer, isSymbolic } from '@tessera/layers';
import type { CallArgs, LayerArgs, LayerShape, LayerWeight, SymbolicTensor } from '@tessera/layers';
import { FunctionalGraph } from './graph.js';
import { compileModel } from '../training/compile.js';
import type { CompileArgs } from '../training/compile.js';
import { fit } from '../training/fit.js';
import type { FitArgs } from '../training/fit.js';
import { evaluate, predict } from '../training/evaluate.js';
import type { EvaluateArgs } from '../training/evaluate.js';
import { fitDataset, evaluateDataset } from '../training/dataset.js';
import type { FitDatasetArgs, DatasetLike } from '../training/dataset.js';
import { trainOnBatch } from '../training/on-batch.js';
import type { ModelData } from '../training/data.js';
import type { History } from '../callbacks/history.js';
import { summary } from './summary.js';
import { saveModel } from '../saving/save.js';
import type { IOHandler, SaveConfig, SaveResult } from '../saving/types.js';

export interface ModelArgs {
  inputs?: SymbolicTensor | SymbolicTensor[];
  outputs?: SymbolicTensor | SymbolicTensor[];
  name?: string;
  trainable?: boolean;
}

/**
 * A Keras model, itself a layer. Built from symbolic inputs/outputs (the functional API), or subclassed: a
 * subclass creates its layers as properties and overrides `call`. Training lives in ../training; this class only
 * holds the structure and delegates.
 */
export class Model extends Layer {
  static override className = 'Model';
  protected graph: FunctionalGraph | null = null;
  /** Set by EarlyStopping and TerminateOnNaN to end `fit` after the current batch/epoch. */
  stopTraining = false;
  /** Attached by compile(); see ../training/compile.ts. */
  compiled: unknown = null;

  constructor(args: ModelArgs = {}) {
    super({ name: args.name, trainable: args.trainable } as LayerArgs);
    if (args.inputs !== undefined || args.outputs !== undefined) {
      if (args.inputs === undefined || args.outputs === undefined) {
        throw new Error(`Model "${this.name}": pass both \`inputs\` and \`outputs\` for a functional model (or neither, for a subclassed model).`);
      }
      const ins = Array.isArray(args.inputs) ? args.inputs : [args.inputs];
      const outs = Array.isArray(args.outputs) ? args.outputs : [args.outputs];
      [...ins, ...outs].forEach((s, i) => {
        if (!isSymbolic(s)) throw new Error(`Model "${this.name}": inputs and outputs must be symbolic tensors from input() and layer.apply(); item ${i} is not.`);
      });
      this.setGraph(ins, outs, Array.isArray(args.outputs));
    }
  }

  /** Whether `outputs` was given as a list (predict then returns a list). */
  protected outputsAsList = false;

  protected setGraph(inputs: SymbolicTensor[], outputs: SymbolicTensor[], outputsAsList: boolean): void {
    this.graph = new FunctionalGraph(inputs, outputs, this.name);
    this.outputsAsList = outputsAsList || outputs.length > 1;
    this.built = true;
  }

  get isFunctional(): boolean {
    return this.graph !== null;
  }

  get inputs(): SymbolicTensor[] {
    return this.graph?.inputs ?? [];
  }

  get outputs(): SymbolicTensor[] {
    return this.graph?.outputs ?? [];
  }

  get outputNames(): string[] {
    return this.outputs.map((o) => o.node?.layer.name ?? o.name);
  }

  get returnsList(): boolean {
    return this.outputsAsList;
  }

  /** The model's layers: the graph's in order, or (subclassed) the Layer-valued properties in definition order. */
  get layers(): Layer[] {
    if (this.graph) return this.graph.layers.filter((l) => l.className !== 'InputLayer');
    const found: Layer[] = [];
    for (const v of Object.values(this)) {
      if (v instanceof Layer && v !== this && !found.includes(v)) found.push(v);
      else if (Array.isArray(v)) for (const x of v) if (x instanceof Layer && !found.includes(x)) found.push(x);
    }
    return found;
  }

  getLayer(name?: string, index?: number): Layer {
    if (index !== undefined) {
      const l = this.layers[index];
      if (!l) throw new Error(`getLayer: index ${index} is out of range; the model has ${this.layers.length} layers.`);
      return l;
    }
    const l = this.layers.find((x) => x.name === name);
    if (!l) throw new Error(`getLayer: no layer named "${name}". Layers: ${this.layers.map((x) => x.name).join(', ')}.`);
    return l;
  }

  call(inputs: Tensor | Tensor[], kwargs: CallArgs): Tensor | Tensor[] {
    if (!this.graph) {
      throw new Error(`Model "${this.name}" is subclassed but does not override call(inputs, kwargs).`);
    }
    const outs = this.graph.run(Array.isArray(inputs) ? inputs : [inputs], kwargs);
    return this.outputsAsList ? outs : outs[0]!;
  }

  override build(inputShape: LayerShape | LayerShape[]): void {
    if (this.graph) return;
    // A subclassed model learns its weights' shapes by running once on zeros (batch 1 where unknown).
    const shapes = (Array.isArray(inputShape[0]) ? inputShape : [inputShape]) as LayerShape[];
    tf.tidy(() => {
      const xs = shapes.map((s) => tf.zeros(s.map((d) => d ?? 1)));
      this.built = true;
      this.call(xs.length === 1 ? xs[0]! : xs, { training: false });
    });
    this.built = true;
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape | LayerShape[] {
    if (this.graph) {
      const batch = (Array.isArray(inputShape[0]) ? (inputShape[0] as LayerShape)[0] : (inputShape as LayerShape)[0]) ?? null;
      const shapes = this.graph.outputShapes().map((s) => [batch, ...s.slice(1)]);
      return this.outputsAsList ? shapes : shapes[0]!;
    }
    const shapes = (Array.isArray(inputShape[0]) ? inputShape : [inputShape]) as LayerShape[];
    return tf.tidy(() => {
      const xs = shapes.map((s) => tf.zeros(s.map((d) => d ?? 1)));
      const out = this.call(xs.length === 1 ? xs[0]! : xs, { training: false });
      const outs = Array.isArray(out) ? out : [out];
      const res = outs.map((o) => [shapes[0]![0] ?? null, ...o.shape.slice(1)]);
      return (Array.isArray(out) ? res : res[0]!) as never;
    });
  }

  // ----- training (one loop for every backend, in ../training) -----

  compile(args: CompileArgs): void {
    this.compiled = compileModel(this, args);
  }

  fit(x: ModelData, y: ModelData, args: FitArgs = {}): Promise<History> {
    return fit(this, x, y, args);
  }

  fitDataset(dataset: DatasetLike, args: FitDatasetArgs = {}): Promise<History> {
    return fitDataset(this, dataset, args);
  }

  evaluate(x: ModelData, y: ModelData, args: EvaluateArgs = {}): Promise<Tensor | Tensor[]> {
    return evaluate(this, x, y, args);
  }

  evaluateDataset(dataset: DatasetLike, args: { batches?: number } = {}): Promise<Tensor | Tensor[]> {
    return evaluateDataset(this, dataset, args);
  }

  predict(x: ModelData, args: { batchSize?: number; verbose?: number } = {}): Tensor | Tensor[] {
    return predict(this, x, args);
  }

  /** One batch through the model in inference mode. */
  predictOnBatch(x: ModelData): Tensor | Tensor[] {
    const xs = tf.isTensor(x) ? undefined : x;
    return predict(this, xs ?? x, { batchSize: Math.max(1, (tf.isTensor(x) ? x : Object.values(x)[0]!).shape[0] ?? 1) });
  }

  /** One optimizer step on one batch; resolves to the loss (and metrics) of that batch. */
  trainOnBatch(x: ModelData, y: ModelData, args: { sampleWeight?: Tensor } = {}): Promise<number | number[]> {
    return trainOnBatch(this, x, y, args);
  }

  /** Keras's summary table: layer (type), output shape, params, and the totals. */
  summary(lineLength?: number, positions?: number[], printFn: (line: string) => void = console.log): void {
    summary(this, lineLength, positions, printFn);
  }

  /** Saves the model in the tfjs layers format: 'file://dir' (Node), 'localstorage://name', 'indexeddb://name' or an IOHandler. */
  save(handlerOrUrl: string | IOHandler, config?: SaveConfig): Promise<SaveResult> {
    return saveModel(this, handlerOrUrl, config);
  }

  // ----- weights: the union of the layers' weights (shared layers counted once) -----

  /** Per layer, in layer order, each layer's own order (trainable first) — tfjs's order, so weights copy across. */
  override get weightEntries(): readonly LayerWeight[] {
    const seen = new Set<Variable>();
    const out: LayerWeight[] = [];
    for (const w of [...super.weightEntries, ...this.layers.flatMap((l) => l.weightEntries)]) {
      if (seen.has(w.variable)) continue;
      seen.add(w.variable);
      out.push(w);
    }
    return out;
  }

  override get weights(): Variable[] {
    return this.weightEntries.map((w) => w.variable);
  }

  override get trainableWeights(): Variable[] {
    if (!this.trainable) return [];
    const seen = new Set<Variable>();
    return [...this.layers.flatMap((l) => l.trainableWeights), ...super.trainableWeights].filter((v) => !seen.has(v) && (seen.add(v), true));
  }

  override get nonTrainableWeights(): Variable[] {
    const t = new Set(this.trainableWeights);
    return this.weights.filter((v) => !t.has(v));
  }

  override get losses(): Tensor[] {
    return [...super.losses, ...this.layers.flatMap((l) => l.losses)];
  }

  override applyConstraints(): void {
    super.applyConstraints();
    for (const l of this.layers) l.applyConstraints();
  }

  override countParams(): number {
    return this.weights.reduce((n, v) => n + v.size, 0);
  }

  /** Frees the weights, and the optimizer's state when compile() created the optimizer from a name (as tfjs). */
  override dispose(): void {
    for (const l of this.layers) l.dispose();
    const c = this.compiled as { optimizer?: { dispose?(): void }; ownsOptimizer?: boolean } | null;
    if (c?.ownsOptimizer) c.optimizer?.dispose?.();
    this.compiled = null;
    super.dispose();
  }

  override getConfig(): Record<string, unknown> {
    if (!this.graph) {
      throw new Error(
        `Model "${this.name}" is subclassed: its structure is code, so getConfig() cannot describe it. Save its weights (model.save) and rebuild it from your class to load them.`,
      );
    }
    return { name: this.name };
  }
}

/** Keras's functional constructor: `model({ inputs, outputs })`. */
export function model(args: ModelArgs): Model {
  return new Model(args);
}
