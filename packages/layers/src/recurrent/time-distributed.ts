import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { formatShape, invalidArgument } from '../errors.js';
import { Layer } from '../engine/layer.js';
import type { CallArgs, LayerArgs, LayerWeight } from '../engine/layer.js';
import { deserializeLayer } from '../registry.js';
import type { LayerShape } from '../shape.js';
import { asShapeList } from '../shape.js';
import { childWeightPenalties, nestedWeightEntries } from './nested.js';

export interface TimeDistributedArgs extends LayerArgs {
  layer: Layer;
}

/**
 * Applies a layer to every time slice of [batch, time, ...] inputs with the same weights (Keras's
 * TimeDistributed). The slices run as one call of the wrapped layer on [batch·time, ...], which for per-sample
 * layers (Dense, Conv2D, ...) equals Keras 3's per-step loop; a BatchNormalization in training mode therefore
 * takes its statistics over batch and time together. Weights: `time_distributed/dense/kernel`.
 */
export class TimeDistributed extends Layer {
  static override className = 'TimeDistributed';
  readonly layer: Layer;

  constructor(args: TimeDistributedArgs) {
    super(args);
    if (!(args?.layer instanceof Layer)) {
      throw new Error(`Please initialize \`TimeDistributed\` layer with a \`Layer\` instance. Received: ${String(args?.layer)}`);
    }
    this.layer = args.layer;
    this.supportsMasking = true;
  }

  private childShape(shape: LayerShape): LayerShape {
    if (shape.length < 3) {
      throw new Error(`\`TimeDistributed\` Layer should be passed an \`input_shape\` with at least 3 dimensions, received: ${formatShape(shape)}`);
    }
    return [shape[0] ?? null, ...shape.slice(2)];
  }

  override build(inputShape: LayerShape | LayerShape[]): void {
    const child = this.childShape(asShapeList(inputShape)[0]!);
    if (!this.layer.built) {
      this.layer.build(child);
      this.layer.built = true;
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    const shape = asShapeList(inputShape)[0]!;
    this.childShape(shape);
    const out = this.layer.computeOutputShape([shape[0] ?? null, ...shape.slice(2)]);
    if (Array.isArray(out[0])) throw new Error(`TimeDistributed: the wrapped layer "${this.layer.name}" should have a single output.`);
    const single = out as LayerShape;
    return [single[0] ?? null, shape[1] ?? null, ...single.slice(1)];
  }

  call(inputs: Tensor | Tensor[], kwargs: CallArgs): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    this.childShape([...x.shape]);
    const [b, t, ...rest] = x.shape as number[];
    const kw: CallArgs = { training: kwargs.training };
    const mask = Array.isArray(kwargs.mask) ? kwargs.mask[0] : kwargs.mask;
    if (mask) {
      if (mask.rank < 2 || mask.shape[0] !== b || mask.shape[1] !== t) {
        throw new Error(`\`TimeDistributed\` Layer should be passed a \`mask\` of shape (${b}, ${t}, ...), received: mask.shape=${formatShape([...mask.shape])}`);
      }
      kw.mask = tf.reshape(mask, [b! * t!, ...mask.shape.slice(2)]);
    }
    const y = this.layer.apply(tf.reshape(x, [b! * t!, ...rest]), kw);
    if (Array.isArray(y)) throw new Error(`TimeDistributed: the wrapped layer "${this.layer.name}" should have a single output.`);
    return tf.reshape(y, [b!, t!, ...y.shape.slice(1)]);
  }

  override get weightEntries(): readonly LayerWeight[] {
    return nestedWeightEntries(this, this.layerWeights, [this.layer]);
  }

  override get trainableWeights(): tf.Variable[] {
    return this.weightEntries.filter((w) => w.trainable).map((w) => w.variable);
  }

  override get losses(): Tensor[] {
    return [...super.losses, ...childWeightPenalties([this.layer])];
  }

  override applyConstraints(): void {
    super.applyConstraints();
    this.layer.applyConstraints();
  }

  override dispose(): void {
    super.dispose();
    this.layer.dispose();
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), layer: { className: this.layer.className, config: this.layer.getConfig() } };
  }

  static fromConfig(config: Record<string, unknown>): TimeDistributed {
    const spec = config.layer as { className: string; config: Record<string, unknown> } | undefined;
    if (!spec) throw invalidArgument('layer', 'a { className, config } object', spec);
    return new TimeDistributed({ ...(config as unknown as LayerArgs), layer: deserializeLayer(spec) });
  }
}
