import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { formatShape, invalidArgument } from '../errors.js';
import { Layer } from '../engine/layer.js';
import type { CallArgs, LayerArgs, LayerWeight } from '../engine/layer.js';
import { getRegularizer } from '../regularizers.js';
import type { RegularizerIdentifier } from '../regularizers.js';
import { serializeOptional } from '../core/serialize.js';
import type { LayerShape } from '../shape.js';
import { asShapeList } from '../shape.js';
import { RNNCell, checkStates } from './cell.js';
import { StackedRNNCells } from './stacked-cells.js';
import { deserializeCell } from './cell-resolver.js';
import { childWeightPenalties, nestedWeightEntries } from './nested.js';

/** Arguments of every recurrent layer (Keras 3 names and defaults). */
export interface RecurrentLayerArgs extends LayerArgs {
  /** Return the whole output sequence [batch, time, units] instead of the last output. Default false. */
  returnSequences?: boolean;
  /** Also return the final states: [output, ...states]. Default false. */
  returnState?: boolean;
  /** Process the sequence in reverse and return the reversed sequence. Default false. */
  goBackwards?: boolean;
  /** Carry the final states of a call over as the initial states of the next (see resetStates). Default false. */
  stateful?: boolean;
  /** Accepted for Keras compatibility and ignored: the time loop always runs eagerly, step by step. */
  unroll?: boolean;
  /** Masked steps output zeros instead of repeating the previous output (Keras; Bidirectional sets it). */
  zeroOutputForMask?: boolean;
  /** Inputs and sequence outputs are [time, batch, ...] (Keras 2's time_major). Default false. */
  timeMajor?: boolean;
  activityRegularizer?: RegularizerIdentifier | null;
}

export interface RNNArgs extends RecurrentLayerArgs {
  /** A cell, or a list of cells to stack (Keras's StackedRNNCells). */
  cell: RNNCell | RNNCell[];
}

/** Call arguments of recurrent layers: `initialState` replaces the zero (or stateful) initial states. */
export interface RNNCallArgs extends CallArgs {
  initialState?: Tensor | Tensor[] | null;
}

const RNN_KEYS = ['returnSequences', 'returnState', 'goBackwards', 'stateful', 'unroll', 'zeroOutputForMask', 'timeMajor'] as const;

function checkBool(name: string, v: unknown): boolean {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw invalidArgument(name, 'a boolean', v);
  return v;
}

/**
 * Runs a cell over the time axis (Keras's `RNN(cell)`). Inputs are [batch, time, features]; the cell's input
 * projection runs for all steps at once, then the recurrent step runs once per time step with public ops, so
 * gradients flow through autograd with no custom rule.
 *
 * A mask [batch, time] (kwargs.mask, e.g. from Embedding({ maskZero }) or Masking) makes masked steps keep the
 * previous states and repeat the previous output (zeros with zeroOutputForMask), as Keras does.
 * Initial states come from kwargs.initialState, from extra inputs (`apply([x, h0, c0])`), from the stored states
 * of a stateful layer, or are zeros. Weights live in the cell and are listed under this layer's path
 * (`rnn/lstm_cell/kernel`).
 */
export class RNN extends Layer {
  static override className = 'RNN';
  readonly cell: RNNCell;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly stateful: boolean;
  readonly unroll: boolean;
  readonly timeMajor: boolean;
  zeroOutputForMask: boolean;
  protected readonly activityRegularizer: RegularizerIdentifier | null;
  private storedStates: Tensor[] | null = null;

  constructor(args: RNNArgs) {
    super(args);
    const cell = Array.isArray(args.cell) ? new StackedRNNCells({ cells: args.cell }) : args.cell;
    if (!(cell instanceof RNNCell)) {
      throw invalidArgument('cell', 'an RNN cell (an RNNCell subclass with `call` and `stateSize`) or a list of cells', cell);
    }
    this.cell = cell;
    this.returnSequences = checkBool('return_sequences', args.returnSequences);
    this.returnState = checkBool('return_state', args.returnState);
    this.goBackwards = checkBool('go_backwards', args.goBackwards);
    this.stateful = checkBool('stateful', args.stateful);
    this.unroll = checkBool('unroll', args.unroll);
    this.zeroOutputForMask = checkBool('zero_output_for_mask', args.zeroOutputForMask);
    this.timeMajor = checkBool('time_major', args.timeMajor);
    getRegularizer(args.activityRegularizer, 'activity_regularizer');
    this.activityRegularizer = args.activityRegularizer ?? null;
    this.supportsMasking = true;
    this.inputSpec = { minNdim: 3 };
  }

  get stateSize(): number[] {
    return this.cell.stateSize;
  }

  /** The states a stateful layer carries between calls (null before its first call or for a stateless layer). */
  get states(): Tensor[] | null {
    return this.storedStates;
  }

  override build(inputShape: LayerShape | LayerShape[]): void {
    const shape = asShapeList(inputShape)[0]!;
    if (shape.length < 3) {
      throw new Error(`Layer "${this.name}" expects inputs of shape (batch, time, features). Received: ${formatShape(shape)}`);
    }
    const [batch, , ...rest] = this.timeMajor ? [shape[1]!, shape[0]!, ...shape.slice(2)] : shape;
    if (!this.cell.built) {
      this.cell.build([batch ?? null, ...rest]);
      this.cell.built = true;
    }
    const last = shape[shape.length - 1];
    if (this.inputSpec && !Array.isArray(this.inputSpec) && last !== null && last !== undefined) {
      this.inputSpec = { ...this.inputSpec, axes: { [-1]: last } };
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape | LayerShape[] {
    const shape = asShapeList(inputShape)[0]!;
    const [batch, time] = this.timeMajor ? [shape[1] ?? null, shape[0] ?? null] : [shape[0] ?? null, shape[1] ?? null];
    const units = this.cell.outputSize;
    let out: LayerShape = [batch, units];
    if (this.returnSequences) out = this.timeMajor ? [time, batch, units] : [batch, time, units];
    if (!this.returnState) return out;
    return [out, ...this.cell.stateSize.map((n) => [batch, n])];
  }

  override computeMask(_inputs: Tensor | Tensor[], mask: Tensor | (Tensor | null)[] | null | undefined): Tensor | null {
    const m = Array.isArray(mask) ? (mask[0] ?? null) : (mask ?? null);
    return this.returnSequences ? m : null;
  }

  /** The mask as bool [batch, time], or null. */
  private resolveMask(mask: CallArgs['mask'], batch: number, time: number): Tensor | null {
    const m = Array.isArray(mask) ? (mask[0] ?? null) : (mask ?? null);
    if (!m) return null;
    if (m.rank !== 2 || m.shape[0] !== batch || m.shape[1] !== time) {
      throw new Error(`Layer "${this.name}": the mask should have shape (${batch}, ${time}) (batch, time). Received: mask with shape ${formatShape([...m.shape])}`);
    }
    return m.dtype === 'bool' ? m : tf.notEqual(m, 0);
  }

  private resolveInitialState(extra: Tensor[], given: RNNCallArgs['initialState'], batch: number): Tensor[] {
    let states: Tensor[] | null = null;
    if (given !== undefined && given !== null) states = Array.isArray(given) ? given : [given];
    else if (extra.length > 0) states = extra;
    else if (this.stateful) {
      if (this.storedStates && this.storedStates[0]!.shape[0] !== batch) {
        throw new Error(
          `Layer "${this.name}" is stateful and holds states for a batch of ${this.storedStates[0]!.shape[0]}, but it received a batch of ${batch}. Call resetStates() to start over with another batch size.`,
        );
      }
      this.storedStates ??= this.cell.getInitialState(batch).map((s) => tf.keep(s));
      states = this.storedStates;
    } else states = this.cell.getInitialState(batch);
    checkStates({ name: this.name, stateSize: this.cell.stateSize }, states, batch);
    return states;
  }

  call(inputs: Tensor | Tensor[], kwargs: RNNCallArgs): Tensor | Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    let x = list[0]!;
    if (this.timeMajor) x = tf.transpose(x, [1, 0, ...x.shape.slice(2).map((_, i) => i + 2)]);
    const [batch, time] = x.shape as [number, number];
    if (time === 0) throw new Error(`Layer "${this.name}" cannot run on a sequence of 0 time steps. Received: input with shape ${formatShape([...x.shape])}`);
    const training = kwargs.training === true;
    const initial = this.resolveInitialState(list.slice(1), kwargs.initialState, batch);
    const mask = this.resolveMask(kwargs.mask, batch, time);

    let states = initial;
    const outputs: Tensor[] = [];
    this.cell.beginSequence(batch, training);
    try {
      const steps = tf.unstack(this.cell.projectInputs(x), 1);
      const stepMasks = mask ? tf.unstack(tf.expandDims(mask, 2), 1) : null;
      let prevOutput: Tensor | null = null;
      for (let k = 0; k < time; k++) {
        const t = this.goBackwards ? time - 1 - k : k;
        let { output, states: next } = this.cell.step(steps[t]!, states, training);
        if (stepMasks) {
          const m = stepMasks[t]!;
          prevOutput ??= tf.zerosLike(output);
          output = tf.where(m, output, this.zeroOutputForMask ? tf.zerosLike(output) : prevOutput);
          next = next.map((s, i) => tf.where(m, s, states[i]!));
          prevOutput = output;
        }
        states = next;
        outputs.push(output);
      }
    } finally {
      this.cell.endSequence();
    }

    let output = this.returnSequences ? tf.stack(outputs, 1) : outputs[outputs.length - 1]!;
    if (this.returnSequences && this.timeMajor) output = tf.transpose(output, [1, 0, 2]);
    const reg = getRegularizer(this.activityRegularizer);
    if (reg) this.callLosses.push(tf.div(reg.apply(output), batch));
    // The last output is often the first state itself; return distinct tensors so each can be disposed.
    const result = this.returnState ? [output, ...states.map((s) => (s === output || initial.includes(s) ? tf.clone(s) : s))] : output;
    if (this.stateful) {
      const old = this.storedStates;
      this.storedStates = states.map((s) => tf.keep(tf.clone(s)));
      old?.forEach((s) => s.dispose());
    }
    return result;
  }

  /**
   * Sets the stored states of a stateful layer: to `states` if given (one [batch, size] tensor per state; copied),
   * otherwise back to zeros (Keras's reset_state; tfjs's resetStates).
   */
  resetStates(states?: Tensor | Tensor[] | null): void {
    if (!this.stateful) throw new Error(`Layer "${this.name}" is not stateful: pass stateful: true to carry states between calls.`);
    const old = this.storedStates;
    if (states === undefined || states === null) {
      this.storedStates = old ? tf.tidy(() => this.cell.getInitialState(old[0]!.shape[0]!)).map((s) => tf.keep(s)) : null;
    } else {
      const list = Array.isArray(states) ? states : [states];
      checkStates({ name: this.name, stateSize: this.cell.stateSize }, list, list[0]?.shape[0] ?? 0);
      this.storedStates = list.map((s) => tf.keep(tf.clone(s)));
    }
    old?.forEach((s) => s.dispose());
  }

  /** Keras 3's name for resetStates. */
  resetState(states?: Tensor | Tensor[] | null): void {
    this.resetStates(states);
  }

  override get weightEntries(): readonly LayerWeight[] {
    return nestedWeightEntries(this, this.layerWeights, [this.cell]);
  }

  override get trainableWeights(): tf.Variable[] {
    return this.weightEntries.filter((w) => w.trainable).map((w) => w.variable);
  }

  override get losses(): Tensor[] {
    return [...super.losses, ...childWeightPenalties([this.cell])];
  }

  override applyConstraints(): void {
    super.applyConstraints();
    this.cell.applyConstraints();
  }

  override dispose(): void {
    super.dispose();
    this.cell.dispose();
    this.storedStates?.forEach((s) => s.dispose());
    this.storedStates = null;
  }

  /** The RNN options as plain data (without the cell). */
  protected rnnConfig(): Record<string, unknown> {
    const c: Record<string, unknown> = { ...super.getConfig() };
    for (const k of RNN_KEYS) c[k] = this[k];
    c.activityRegularizer = serializeOptional(getRegularizer(this.activityRegularizer));
    return c;
  }

  override getConfig(): Record<string, unknown> {
    return { ...this.rnnConfig(), cell: { className: this.cell.className, config: this.cell.getConfig() } };
  }

  static fromConfig(config: Record<string, unknown>): Layer {
    return new RNN({ ...(config as unknown as RecurrentLayerArgs), cell: deserializeCell(config.cell) });
  }
}

/** What a recurrent layer passes to the cell it builds: every argument but the input shape, under a fixed name. */
export function cellArgsFrom<T extends LayerArgs>(args: T, name: string): T {
  const { inputShape: _s, batchInputShape: _b, batchSize: _n, ...rest } = (args ?? {}) as T;
  return { ...rest, name } as T;
}

/**
 * SimpleRNN, LSTM and GRU configs are flat as in Keras: the RNN options plus the cell's arguments, no `cell`.
 */
export function flatRecurrentConfig(layer: RNN, rnnConfig: Record<string, unknown>): Record<string, unknown> {
  const { name: _n, trainable: _t, dtype: _d, batchInputShape: _b, ...cellConfig } = layer.cell.getConfig();
  return { ...rnnConfig, ...cellConfig };
}
