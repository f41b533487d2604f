import * as tf from '@tessera/core';
import type { DType, Tensor } from '@tessera/core';
import { checkPositiveInt, invalidArgument } from '../errors.js';
import { Layer } from '../engine/layer.js';
import type { CallArgs, LayerArgs } from '../engine/layer.js';
import { RandomUniform, getInitializer, serializeInitializer } from '../initializers.js';
import type { InitializerIdentifier } from '../initializers.js';
import { getRegularizer } from '../regularizers.js';
import type { RegularizerIdentifier } from '../regularizers.js';
import { getConstraint } from '../constraints.js';
import type { ConstraintIdentifier } from '../constraints.js';
import type { LayerShape } from '../shape.js';
import { singleShape } from '../shape.js';
import { serializeOptional } from '../core/serialize.js';

/** Keras's short names 'uniform' / 'normal' (RandomUniform(-0.05, 0.05), RandomNormal(0, 0.05)) resolve here too. */
function embeddingsInitializer(id: InitializerIdentifier | undefined) {
  if (id === undefined || id === 'uniform') return new RandomUniform({ minval: -0.05, maxval: 0.05 });
  if (id === 'normal') return getInitializer({ className: 'RandomNormal', config: { mean: 0, stddev: 0.05 } });
  return getInitializer(id, 'embeddings_initializer');
}

export interface EmbeddingArgs extends LayerArgs {
  inputDim: number;
  outputDim: number;
  embeddingsInitializer?: InitializerIdentifier;
  embeddingsRegularizer?: RegularizerIdentifier | null;
  activityRegularizer?: RegularizerIdentifier | null;
  embeddingsConstraint?: ConstraintIdentifier | null;
  maskZero?: boolean;
  /** Accepted and ignored, as Keras 3 (deprecated there). */
  inputLength?: number | null;
}

/**
 * Turns integer indices in [0, inputDim) into dense vectors: output[..., :] = embeddings[index]. Float indices are
 * truncated to int32. With `maskZero`, index 0 is padding: the output carries a mask [batch, time] (index != 0)
 * that masking-aware layers (RNNs, merges, attention) consume.
 */
export class Embedding extends Layer {
  static override className = 'Embedding';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly maskZero: boolean;
  private readonly args: EmbeddingArgs;
  embeddings: tf.Variable | null = null;

  constructor(args: EmbeddingArgs) {
    super(args);
    this.inputDim = checkPositiveInt('input_dim', args.inputDim);
    this.outputDim = checkPositiveInt('output_dim', args.outputDim);
    if (args.maskZero !== undefined && typeof args.maskZero !== 'boolean') throw invalidArgument('mask_zero', 'a boolean', args.maskZero);
    this.maskZero = args.maskZero ?? false;
    embeddingsInitializer(args.embeddingsInitializer);
    getRegularizer(args.embeddingsRegularizer, 'embeddings_regularizer');
    getRegularizer(args.activityRegularizer, 'activity_regularizer');
    getConstraint(args.embeddingsConstraint, 'embeddings_constraint');
    this.args = args;
    this.supportsMasking = this.maskZero;
  }

  override build(_inputShape: LayerShape | LayerShape[]): void {
    this.embeddings = this.addWeight('embeddings', [this.inputDim, this.outputDim], {
      initializer: embeddingsInitializer(this.args.embeddingsInitializer),
      regularizer: this.args.embeddingsRegularizer,
      constraint: this.args.embeddingsConstraint,
    });
    this.built = true;
  }

  call(inputs: Tensor | Tensor[], _kwargs: CallArgs): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const idx = x.dtype === 'int32' ? x : tf.cast(x, 'int32');
    const out = tf.gather(this.embeddings!, idx, 0);
    const reg = getRegularizer(this.args.activityRegularizer);
    if (reg) this.callLosses.push(reg.apply(out));
    return out;
  }

  override computeMask(inputs: Tensor | Tensor[], _mask: Tensor | (Tensor | null)[] | null | undefined): Tensor | null {
    if (!this.maskZero) return null;
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.notEqual(x, 0);
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    return [...singleShape(inputShape, this.name), this.outputDim];
  }

  /** Indices in, floats out (the input dtype never decides the output's). */
  override computeOutputDType(_inputDTypes: DType[]): DType {
    return this.dtype;
  }

  override getConfig() {
    return {
      ...super.getConfig(),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      embeddingsInitializer: serializeInitializer(embeddingsInitializer(this.args.embeddingsInitializer)),
      embeddingsRegularizer: serializeOptional(getRegularizer(this.args.embeddingsRegularizer)),
      activityRegularizer: serializeOptional(getRegularizer(this.args.activityRegularizer)),
      embeddingsConstraint: serializeOptional(getConstraint(this.args.embeddingsConstraint)),
      maskZero: this.maskZero,
    };
  }
}
