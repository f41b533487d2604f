import type { Tensor } from '@tessera/core';
import type { CallArgs, Layer, LayerNode, LayerShape, SymbolicTensor } from '@tessera/layers';
import { InputLayer } from '@tessera/layers';

/**
 * The functional API's graph: layer calls (nodes) between model inputs and outputs, in an order where every
 * node comes after the nodes that feed it. Running it applies each layer to concrete tensors.
 */
export class FunctionalGraph {
  readonly nodes: LayerNode[];
  readonly layers: Layer[];

  constructor(
    readonly inputs: SymbolicTensor[],
    readonly outputs: SymbolicTensor[],
    modelName: string,
  ) {
    inputs.forEach((s, i) => {
      if (!s.node || !(s.node.layer instanceof InputLayer)) {
        throw new Error(`Model "${modelName}": inputs[${i}] must come from input() (an InputLayer); received the output of layer "${s.node?.layer.name ?? '?'}".`);
      }
    });
    const order: LayerNode[] = [];
    const state = new Map<LayerNode, 'visiting' | 'done'>();
    const inputIds = new Set(inputs.map((s) => s.id));
    const visit = (s: SymbolicTensor, path: string) => {
      if (inputIds.has(s.id)) return;
      const node = s.node;
      if (!node || node.inputs.length === 0) {
        throw new Error(
          `Model "${modelName}": the graph is disconnected: output ${path} depends on the input "${s.name}", which is not among the model's inputs.`,
        );
      }
      const st = state.get(node);
      if (st === 'done') return;
      if (st === 'visiting') throw new Error(`Model "${modelName}": the graph has a cycle through layer "${node.layer.name}".`);
      state.set(node, 'visiting');
      for (const i of node.inputs) visit(i, path);
      state.set(node, 'done');
      order.push(node);
    };
    outputs.forEach((o, i) => visit(o, `outputs[${i}]`));
    this.nodes = order;
    const layers: Layer[] = inputs.map((s) => s.node!.layer);
    for (const n of order) if (!layers.includes(n.layer)) layers.push(n.layer);
    this.layers = layers;
  }

  /** Runs the graph on concrete tensors (one per model input). Intermediates are the caller's to tidy. */
  run(feeds: Tensor[], kwargs: CallArgs): Tensor[] {
    if (feeds.length !== this.inputs.length) {
      throw new Error(`The model expects ${this.inputs.length} input(s), but it received ${feeds.length} input tensors.`);
    }
    const values = new Map<number, Tensor>();
    this.inputs.forEach((s, i) => {
      const t = feeds[i]!;
      const want = s.shape;
      const ok = t.rank === want.length && want.every((d, k) => d === null || d === t.shape[k]);
      if (!ok) {
        throw new Error(
          `Input ${i} of the model is incompatible: expected shape (${want.map((d) => d ?? 'None').join(', ')}), but received input with shape (${t.shape.join(', ')})`,
        );
      }
      values.set(s.id, t);
    });
    for (const node of this.nodes) {
      const ins = node.inputs.map((s) => values.get(s.id)!);
      const callArgs = { ...node.kwargs, training: kwargs.training };
      const out = node.layer.apply(ins.length === 1 ? ins[0]! : ins, callArgs);
      const outs = Array.isArray(out) ? out : [out];
      node.outputs.forEach((s, k) => values.set(s.id, outs[k] as Tensor));
    }
    return this.outputs.map((s) => values.get(s.id)!);
  }

  outputShapes(): LayerShape[] {
    return this.outputs.map((s) => s.shape);
  }
}
