import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { checkPositiveInt, checkRate, formatShape, invalidArgument } from '../errors.js';
import type { CallArgs, LayerArgs } from '../engine/layer.js';
import { getActivation } from '../activations.js';
import type { ActivationFn } from '../activations.js';
import { getInitializer, serializeInitializer } from '../initializers.js';
import type { Initializer, InitializerIdentifier } from '../initializers.js';
import { getRegularizer } from '../regularizers.js';
import type { RegularizerIdentifier } from '../regularizers.js';
import { getConstraint } from '../constraints.js';
import type { ConstraintIdentifier } from '../constraints.js';
import type { LayerShape } from '../shape.js';
import { asShapeList } from '../shape.js';
import { serializeOptional } from '../core/serialize.js';
import { RNNCell, callCellOnce } from './cell.js';

/** Arguments shared by SimpleRNNCell, LSTMCell and GRUCell (Keras 3 names and defaults). */
export interface DenseCellArgs extends LayerArgs {
  units: number;
  /** Default 'tanh'; null means linear. */
  activation?: string | ActivationFn | null;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  recurrentInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  recurrentRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
  recurrentConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
  /** Fraction of the inputs dropped (training only; one mask per call, shared by all steps). */
  dropout?: number;
  /** Fraction of the recurrent state dropped (training only; one mask per gate per call). */
  recurrentDropout?: number;
  seed?: number | null;
}

/** The cell args a recurrent layer forwards to its cell. */
export const DENSE_CELL_KEYS = [
  'units', 'activation', 'useBias', 'kernelInitializer', 'recurrentInitializer', 'biasInitializer', 'kernelRegularizer',
  'recurrentRegularizer', 'biasRegularizer', 'kernelConstraint', 'recurrentConstraint', 'biasConstraint', 'dropout',
  'recurrentDropout', 'seed',
] as const;

/** `x` [batch, time, in] · `w` [in, out] as one matMul over every step. */
function sequenceMatMul(x: Tensor, w: Tensor): Tensor {
  const [b, t, f] = x.shape as [number, number, number];
  return tf.reshape(tf.matMul(tf.reshape(x, [b * t, f]), w), [b, t, w.shape[1]!]);
}

/**
 * The common machinery of the dense recurrent cells: a kernel [in, gates·units], a recurrent kernel
 * [units, gates·units] and a bias, gate blocks side by side in Keras's order, so weights copy one-to-one into
 * Keras and tfjs. Inputs are projected for all steps at once; each step adds the recurrent projection.
 *
 * Dropout follows Keras 3: masks are drawn once per call. With recurrent dropout each gate gets its own input and
 * recurrent mask (Keras's implementation 1); otherwise one input mask is shared by all gates.
 */
export abstract class DenseRNNCell extends RNNCell {
  readonly units: number;
  readonly activation: { name: string; fn: ActivationFn };
  readonly useBias: boolean;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly seed: number | null;
  protected readonly kernelInitializer: Initializer;
  protected readonly recurrentInitializer: Initializer;
  protected readonly biasInitializer: Initializer;
  protected readonly cellArgs: DenseCellArgs;
  private readonly rng: tf.SeededRandom;
  kernel: tf.Variable | null = null;
  recurrentKernel: tf.Variable | null = null;
  bias: tf.Variable | null = null;
  /** Per-call dropout masks (live only between beginSequence and endSequence). */
  protected inputMasks: Tensor[] | null = null;
  protected recurrentMasks: Tensor[] | null = null;
  private inputDim = 0;

  /** Number of gate blocks (1 for SimpleRNN, 4 for LSTM, 3 for GRU). */
  protected abstract readonly gates: number;

  constructor(args: DenseCellArgs) {
    super(args);
    if (args === null || typeof args !== 'object') throw invalidArgument('units', 'a positive integer', undefined);
    this.units = checkPositiveInt('units', args.units);
    this.activation = getActivation(args.activation === undefined ? 'tanh' : args.activation);
    this.useBias = args.useBias ?? true;
    if (typeof this.useBias !== 'boolean') throw invalidArgument('use_bias', 'a boolean', args.useBias);
    this.kernelInitializer = getInitializer(args.kernelInitializer ?? 'glorot_uniform', 'kernel_initializer');
    this.recurrentInitializer = getInitializer(args.recurrentInitializer ?? 'orthogonal', 'recurrent_initializer');
    this.biasInitializer = getInitializer(args.biasInitializer ?? 'zeros', 'bias_initializer');
    getRegularizer(args.kernelRegularizer, 'kernel_regularizer');
    getRegularizer(args.recurrentRegularizer, 'recurrent_regularizer');
    getRegularizer(args.biasRegularizer, 'bias_regularizer');
    getConstraint(args.kernelConstraint, 'kernel_constraint');
    getConstraint(args.recurrentConstraint, 'recurrent_constraint');
    getConstraint(args.biasConstraint, 'bias_constraint');
    this.dropout = checkRate('dropout', args.dropout ?? 0);
    this.recurrentDropout = checkRate('recurrent_dropout', args.recurrentDropout ?? 0);
    if (args.seed !== undefined && args.seed !== null && (typeof args.seed !== 'number' || !Number.isInteger(args.seed))) {
      throw invalidArgument('seed', 'an integer or null', args.seed);
    }
    this.seed = args.seed ?? null;
    this.rng = new tf.SeededRandom(this.seed ?? tf.freshSeed());
    this.cellArgs = args;
  }

  get stateSize(): number[] {
    return [this.units];
  }

  override get outputSize(): number {
    return this.units;
  }

  /** Bias shape and initializer (GRU with resetAfter and LSTM with unitForgetBias override these). */
  protected biasShape(): number[] {
    return [this.gates * this.units];
  }

  protected biasInitializerForBuild(): Initializer {
    return this.biasInitializer;
  }

  /** The part of the bias added to the input projection. */
  protected inputBias(): Tensor | null {
    return this.bias;
  }

  override build(inputShape: LayerShape | LayerShape[]): void {
    const shape = asShapeList(inputShape)[0]!;
    const inDim = shape[shape.length - 1];
    if (inDim === null || inDim === undefined) {
      throw new Error(`Layer "${this.name}": the last dimension of the inputs should be defined. Found None. Full input shape received: ${formatShape(shape)}`);
    }
    this.inputDim = inDim;
    const n = this.gates * this.units;
    const a = this.cellArgs;
    this.kernel = this.addWeight('kernel', [inDim, n], {
      initializer: this.kernelInitializer,
      regularizer: a.kernelRegularizer,
      constraint: a.kernelConstraint,
    });
    this.recurrentKernel = this.addWeight('recurrent_kernel', [this.units, n], {
      initializer: this.recurrentInitializer,
      regularizer: a.recurrentRegularizer,
      constraint: a.recurrentConstraint,
    });
    if (this.useBias) {
      this.bias = this.addWeight('bias', this.biasShape(), {
        initializer: this.biasInitializerForBuild(),
        regularizer: a.biasRegularizer,
        constraint: a.biasConstraint,
      });
    }
    this.built = true;
  }

  private masks(count: number, shape: number[], rate: number): Tensor[] {
    return Array.from({ length: count }, () => tf.dropout(tf.ones(shape, this.dtype), rate, undefined, this.rng.nextInt(4294967296)));
  }

  override beginSequence(batchSize: number, training: boolean): void {
    // Keras applies dropout only for 0 < rate < 1.
    const perGate = this.recurrentDropout > 0;
    this.inputMasks = training && this.dropout > 0 && this.dropout < 1 ? this.masks(perGate ? this.gates : 1, [batchSize, this.inputDim], this.dropout) : null;
    this.recurrentMasks =
      training && this.recurrentDropout > 0 && this.recurrentDropout < 1 ? this.masks(this.gates, [batchSize, this.units], this.recurrentDropout) : null;
  }

  override endSequence(): void {
    this.inputMasks = null;
    this.recurrentMasks = null;
  }

  /** Columns of gate block `g` (of `count` consecutive blocks) of a [rows, gates·units] matrix. */
  protected gateBlock(w: Tensor, g: number, count = 1): Tensor {
    return tf.slice(w, [0, g * this.units], [w.shape[0]!, count * this.units]);
  }

  override projectInputs(sequence: Tensor): Tensor {
    const masks = this.inputMasks;
    const w = this.kernel!;
    let proj: Tensor;
    if (!masks) proj = sequenceMatMul(sequence, w);
    else if (masks.length === 1) proj = sequenceMatMul(sequence.mul(tf.expandDims(masks[0]!, 1)), w);
    else proj = tf.concat(masks.map((m, g) => sequenceMatMul(sequence.mul(tf.expandDims(m, 1)), this.gateBlock(w, g))), 2);
    const b = this.inputBias();
    return b ? proj.add(b) : proj;
  }

  /** h · recurrent_kernel for `count` gate blocks starting at `first`, with each gate's recurrent dropout mask. */
  protected recurrentProjection(h: Tensor, first: number, count: number): Tensor {
    const u = this.recurrentKernel!;
    const masks = this.recurrentMasks;
    if (!masks) return tf.matMul(h, count === this.gates ? u : this.gateBlock(u, first, count));
    const parts = Array.from({ length: count }, (_, k) => tf.matMul(h.mul(masks[first + k]!), this.gateBlock(u, first + k)));
    return parts.length === 1 ? parts[0]! : tf.concat(parts, 1);
  }

  /** A standalone step: `[x, ...states]` → `[output, ...newStates]` (states default to zeros). */
  call(inputs: Tensor | Tensor[], kwargs: CallArgs): Tensor[] {
    return callCellOnce(this, inputs, kwargs);
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape[] {
    const batch = asShapeList(inputShape)[0]![0] ?? null;
    return [[batch, this.units], ...this.stateSize.map((n) => [batch, n])];
  }

  override getConfig(): Record<string, unknown> {
    const a = this.cellArgs;
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation.name,
      useBias: this.useBias,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      recurrentInitializer: serializeInitializer(this.recurrentInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      kernelRegularizer: serializeOptional(getRegularizer(a.kernelRegularizer)),
      recurrentRegularizer: serializeOptional(getRegularizer(a.recurrentRegularizer)),
      biasRegularizer: serializeOptional(getRegularizer(a.biasRegularizer)),
      kernelConstraint: serializeOptional(getConstraint(a.kernelConstraint)),
      recurrentConstraint: serializeOptional(getConstraint(a.recurrentConstraint)),
      biasConstraint: serializeOptional(getConstraint(a.biasConstraint)),
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
      seed: this.seed,
    };
  }
}
