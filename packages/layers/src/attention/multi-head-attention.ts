import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { checkPositiveInt, checkRate, formatShape, formatValue, invalidArgument } from '../errors.js';
import { Layer } from '../engine/layer.js';
import type { CallArgs, LayerArgs, LayerInput } from '../engine/layer.js';
import type { SymbolicTensor } from '../engine/symbolic.js';
import { getInitializer, serializeInitializer } from '../initializers.js';
import type { InitializerIdentifier } from '../initializers.js';
import { getRegularizer } from '../regularizers.js';
import type { RegularizerIdentifier } from '../regularizers.js';
import { getConstraint } from '../constraints.js';
import type { ConstraintIdentifier } from '../constraints.js';
import type { LayerShape } from '../shape.js';
import { isShapeList } from '../shape.js';
import { serializeOptional } from '../core/serialize.js';
import { formatShapes, masksOf } from '../merging/merge.js';
import { attentionLayout, causalMask, maskedSoftmax } from './attention-utils.js';

export interface MultiHeadAttentionArgs extends LayerArgs {
  numHeads: number;
  /** Size of each head for query and key. */
  keyDim: number;
  /** Size of each head for value (default keyDim). */
  valueDim?: number | null;
  /** Dropout rate on the attention probabilities (training only). */
  dropout?: number;
  useBias?: boolean;
  /** Last dim(s) of the output (default: the query's last dim). */
  outputShape?: number | number[] | null;
  /** Axes of the query the attention runs over (default: every axis but batch and features). */
  attentionAxes?: number | number[] | null;
  kernelInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  activityRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
  seed?: number | null;
}

export interface MultiHeadAttentionCallArgs extends CallArgs {
  /** bool [batch, T, S] (or broadcastable): true where query position t may attend to key position s. */
  attentionMask?: Tensor | null;
  returnAttentionScores?: boolean;
  /** Each query position attends only to key positions at or before it. */
  useCausalMask?: boolean;
}

interface Projection {
  kernel: tf.Variable;
  bias: tf.Variable | null;
}

/**
 * Keras's MultiHeadAttention: query, key and value are projected to `numHeads` heads (EinsumDense kernels
 * [dim, heads, keyDim]), scores softmax(q·kᵀ/√keyDim) over the attention axes, masked where the attention mask
 * (explicit, causal, or from the inputs' masks) is false, and the heads' results projected back to the output
 * shape. Called as `apply([query, value])` or `apply([query, value, key])` (key defaults to value).
 */
export class MultiHeadAttention extends Layer {
  static override className = 'MultiHeadAttention';
  readonly numHeads: number;
  readonly keyDim: number;
  readonly valueDim: number;
  readonly dropout: number;
  readonly useBias: boolean;
  readonly outputShape: number[] | null;
  readonly attentionAxes: number[] | null;
  readonly seed: number | null;
  private readonly args: MultiHeadAttentionArgs;
  private readonly rng: tf.SeededRandom;
  private query: Projection | null = null;
  private key: Projection | null = null;
  private value: Projection | null = null;
  private output: Projection | null = null;
  /** Set by apply for the symbolic shape inference of a call that returns the scores too. */
  private returnScoresShape = false;

  constructor(args: MultiHeadAttentionArgs) {
    super(args);
    this.numHeads = checkPositiveInt('num_heads', args.numHeads);
    this.keyDim = checkPositiveInt('key_dim', args.keyDim);
    this.valueDim = args.valueDim === undefined || args.valueDim === null ? this.keyDim : checkPositiveInt('value_dim', args.valueDim);
    this.dropout = checkRate('dropout', args.dropout ?? 0);
    if (args.useBias !== undefined && typeof args.useBias !== 'boolean') throw invalidArgument('use_bias', 'a boolean', args.useBias);
    this.useBias = args.useBias ?? true;
    const os = args.outputShape;
    if (os === undefined || os === null) this.outputShape = null;
    else {
      const list = typeof os === 'number' ? [os] : os;
      if (!Array.isArray(list) || list.length === 0 || list.some((d) => typeof d !== 'number' || !Number.isInteger(d) || d <= 0)) {
        throw invalidArgument('output_shape', 'a positive integer or a non-empty list of positive integers', os);
      }
      this.outputShape = [...list];
    }
    const ax = args.attentionAxes;
    if (ax === undefined || ax === null) this.attentionAxes = null;
    else {
      const list = typeof ax === 'number' ? [ax] : ax;
      if (!Array.isArray(list) || list.length === 0 || list.some((a) => typeof a !== 'number' || !Number.isInteger(a))) {
        throw new Error(`\`attention_axes\` must be an int, list, or tuple. Received: attention_axes=${formatValue(ax)}`);
      }
      this.attentionAxes = [...list];
    }
    if (args.seed !== undefined && args.seed !== null && (typeof args.seed !== 'number' || !Number.isFinite(args.seed))) {
      throw invalidArgument('seed', 'an integer or null', args.seed);
    }
    this.seed = args.seed ?? null;
    this.rng = new tf.SeededRandom(args.seed ?? tf.freshSeed());
    getInitializer(args.kernelInitializer ?? 'glorot_uniform', 'kernel_initializer');
    getInitializer(args.biasInitializer ?? 'zeros', 'bias_initializer');
    getRegularizer(args.kernelRegularizer, 'kernel_regularizer');
    getRegularizer(args.biasRegularizer, 'bias_regularizer');
    getRegularizer(args.activityRegularizer, 'activity_regularizer');
    getConstraint(args.kernelConstraint, 'kernel_constraint');
    getConstraint(args.biasConstraint, 'bias_constraint');
    this.args = args;
    this.supportsMasking = true;
  }

  /** [query, value, key] shapes (key defaults to value), checked as Keras does. */
  private splitShapes(inputShape: LayerShape | LayerShape[]): [LayerShape, LayerShape, LayerShape] {
    if (!isShapeList(inputShape) || inputShape.length < 2 || inputShape.length > 3) {
      const got = isShapeList(inputShape) ? formatShapes(inputShape) : formatShape(inputShape as LayerShape);
      throw new Error(`Layer "${this.name}" (MultiHeadAttention) should be called on a list [query, value] or [query, value, key]. Received: input_shape=${got}`);
    }
    const [q, v, k = v] = inputShape as LayerShape[];
    return [q!, v!, k!];
  }

  /** Non-negative attention axes of a query of rank `rank` (default: 1 … rank-2). */
  private resolveAttentionAxes(rank: number): number[] {
    if (!this.attentionAxes) return Array.from({ length: rank - 2 }, (_, i) => i + 1);
    const axes = this.attentionAxes.map((a) => (a < 0 ? a + rank : a));
    if (axes.some((a) => a < 1 || a > rank - 2) || new Set(axes).size !== axes.length) {
      throw new Error(
        `Layer "${this.name}": \`attention_axes\` ${formatValue(this.attentionAxes)} must be distinct axes of the query other than the batch and feature axes (1 to ${rank - 2} for a query of rank ${rank}).`,
      );
    }
    return [...axes].sort((a, b) => a - b);
  }

  protected override assertInputCompatibility(shapes: LayerShape[]): void {
    const [q, v, k] = this.splitShapes(shapes);
    if (q.length < 3) {
      throw new Error(`Layer "${this.name}": the query should have rank >= 3 (batch, positions…, features). Received: query_shape=${formatShape(q)}`);
    }
    if (v.length !== q.length || k.length !== q.length) {
      throw new Error(`Layer "${this.name}": query, value and key should have the same rank. Received: query_shape=${formatShape(q)}, value_shape=${formatShape(v)}, key_shape=${formatShape(k)}`);
    }
    const same = v.slice(1, -1).every((d, i) => d === null || k[i + 1] === null || d === k[i + 1]);
    if (!same) {
      throw new Error(`All dimensions of \`value\` and \`key\`, except the last one, must be equal. Received: value_shape=${formatShape(v)} and key_shape=${formatShape(k)}`);
    }
    this.resolveAttentionAxes(q.length);
    if (this.built) {
      const want = [this.query!.kernel.shape[0], this.value!.kernel.shape[0], this.key!.kernel.shape[0]];
      [q, v, k].forEach((s, i) => {
        const d = s[s.length - 1];
        if (d !== null && d !== want[i]) {
          throw new Error(
            `Input ${i === 0 ? 'query' : i === 1 ? 'value' : 'key'} of layer "${this.name}" is incompatible with the layer: expected its last axis to have value ${want[i]}, but received input with shape ${formatShape(s)}`,
          );
        }
      });
    }
  }

  private projection(name: string, shape: number[], biasShape: number[]): Projection {
    const a = this.args;
    const kernel = this.addWeight(`${name}/kernel`, shape, {
      initializer: a.kernelInitializer ?? 'glorot_uniform',
      regularizer: a.kernelRegularizer,
      constraint: a.kernelConstraint,
    });
    const bias = this.useBias
      ? this.addWeight(`${name}/bias`, biasShape, { initializer: a.biasInitializer ?? 'zeros', regularizer: a.biasRegularizer, constraint: a.biasConstraint })
      : null;
    return { kernel, bias };
  }

  override build(inputShape: LayerShape | LayerShape[]): void {
    const [q, v, k] = this.splitShapes(inputShape);
    const last = (s: LayerShape, what: string) => {
      const d = s[s.length - 1];
      if (d === null || d === undefined) throw new Error(`Layer "${this.name}": the last dimension of \`${what}\` should be defined. Received: ${what}_shape=${formatShape(s)}`);
      return d;
    };
    const [qd, vd, kd] = [last(q, 'query'), last(v, 'value'), last(k, 'key')];
    const n = this.numHeads;
    const out = this.outputShape ?? [qd];
    // Keras's weight order: query, key, value, attention_output (kernel then bias each).
    this.query = this.projection('query', [qd, n, this.keyDim], [n, this.keyDim]);
    this.key = this.projection('key', [kd, n, this.keyDim], [n, this.keyDim]);
    this.value = this.projection('value', [vd, n, this.valueDim], [n, this.valueDim]);
    this.output = this.projection('attention_output', [n, this.valueDim, ...out], out);
    this.built = true;
  }

  // Layer.apply's overloads, narrowed by returnAttentionScores ([output, scores] or the output alone); records
  // whether this call returns the scores, for symbolic shape inference.
  override apply(inputs: Tensor[], kwargs: MultiHeadAttentionCallArgs & { returnAttentionScores: true }): Tensor[];
  override apply(inputs: Tensor[], kwargs?: MultiHeadAttentionCallArgs & { returnAttentionScores?: false }): Tensor;
  override apply(inputs: SymbolicTensor[], kwargs: MultiHeadAttentionCallArgs & { returnAttentionScores: true }): SymbolicTensor[];
  override apply(inputs: SymbolicTensor[], kwargs?: MultiHeadAttentionCallArgs & { returnAttentionScores?: false }): SymbolicTensor;
  override apply(inputs: Tensor, kwargs?: MultiHeadAttentionCallArgs): Tensor;
  override apply(inputs: Tensor[], kwargs?: MultiHeadAttentionCallArgs): Tensor | Tensor[];
  override apply(inputs: SymbolicTensor, kwargs?: MultiHeadAttentionCallArgs): SymbolicTensor;
  override apply(inputs: SymbolicTensor[], kwargs?: MultiHeadAttentionCallArgs): SymbolicTensor | SymbolicTensor[];
  override apply(inputs: LayerInput, kwargs?: MultiHeadAttentionCallArgs): Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[];
  override apply(inputs: LayerInput, kwargs: MultiHeadAttentionCallArgs = {}): Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[] {
    this.returnScoresShape = kwargs.returnAttentionScores === true;
    try {
      return super.apply(inputs, kwargs);
    } finally {
      this.returnScoresShape = false;
    }
  }

  /** x [..., d] · kernel [d, ...rest] (+ bias [...rest]) → [..., ...rest], as Keras's EinsumDense. */
  private project(x: Tensor, p: Projection, inDims: number): Tensor {
    const inShape = p.kernel.shape.slice(0, inDims);
    const rest = p.kernel.shape.slice(inDims);
    const k = inShape.reduce((a, b) => a * b, 1);
    const m = rest.reduce((a, b) => a * b, 1);
    const lead = x.shape.slice(0, x.rank - inDims);
    let y = tf.matMul(tf.reshape(x, [-1, k]), tf.reshape(p.kernel, [k, m]));
    if (p.bias) y = tf.add(y, tf.reshape(p.bias, [m]));
    return tf.reshape(y, [...lead, ...rest]);
  }

  call(inputs: Tensor | Tensor[], kwargs: MultiHeadAttentionCallArgs): Tensor | Tensor[] {
    if (!Array.isArray(inputs) || inputs.length < 2 || inputs.length > 3) {
      throw new Error(`Layer "${this.name}" (MultiHeadAttention) should be called on a list [query, value] or [query, value, key].`);
    }
    const [query, value, key = value] = inputs as Tensor[];
    const masks = masksOf(kwargs, inputs.length);
    const queryMask = masks?.[0] ?? null;
    const valueMask = masks?.[1] ?? null;
    const keyMask = inputs.length === 3 ? (masks?.[2] ?? null) : valueMask;
    const mask = this.computeAttentionMask(query!, value!, queryMask, valueMask, keyMask, kwargs);

    const q = tf.mul(this.project(query!, this.query!, 1), 1 / Math.sqrt(this.keyDim));
    const k = this.project(key!, this.key!, 1);
    const v = this.project(value!, this.value!, 1);
    const axes = this.resolveAttentionAxes(query!.rank);
    const lq = attentionLayout(q, axes);
    const lk = attentionLayout(k, axes);
    const lv = attentionLayout(v, axes);
    // [flat batch (incl. heads), query positions, key positions]
    const logits = tf.matMul(lq.flat, lk.flat, false, true);
    const scoresShape = [...lq.batchShape, ...lq.positionShape, ...lk.positionShape];
    const probs = maskedSoftmax(logits, mask, scoresShape, axes.length);
    const dropped = kwargs.training && this.dropout > 0 ? tf.dropout(probs, this.dropout, undefined, this.rng.nextInt(4294967296)) : probs;
    const heads = lq.unflatten(tf.matMul(dropped, lv.flat), this.valueDim);
    const out = this.project(heads, this.output!, 2);
    const scores = kwargs.returnAttentionScores ? tf.reshape(probs, scoresShape) : null;
    const reg = getRegularizer(this.args.activityRegularizer);
    if (reg) for (const o of scores ? [out, scores] : [out]) this.callLosses.push(reg.apply(o));
    return scores ? [out, scores] : out;
  }

  /** Keras's _compute_attention_mask: the AND of the explicit mask, the inputs' masks and the causal mask. */
  private computeAttentionMask(
    query: Tensor,
    value: Tensor,
    queryMask: Tensor | null,
    valueMask: Tensor | null,
    keyMask: Tensor | null,
    kwargs: MultiHeadAttentionCallArgs,
  ): Tensor | null {
    const bool = (m: Tensor) => (m.dtype === 'bool' ? m : tf.cast(m, 'bool'));
    const and = (a: Tensor | null, b: Tensor) => (a ? tf.logicalAnd(a, b) : b);
    let auto: Tensor | null = null;
    if (queryMask) auto = tf.expandDims(bool(queryMask), -1); // [B, T, 1]
    if (valueMask) auto = and(auto, tf.expandDims(bool(valueMask), -2)); // [B, 1, S]
    if (keyMask) auto = and(auto, tf.expandDims(bool(keyMask), -2));
    if (kwargs.useCausalMask) auto = and(auto, causalMask(query.shape[1]!, value.shape[1]!));
    const explicit = kwargs.attentionMask ? bool(kwargs.attentionMask) : null;
    return auto ? and(explicit, auto) : explicit;
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape | LayerShape[] {
    const [q, v] = this.splitShapes(inputShape);
    const out = [...q.slice(0, -1), ...(this.outputShape ?? [q[q.length - 1]!])];
    if (!this.returnScoresShape) return out;
    const axes = this.resolveAttentionAxes(q.length);
    const batch = [...q.slice(0, -1), this.numHeads].filter((_, i) => !axes.includes(i));
    return [out, [...batch, ...axes.map((a) => q[a]!), ...axes.map((a) => v[a]!)]];
  }

  override getConfig() {
    const a = this.args;
    return {
      ...super.getConfig(),
      numHeads: this.numHeads,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
      dropout: this.dropout,
      useBias: this.useBias,
      outputShape: this.outputShape,
      attentionAxes: this.attentionAxes,
      kernelInitializer: serializeInitializer(getInitializer(a.kernelInitializer ?? 'glorot_uniform')),
      biasInitializer: serializeInitializer(getInitializer(a.biasInitializer ?? 'zeros')),
      kernelRegularizer: serializeOptional(getRegularizer(a.kernelRegularizer)),
      biasRegularizer: serializeOptional(getRegularizer(a.biasRegularizer)),
      activityRegularizer: serializeOptional(getRegularizer(a.activityRegularizer)),
      kernelConstraint: serializeOptional(getConstraint(a.kernelConstraint)),
      biasConstraint: serializeOptional(getConstraint(a.biasConstraint)),
      seed: this.seed,
    };
  }
}
