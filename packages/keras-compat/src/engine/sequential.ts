import type { Tensor } from '@tessera/core';
import { InputLayer, Layer, deserializeLayer, input, isSymbolic, serializeLayer } from '@tessera/layers';
import type { CallArgs, LayerShape, SymbolicTensor } from '@tessera/layers';
import { Model } from './model.js';

export interface SequentialArgs {
  layers?: Layer[];
  name?: string;
}

/**
 * A plain stack of single-input, single-output layers. It becomes a functional graph as soon as the input shape
 * is known: from the first layer's `inputShape`, an InputLayer, or the first call on data.
 */
export class Sequential extends Model {
  static override className = 'Sequential';
  private readonly stack: Layer[] = [];

  constructor(args: SequentialArgs = {}) {
    super({ name: args.name });
    for (const l of args.layers ?? []) this.add(l);
  }

  override get layers(): Layer[] {
    return this.stack.filter((l) => !(l instanceof InputLayer));
  }

  add(layer: Layer): void {
    if (!(layer instanceof Layer)) {
      throw new TypeError(`Sequential.add: expected a Layer instance. Received: ${typeof layer === 'object' ? (layer as object)?.constructor?.name : typeof layer}`);
    }
    if (this.stack.includes(layer)) throw new Error(`Sequential.add: layer "${layer.name}" is already in the model.`);
    this.stack.push(layer);
    if (this.graph) {
      this.extendGraph(layer);
    } else if (layer instanceof InputLayer) {
      this.rebuildFrom(layer.output);
    } else if (this.stack.length === 1 && layer.batchInputShape) {
      this.rebuildFrom(input({ batchShape: layer.batchInputShape, dtype: layer.dtype }));
    }
  }

  /** Removes the last layer. */
  pop(): void {
    const layers = this.layers;
    if (layers.length === 0) throw new Error('Sequential.pop: there are no layers in the model.');
    this.stack.splice(this.stack.indexOf(layers[layers.length - 1]!), 1);
    const first = this.stack[0];
    this.graph = null;
    this.built = false;
    if (first instanceof InputLayer) this.rebuildFrom(first.output);
    else if (first?.batchInputShape) this.rebuildFrom(input({ batchShape: first.batchInputShape, dtype: first.dtype }));
  }

  private rebuildFrom(inp: SymbolicTensor): void {
    let x: SymbolicTensor = inp;
    for (const l of this.stack) {
      if (l instanceof InputLayer) continue;
      x = this.applyOne(l, x);
    }
    this.setGraph([inp], [x], false);
  }

  private extendGraph(layer: Layer): void {
    const out = this.applyOne(layer, this.graph!.outputs[0]!);
    this.setGraph(this.graph!.inputs, [out], false);
  }

  private applyOne(layer: Layer, x: SymbolicTensor): SymbolicTensor {
    const y = layer.apply(x);
    if (Array.isArray(y) || !isSymbolic(y)) {
      throw new Error(`All layers in a Sequential model should have a single output tensor. Layer "${layer.name}" has multiple outputs; use the functional API instead.`);
    }
    return y;
  }

  override build(inputShape: LayerShape | LayerShape[]): void {
    if (this.graph) return;
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as LayerShape;
    this.rebuildFrom(input({ batchShape: [null, ...shape.slice(1)] }));
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallArgs): Tensor | Tensor[] {
    if (!this.graph) {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      this.build([...x.shape]);
    }
    return super.call(inputs, kwargs);
  }

  override getConfig(): Record<string, unknown> {
    const layers = [...this.stack];
    // Keras records the input shape on the first layer (or as an InputLayer).
    return { name: this.name, layers: layers.map(serializeLayer) };
  }

  static fromConfig(config: Record<string, unknown>): Sequential {
    const specs = config.layers;
    if (!Array.isArray(specs)) throw new Error('Sequential.fromConfig: expected `layers` to be an array of { className, config }.');
    return new Sequential({ name: config.name as string | undefined, layers: specs.map((s) => deserializeLayer(s)) });
  }
}

/** Keras's `sequential({ layers })`. */
export function sequential(args: SequentialArgs = {}): Sequential {
  return new Sequential(args);
}
