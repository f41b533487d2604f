import * as tf from '@tessera/core';
import type { DType, Tensor } from '@tessera/core';
import { invalidArgument } from '../errors.js';
import { getActivation } from '../activations.js';
import type { ActivationFn } from '../activations.js';
import { Initializer } from '../initializers.js';
import { DenseRNNCell } from './dense-cell.js';
import type { DenseCellArgs } from './dense-cell.js';
import type { CellStep } from './cell.js';

export interface LSTMCellArgs extends DenseCellArgs {
  /** Default 'sigmoid' (Keras 3; tfjs defaults to hardSigmoid). */
  recurrentActivation?: string | ActivationFn | null;
  /** Start the forget-gate bias at 1 (default true as Keras; tfjs defaults to false). */
  unitForgetBias?: boolean;
}

/** The bias initializer with the forget block set to ones (Keras's unit_forget_bias); not serialized. */
class UnitForgetBias extends Initializer {
  readonly className = 'UnitForgetBias';
  constructor(
    private readonly base: Initializer,
    private readonly units: number,
  ) {
    super();
  }
  apply(_shape: number[], dtype?: DType): Tensor {
    const u = this.units;
    return tf.tidy(() => tf.concat([this.base.apply([u], dtype), tf.ones([u], dtype ?? 'float32'), this.base.apply([2 * u], dtype)], 0));
  }
}

/**
 * One LSTM step, gates in Keras's order (i, f, c, o):
 * z = x·W + h·U + b; i, f, o = recurrentActivation(z_i, z_f, z_o); c' = f·c + i·activation(z_c); h' = o·activation(c').
 * States are [h, c].
 */
export class LSTMCell extends DenseRNNCell {
  static override className = 'LSTMCell';
  protected readonly gates = 4;
  readonly recurrentActivation: { name: string; fn: ActivationFn };
  readonly unitForgetBias: boolean;

  constructor(args: LSTMCellArgs) {
    super(args);
    this.recurrentActivation = getActivation(args.recurrentActivation === undefined ? 'sigmoid' : args.recurrentActivation, 'recurrent_activation');
    this.unitForgetBias = args.unitForgetBias ?? true;
    if (typeof this.unitForgetBias !== 'boolean') throw invalidArgument('unit_forget_bias', 'a boolean', args.unitForgetBias);
  }

  override get stateSize(): number[] {
    return [this.units, this.units];
  }

  protected override biasInitializerForBuild(): Initializer {
    return this.unitForgetBias ? new UnitForgetBias(this.biasInitializer, this.units) : this.biasInitializer;
  }

  override step(input: Tensor, states: Tensor[]): CellStep {
    const [h, c] = states as [Tensor, Tensor];
    const z = input.add(this.recurrentProjection(h, 0, 4));
    const [zi, zf, zc, zo] = tf.split(z, 4, 1) as [Tensor, Tensor, Tensor, Tensor];
    const rec = this.recurrentActivation.fn;
    const c2 = rec(zf).mul(c).add(rec(zi).mul(this.activation.fn(zc)));
    const h2 = rec(zo).mul(this.activation.fn(c2));
    return { output: h2, states: [h2, c2] };
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), recurrentActivation: this.recurrentActivation.name, unitForgetBias: this.unitForgetBias };
  }
}
