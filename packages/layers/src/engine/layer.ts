import * as tf from '@tessera/core';
import type { DType, Tensor, Variable } from '@tessera/core';
import { formatShape, invalidArgument } from '../errors.js';
import { getInitializer } from '../initializers.js';
import type { InitializerIdentifier } from '../initializers.js';
import { getRegularizer } from '../regularizers.js';
import type { Regularizer, RegularizerIdentifier } from '../regularizers.js';
import { getConstraint } from '../constraints.js';
import type { Constraint, ConstraintIdentifier } from '../constraints.js';
import type { LayerShape } from '../shape.js';
import { SymbolicTensor, isSymbolic } from './symbolic.js';
import type { LayerNode } from './symbolic.js';

export interface LayerArgs {
  name?: string;
  trainable?: boolean;
  /** Input shape without the batch dim (Keras's input_shape). */
  inputShape?: LayerShape;
  batchInputShape?: LayerShape;
  batchSize?: number;
  dtype?: DType;
}

export interface CallArgs {
  training?: boolean;
  mask?: Tensor | (Tensor | null)[] | null;
  [key: string]: unknown;
}

/** What a layer accepts, checked before build and call (Keras's InputSpec). */
export interface InputSpec {
  ndim?: number;
  minNdim?: number;
  maxNdim?: number;
  /** axis → required size, e.g. { [-1]: 64 } */
  axes?: Record<number, number>;
}

/** A weight: its stable readable path (`dense_1/kernel`), the variable holding it, and its update rules. */
export interface LayerWeight {
  readonly name: string;
  readonly variable: Variable;
  readonly trainable: boolean;
  readonly regularizer: Regularizer | null;
  readonly constraint: Constraint | null;
}

export type LayerInput = Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[];

const UIDS = Symbol.for('@tessera/layers/uids');
type G = typeof globalThis & { [UIDS]?: Map<string, number> };

/** Keras auto-naming: dense, dense_1, dense_2, … per prefix. */
export function uniqueLayerName(prefix: string): string {
  const g = globalThis as G;
  const uids = (g[UIDS] ??= new Map());
  const n = (uids.get(prefix) ?? 0) + 1;
  uids.set(prefix, n);
  return n === 1 ? prefix : `${prefix}_${n - 1}`;
}

/** Resets auto-naming (Keras's clear_session), so tests and scripts get predictable names. */
export function resetLayerNames(): void {
  (globalThis as G)[UIDS]?.clear();
}

/** Keras's to_snake_case: Conv2D → conv2d, MaxPooling2D → max_pooling2d, BatchNormalization → batch_normalization. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** Masks travel with tensors between layer calls (Keras's _keras_mask). */
const MASKS = new WeakMap<object, Tensor | null>();
export function getMask(t: Tensor): Tensor | null {
  return MASKS.get(t) ?? null;
}
export function setMask(t: Tensor, mask: Tensor | null): void {
  if (mask) MASKS.set(t, mask);
}

/**
 * The Keras layer contract: `build(inputShape)` creates weights, `call(inputs, { training, mask })` computes,
 * `computeOutputShape` infers shapes without data, `getConfig` describes the layer as plain data.
 */
export abstract class Layer {
  /** The class name used in configs and the registry; every concrete layer sets it. */
  static className = 'Layer';
  readonly name: string;
  trainable: boolean;
  built = false;
  readonly dtype: DType;
  batchInputShape: LayerShape | null;
  inputSpec: InputSpec | InputSpec[] | null = null;
  supportsMasking = false;
  /** Symbolic calls of this layer (functional API). */
  readonly inboundNodes: LayerNode[] = [];
  protected readonly layerWeights: LayerWeight[] = [];
  /** Activity-regularization penalties of the last call. */
  protected callLosses: Tensor[] = [];

  constructor(args: LayerArgs = {}) {
    const cls = (this.constructor as typeof Layer).className;
    if (args.name !== undefined && (typeof args.name !== 'string' || args.name === '' || args.name.includes('/'))) {
      throw invalidArgument('name', 'a non-empty string without "/"', args.name);
    }
    this.name = args.name ?? uniqueLayerName(toSnakeCase(cls));
    this.trainable = args.trainable ?? true;
    this.dtype = args.dtype ?? 'float32';
    if (args.batchInputShape) this.batchInputShape = [...args.batchInputShape];
    else if (args.inputShape) this.batchInputShape = [args.batchSize ?? null, ...args.inputShape];
    else this.batchInputShape = null;
  }

  get className(): string {
    return (this.constructor as typeof Layer).className;
  }

  /** Creates the weights for inputs of `inputShape` (batch dim included). */
  build(_inputShape: LayerShape | LayerShape[]): void {
    this.built = true;
  }

  abstract call(inputs: Tensor | Tensor[], kwargs: CallArgs): Tensor | Tensor[];

  computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape | LayerShape[] {
    return inputShape;
  }

  /** dtype of the outputs given the inputs' (most layers compute in their own float dtype). */
  computeOutputDType(_inputDTypes: DType[]): DType {
    return this.dtype;
  }

  /** The output mask: by default the input mask passes through layers that support masking. */
  computeMask(_inputs: Tensor | Tensor[], mask: Tensor | (Tensor | null)[] | null | undefined): Tensor | null {
    if (!this.supportsMasking) return null;
    return Array.isArray(mask) ? (mask[0] ?? null) : (mask ?? null);
  }

  getConfig(): Record<string, unknown> {
    const c: Record<string, unknown> = { name: this.name, trainable: this.trainable, dtype: this.dtype };
    if (this.batchInputShape) c.batchInputShape = this.batchInputShape;
    return c;
  }

  /**
   * Calls the layer: on tensors it builds on first use, checks the input spec and runs `call`; on symbolic
   * tensors it builds, infers output shapes and records the call for the functional API.
   */
  apply(inputs: Tensor, kwargs?: CallArgs): Tensor;
  apply(inputs: Tensor[], kwargs?: CallArgs): Tensor | Tensor[];
  apply(inputs: SymbolicTensor, kwargs?: CallArgs): SymbolicTensor;
  apply(inputs: SymbolicTensor[], kwargs?: CallArgs): SymbolicTensor | SymbolicTensor[];
  apply(inputs: LayerInput, kwargs?: CallArgs): Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[];
  apply(inputs: LayerInput, kwargs: CallArgs = {}): Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[] {
    const list = (Array.isArray(inputs) ? inputs : [inputs]) as (Tensor | SymbolicTensor)[];
    if (list.length === 0) throw new Error(`Layer "${this.name}" was called with no inputs.`);
    const symbolic = list.filter(isSymbolic).length;
    if (symbolic > 0 && symbolic !== list.length) {
      throw new Error(`Layer "${this.name}" was called with a mix of symbolic inputs (from input()) and concrete tensors.`);
    }
    const shapes: LayerShape[] = list.map((t) => [...t.shape]);
    const shapeArg = Array.isArray(inputs) ? shapes : shapes[0]!;
    this.assertInputCompatibility(shapes);
    if (!this.built) {
      this.build(shapeArg);
      this.built = true;
    }
    if (symbolic) return this.applySymbolic(list as SymbolicTensor[], Array.isArray(inputs), kwargs);
    const tensors = list as Tensor[];
    const callArgs: CallArgs = { ...kwargs };
    if (callArgs.mask === undefined) {
      const masks = tensors.map(getMask);
      if (masks.some((m) => m)) callArgs.mask = Array.isArray(inputs) ? masks : masks[0]!;
    }
    // Intermediates of the call are freed here; outputs, output masks and activity losses survive.
    const { out, mask, losses } = tf.tidy(() => {
      this.callLosses = [];
      const o = this.call(Array.isArray(inputs) ? tensors : tensors[0]!, callArgs);
      const m = this.computeMask(Array.isArray(inputs) ? tensors : tensors[0]!, callArgs.mask);
      return { out: o, mask: m, losses: this.callLosses };
    });
    this.callLosses = losses;
    for (const o of Array.isArray(out) ? out : [out]) setMask(o, mask);
    return out;
  }

  private applySymbolic(inputs: SymbolicTensor[], asList: boolean, kwargs: CallArgs): SymbolicTensor | SymbolicTensor[] {
    const shapeArg = asList ? inputs.map((s) => s.shape) : inputs[0]!.shape;
    const out = this.computeOutputShape(shapeArg);
    const outShapes = Array.isArray(out[0]) || (Array.isArray(out) && out.length === 0) ? (out as LayerShape[]) : [out as LayerShape];
    const node: LayerNode = { layer: this, inputs, kwargs, outputs: [] };
    const dtype = this.computeOutputDType(inputs.map((s) => s.dtype));
    node.outputs = outShapes.map((s, i) => new SymbolicTensor(s, dtype, node, `${this.name}/output_${i}`, i));
    this.inboundNodes.push(node);
    return outShapes.length === 1 && !Array.isArray(out[0]) ? node.outputs[0]! : node.outputs;
  }

  /** Checks ranks and fixed axis sizes against `inputSpec`, in Keras's words. */
  protected assertInputCompatibility(shapes: LayerShape[]): void {
    if (!this.inputSpec) return;
    const specs = Array.isArray(this.inputSpec) ? this.inputSpec : [this.inputSpec];
    if (Array.isArray(this.inputSpec) && specs.length !== shapes.length) {
      throw new Error(`Layer "${this.name}" expects ${specs.length} input(s), but it received ${shapes.length} input tensors.`);
    }
    specs.forEach((spec, i) => {
      const shape = shapes[i];
      if (!shape) return;
      const where = `Input ${i} of layer "${this.name}" is incompatible with the layer`;
      if (spec.ndim !== undefined && shape.length !== spec.ndim) {
        throw new Error(`${where}: expected ndim=${spec.ndim}, found ndim=${shape.length}. Full shape received: ${formatShape(shape)}`);
      }
      if (spec.minNdim !== undefined && shape.length < spec.minNdim) {
        throw new Error(`${where}: expected min_ndim=${spec.minNdim}, found ndim=${shape.length}. Full shape received: ${formatShape(shape)}`);
      }
      if (spec.maxNdim !== undefined && shape.length > spec.maxNdim) {
        throw new Error(`${where}: expected max_ndim=${spec.maxNdim}, found ndim=${shape.length}. Full shape received: ${formatShape(shape)}`);
      }
      for (const [axisStr, size] of Object.entries(spec.axes ?? {})) {
        const axis = Number(axisStr);
        const d = shape[axis < 0 ? shape.length + axis : axis];
        if (d !== null && d !== undefined && d !== size) {
          throw new Error(
            `${where}: expected axis ${axis} of input shape to have value ${size}, but received input with shape ${formatShape(shape)}`,
          );
        }
      }
    });
  }

  /** Creates a weight named `<layer>/<name>`; the variable gets a process-unique name if that path is taken. */
  addWeight(
    name: string,
    shape: number[],
    opts: {
      initializer?: InitializerIdentifier;
      regularizer?: RegularizerIdentifier | null;
      constraint?: ConstraintIdentifier | null;
      trainable?: boolean;
      dtype?: DType;
    } = {},
  ): Variable {
    if (shape.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new Error(`Layer "${this.name}": cannot create weight "${name}" with shape ${formatShape(shape)}: every dim must be known.`);
    }
    const path = `${this.name}/${name}`;
    if (this.layerWeights.some((w) => w.name === path)) throw new Error(`Layer "${this.name}" already has a weight named "${name}".`);
    const init = getInitializer(opts.initializer ?? 'glorot_uniform', `${name}_initializer`);
    const trainable = opts.trainable ?? true;
    const existing = new Set(tf.listVariables().map((v) => v.name));
    let varName = path;
    for (let k = 1; existing.has(varName); k++) varName = `${path}_${k}`;
    const variable = tf.tidy(() => tf.variable(init.apply(shape, opts.dtype ?? this.dtype), trainable, varName));
    this.layerWeights.push({
      name: path,
      variable,
      trainable,
      regularizer: getRegularizer(opts.regularizer, `${name}_regularizer`),
      constraint: getConstraint(opts.constraint, `${name}_constraint`),
    });
    return variable;
  }

  /** Every weight with its path (trainable first, as Keras orders `weights`). */
  get weightEntries(): readonly LayerWeight[] {
    const t = this.layerWeights.filter((w) => w.trainable && this.trainable);
    const n = this.layerWeights.filter((w) => !(w.trainable && this.trainable));
    return [...t, ...n];
  }

  get weights(): Variable[] {
    return this.weightEntries.map((w) => w.variable);
  }

  get trainableWeights(): Variable[] {
    return this.trainable ? this.layerWeights.filter((w) => w.trainable).map((w) => w.variable) : [];
  }

  get nonTrainableWeights(): Variable[] {
    return this.weightEntries.filter((w) => !(w.trainable && this.trainable)).map((w) => w.variable);
  }

  /** Copies of the weight values, in `weights` order; the caller owns them. */
  getWeights(): Tensor[] {
    return this.weights.map((v) => v.clone());
  }

  setWeights(weights: Tensor[]): void {
    const entries = this.weightEntries;
    if (!Array.isArray(weights) || weights.length !== entries.length) {
      throw new Error(
        `Layer "${this.name}" expects ${entries.length} weights (${entries.map((e) => e.name).join(', ') || 'none'}), but received ${Array.isArray(weights) ? weights.length : 'a non-array'}.`,
      );
    }
    entries.forEach((e, i) => {
      const w = weights[i]!;
      const s = e.variable.shape;
      if (w.rank !== s.length || w.shape.some((d, k) => d !== s[k])) {
        throw new Error(`Layer "${this.name}" weight "${e.name}" has shape ${formatShape([...s])}, but the provided weight has shape ${formatShape([...w.shape])}.`);
      }
    });
    entries.forEach((e, i) => tf.tidy(() => e.variable.assign(tf.cast(weights[i]!, e.variable.dtype))));
  }

  countParams(): number {
    if (!this.built) {
      throw new Error(`Layer "${this.name}" has not been built yet; call it on data or give it an inputShape before counting its parameters.`);
    }
    return this.weights.reduce((n, v) => n + v.size, 0);
  }

  /** Regularization penalties of the weights (recomputed on each access, so they can be differentiated). */
  get losses(): Tensor[] {
    const ws = this.layerWeights.filter((w) => w.regularizer).map((w) => w.regularizer!.apply(w.variable));
    return [...ws, ...this.callLosses];
  }

  /** Applies weight constraints (the optimizer loop calls this after each update). */
  applyConstraints(): void {
    for (const w of this.layerWeights) {
      if (w.constraint) tf.tidy(() => w.variable.assign(w.constraint!.apply(w.variable)));
    }
  }

  /** Frees the weights. */
  dispose(): void {
    for (const w of this.layerWeights) w.variable.dispose();
    this.layerWeights.length = 0;
    this.built = false;
  }
}
