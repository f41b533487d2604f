import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { invalidArgument } from '../errors.js';
import { Layer } from '../engine/layer.js';
import type { CallArgs, LayerArgs, LayerWeight } from '../engine/layer.js';
import { deserializeLayer } from '../registry.js';
import type { LayerShape } from '../shape.js';
import { asShapeList } from '../shape.js';
import { childWeightPenalties, nestedWeightEntries } from './nested.js';
import type { RNNCallArgs } from './rnn.js';

export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave' | null;

export interface BidirectionalArgs extends LayerArgs {
  /** An RNN layer (or any layer with goBackwards, returnSequences, returnState and stateful). */
  layer: Layer;
  /** How the two directions combine; null returns both. Default 'concat'. */
  mergeMode?: MergeMode;
  /** The layer for the backward direction; by default a copy of `layer` (from its config) with goBackwards. */
  backwardLayer?: Layer;
}

/** The attributes Bidirectional needs from an RNN-like layer. */
interface Recurrent {
  goBackwards: boolean;
  returnSequences: boolean;
  returnState: boolean;
  stateful: boolean;
  zeroOutputForMask?: boolean;
  timeMajor?: boolean;
  resetStates?: (states?: Tensor | Tensor[] | null) => void;
}

const MERGE_MODES = ['concat', 'sum', 'mul', 'ave'] as const;

function asRecurrent(layer: Layer, argName: string): Layer & Recurrent {
  const r = layer as Layer & Partial<Recurrent>;
  for (const k of ['goBackwards', 'returnSequences', 'returnState', 'stateful'] as const) {
    if (typeof r[k] !== 'boolean') throw invalidArgument(argName, `a recurrent layer (with \`${k}\`), such as LSTM or GRU`, layer.className);
  }
  return r as Layer & Recurrent;
}

/** Recreates a layer from its config under a new name (Keras builds both directions this way, with fresh weights). */
function copyLayer(layer: Layer, name: string, overrides: Record<string, unknown>): Layer & Recurrent {
  const copy = deserializeLayer({ className: layer.className, config: { ...layer.getConfig(), ...overrides, name } });
  return asRecurrent(copy, 'layer');
}

const stripPrefix = (s: string, p: string): string => (s.startsWith(p) ? s.slice(p.length) : s);

/**
 * Runs an RNN forwards and a copy backwards over the same inputs and merges the two (Keras's Bidirectional).
 * The backward output sequence is reversed back into time order before merging. Initial states (kwargs or extra
 * inputs) are split in half: forward states first. Weights: `bidirectional/forward_lstm/lstm_cell/kernel`, then
 * the backward layer's, the order tfjs and Keras use.
 */
export class Bidirectional extends Layer {
  static override className = 'Bidirectional';
  readonly forwardLayer: Layer & Recurrent;
  readonly backwardLayer: Layer & Recurrent;
  readonly mergeMode: MergeMode;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly stateful: boolean;

  constructor(args: BidirectionalArgs) {
    super(args);
    if (!(args?.layer instanceof Layer)) {
      throw new Error(`Please initialize \`Bidirectional\` layer with a \`Layer\` instance. Received: ${String(args?.layer)}`);
    }
    if (args.backwardLayer !== undefined && args.backwardLayer !== null && !(args.backwardLayer instanceof Layer)) {
      throw new Error(`\`backwardLayer\` needs to be a \`Layer\` instance. Received: ${String(args.backwardLayer)}`);
    }
    const mode = args.mergeMode === undefined ? 'concat' : args.mergeMode;
    if (mode !== null && !MERGE_MODES.includes(mode as (typeof MERGE_MODES)[number])) {
      throw invalidArgument('merge_mode', 'one of "sum", "mul", "ave", "concat", null', mode);
    }
    this.mergeMode = mode;
    const layer = asRecurrent(args.layer, 'layer');
    this.forwardLayer = copyLayer(layer, `forward_${stripPrefix(layer.name, 'forward_')}`, {});
    this.backwardLayer = args.backwardLayer
      ? asRecurrent(args.backwardLayer, 'backward_layer')
      : copyLayer(layer, `backward_${stripPrefix(layer.name, 'backward_')}`, { goBackwards: !layer.goBackwards });
    if (this.forwardLayer.goBackwards === this.backwardLayer.goBackwards) {
      throw new Error(
        `Forward layer and backward layer should have different \`go_backwards\` value. Received: forward_layer.go_backwards ${this.forwardLayer.goBackwards}, backward_layer.go_backwards=${this.backwardLayer.goBackwards}`,
      );
    }
    for (const a of ['stateful', 'returnSequences', 'returnState'] as const) {
      if (this.forwardLayer[a] !== this.backwardLayer[a]) {
        throw new Error(
          `Forward layer and backward layer are expected to have the same value for attribute "${a}", got "${this.forwardLayer[a]}" for forward layer and "${this.backwardLayer[a]}" for backward layer`,
        );
      }
    }
    // As Keras: masked steps of returned sequences are zeros, so the two directions merge cleanly.
    for (const l of [this.forwardLayer, this.backwardLayer]) {
      if (typeof l.zeroOutputForMask === 'boolean') l.zeroOutputForMask = l.returnSequences;
    }
    this.returnSequences = layer.returnSequences;
    this.returnState = layer.returnState;
    this.stateful = layer.stateful;
    this.supportsMasking = true;
    this.inputSpec = layer.inputSpec;
  }

  override build(inputShape: LayerShape | LayerShape[]): void {
    const shape = asShapeList(inputShape)[0]!;
    for (const l of [this.forwardLayer, this.backwardLayer]) {
      if (!l.built) {
        l.build(shape);
        l.built = true;
      }
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape | LayerShape[] {
    const shape = asShapeList(inputShape)[0]!;
    const fwd = this.forwardLayer.computeOutputShape(shape);
    let out = (this.returnState ? (fwd as LayerShape[])[0]! : fwd) as LayerShape;
    const states = this.returnState ? (fwd as LayerShape[]).slice(1) : [];
    const bwd = this.backwardLayer.computeOutputShape(shape);
    const bwdStates = this.returnState ? (bwd as LayerShape[]).slice(1) : [];
    if (this.mergeMode === 'concat') {
      const last = out[out.length - 1];
      const bLast = ((this.returnState ? (bwd as LayerShape[])[0]! : bwd) as LayerShape).at(-1);
      out = [...out.slice(0, -1), last === null || last === undefined || bLast === null || bLast === undefined ? null : last + bLast];
    }
    const outs = this.mergeMode === null ? [out, out] : [out];
    if (!this.returnState) return this.mergeMode === null ? outs : out;
    return [...outs, ...states, ...bwdStates];
  }

  override computeMask(_inputs: Tensor | Tensor[], mask: Tensor | (Tensor | null)[] | null | undefined): Tensor | null {
    const m = Array.isArray(mask) ? (mask[0] ?? null) : (mask ?? null);
    return this.returnSequences ? m : null;
  }

  call(inputs: Tensor | Tensor[], kwargs: RNNCallArgs): Tensor | Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const x = list[0]!;
    const given = kwargs.initialState ?? (list.length > 1 ? list.slice(1) : null);
    let fwdState: Tensor[] | null = null;
    let bwdState: Tensor[] | null = null;
    if (given) {
      const states = Array.isArray(given) ? given : [given];
      if (states.length % 2 !== 0) {
        throw new Error(`Layer "${this.name}" expects an even number of initial states (forward states, then backward states). Received: ${states.length}`);
      }
      fwdState = states.slice(0, states.length / 2);
      bwdState = states.slice(states.length / 2);
    }
    const kw: RNNCallArgs = { training: kwargs.training };
    if (kwargs.mask !== undefined) kw.mask = kwargs.mask;
    // Recurrent layers return a list with returnState, so widen apply's single-tensor overload.
    const fwd = this.forwardLayer.apply(x, fwdState ? { ...kw, initialState: fwdState } : kw) as unknown as Tensor | Tensor[];
    const bwd = this.backwardLayer.apply(x, bwdState ? { ...kw, initialState: bwdState } : kw) as unknown as Tensor | Tensor[];
    let y = Array.isArray(fwd) ? fwd[0]! : fwd;
    let yRev = Array.isArray(bwd) ? bwd[0]! : bwd;
    const states = Array.isArray(fwd) && Array.isArray(bwd) ? [...fwd.slice(1), ...bwd.slice(1)] : [];
    if (this.returnSequences) yRev = tf.reverse(yRev, this.backwardLayer.timeMajor ? 0 : 1);
    let out: Tensor[];
    switch (this.mergeMode) {
      case 'concat':
        out = [tf.concat([y, yRev], -1)];
        break;
      case 'sum':
        out = [y.add(yRev)];
        break;
      case 'ave':
        out = [y.add(yRev).div(2)];
        break;
      case 'mul':
        out = [y.mul(yRev)];
        break;
      default:
        out = [y, yRev];
    }
    y = out[0]!;
    if (!this.returnState && out.length === 1) return y;
    return [...out, ...states];
  }

  /** Resets both directions' stored states (stateful layers only). */
  resetStates(states?: Tensor[] | null): void {
    if (!this.stateful) throw new Error(`Layer "${this.name}" must be stateful.`);
    const half = states ? states.length / 2 : 0;
    this.forwardLayer.resetStates?.(states ? states.slice(0, half) : null);
    this.backwardLayer.resetStates?.(states ? states.slice(half) : null);
  }

  resetState(states?: Tensor[] | null): void {
    this.resetStates(states);
  }

  override get weightEntries(): readonly LayerWeight[] {
    return nestedWeightEntries(this, this.layerWeights, [this.forwardLayer, this.backwardLayer]);
  }

  override get trainableWeights(): tf.Variable[] {
    return this.weightEntries.filter((w) => w.trainable).map((w) => w.variable);
  }

  override get losses(): Tensor[] {
    return [...super.losses, ...childWeightPenalties([this.forwardLayer, this.backwardLayer])];
  }

  override applyConstraints(): void {
    super.applyConstraints();
    this.forwardLayer.applyConstraints();
    this.backwardLayer.applyConstraints();
  }

  override dispose(): void {
    super.dispose();
    this.forwardLayer.dispose();
    this.backwardLayer.dispose();
  }

  override getConfig(): Record<string, unknown> {
    const spec = (l: Layer) => ({ className: l.className, config: l.getConfig() });
    return { ...super.getConfig(), mergeMode: this.mergeMode, layer: spec(this.forwardLayer), backwardLayer: spec(this.backwardLayer) };
  }

  static fromConfig(config: Record<string, unknown>): Bidirectional {
    const spec = (v: unknown) => v as { className: string; config: Record<string, unknown> };
    if (!config.layer) throw invalidArgument('layer', 'a { className, config } object', config.layer);
    const backward = config.backwardLayer ? deserializeLayer(spec(config.backwardLayer)) : undefined;
    return new Bidirectional({
      ...(config as unknown as LayerArgs),
      layer: deserializeLayer(spec(config.layer)),
      mergeMode: config.mergeMode as MergeMode,
      backwardLayer: backward,
    });
  }
}
