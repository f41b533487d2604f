import type { Tensor } from '@tessera/core';
import type { Layer, LayerWeight } from '../engine/layer.js';

/**
 * Weights of a layer that owns other layers (an RNN and its cell, Bidirectional and its two RNNs,
 * TimeDistributed and its layer). The Layer base tracks only weights created with its own addWeight, so these
 * layers list their children's weights here, under the parent's path as Keras 3 does: `lstm/lstm_cell/kernel`,
 * `bidirectional/forward_lstm/lstm_cell/kernel`, `time_distributed/dense/kernel`. A weight is trainable when the
 * parent is trainable and the child lists it as trainable; trainable weights come first, as Keras orders them.
 */
export function nestedWeightEntries(parent: Layer, own: readonly LayerWeight[], children: readonly Layer[]): LayerWeight[] {
  const all: LayerWeight[] = own.map((w) => ({ ...w, trainable: w.trainable && parent.trainable }));
  for (const child of children) {
    const trainable = new Set(child.trainableWeights);
    for (const e of child.weightEntries) {
      all.push({ ...e, name: `${parent.name}/${e.name}`, trainable: parent.trainable && trainable.has(e.variable) });
    }
  }
  return [...all.filter((w) => w.trainable), ...all.filter((w) => !w.trainable)];
}

/** Regularization penalties of the children's weights (recomputed on each access, so they can be differentiated). */
export function childWeightPenalties(children: readonly Layer[]): Tensor[] {
  return children.flatMap((c) => c.weightEntries.filter((w) => w.regularizer).map((w) => w.regularizer!.apply(w.variable)));
}
