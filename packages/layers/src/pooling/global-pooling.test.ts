import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { valueAndGrads } from '@tessera/autograd';
import { GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D } from './global-pooling.js';
import { input } from '../core/input.js';
import { getMask, setMask } from '../engine/layer.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { compareChannelsFirst, compareWeightlessLayerWithTfjs } from '../convolutional/parity-helpers.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

describe('global pooling', () => {
  it('matches tfjs-layers forward and backward (2-D in both data formats)', async () => {
    const before = tf.memory().numTensors;
    const cases: [() => import('../engine/layer.js').Layer, () => tfjs.layers.Layer, number[]][] = [
      [() => new GlobalMaxPooling1D(), () => tfjs.layers.globalMaxPooling1d({}), [2, 5, 3]],
      [() => new GlobalAveragePooling1D(), () => tfjs.layers.globalAveragePooling1d({}), [2, 5, 3]],
      [() => new GlobalMaxPooling2D(), () => tfjs.layers.globalMaxPooling2d({}), [2, 3, 4, 2]],
      [() => new GlobalAveragePooling2D(), () => tfjs.layers.globalAveragePooling2d({}), [2, 3, 4, 2]],
      [() => new GlobalMaxPooling2D({ dataFormat: 'channels_first' }), () => tfjs.layers.globalMaxPooling2d({ dataFormat: 'channelsFirst' }), [2, 3, 4, 2]],
      [() => new GlobalAveragePooling2D({ dataFormat: 'channels_first' }), () => tfjs.layers.globalAveragePooling2d({ dataFormat: 'channelsFirst' }), [2, 3, 4, 2]],
    ];
    for (const [ours, theirs, shape] of cases) await compareWeightlessLayerWithTfjs({ ours: ours(), theirs: theirs(), inputShape: shape });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('1-D channels_first and keepdims match the transposed channels_last result (tfjs-layers has neither)', async () => {
    const before = tf.memory().numTensors;
    for (const Cls of [GlobalMaxPooling1D, GlobalAveragePooling1D, GlobalMaxPooling2D, GlobalAveragePooling2D]) {
      const shape = Cls === GlobalMaxPooling1D || Cls === GlobalAveragePooling1D ? [2, 5, 3] : [2, 3, 4, 3];
      for (const keepdims of [false, true]) {
        await compareChannelsFirst({ last: new Cls({ keepdims }), first: new Cls({ keepdims, dataFormat: 'channels_first' }), inputShape: shape });
      }
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('infers shapes symbolically, keepdims included', () => {
    expect(new GlobalMaxPooling1D().apply(input({ shape: [null, 4] })).shape).toEqual([null, 4]);
    expect(new GlobalAveragePooling1D({ keepdims: true }).apply(input({ shape: [7, 4] })).shape).toEqual([null, 1, 4]);
    expect(new GlobalAveragePooling1D({ dataFormat: 'channels_first', keepdims: true }).apply(input({ shape: [4, 7] })).shape).toEqual([null, 4, 1]);
    expect(new GlobalMaxPooling2D({ keepdims: true }).apply(input({ shape: [5, 6, 3] })).shape).toEqual([null, 1, 1, 3]);
    expect(new GlobalAveragePooling2D({ dataFormat: 'channels_first' }).apply(input({ shape: [3, null, null] })).shape).toEqual([null, 3]);
  });

  it('GlobalAveragePooling1D averages only unmasked steps, as Keras, and drops the mask', async () => {
    const x = tf.tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [2, 3, 2]);
    const mask = tf.tensor([true, true, false, true, false, false], [2, 3], 'bool');
    const layer = new GlobalAveragePooling1D();
    const y = layer.apply(x, { mask });
    expect([...(await y.data())]).toEqual([2, 3, 7, 8]); // (1+3)/2, (2+4)/2; then step 0 only
    expect(getMask(y)).toBeNull();
    const kept = new GlobalAveragePooling1D({ keepdims: true }).apply(x, { mask });
    expect(kept.shape).toEqual([2, 1, 2]);
    expect([...(await kept.data())]).toEqual([2, 3, 7, 8]);
    // a mask attached to the input (as Embedding's maskZero does) is picked up too
    const xm = tf.clone(x);
    setMask(xm, mask);
    const y2 = layer.apply(xm);
    expect([...(await y2.data())]).toEqual([2, 3, 7, 8]);
    // channels_first: mask over the last axis
    const xf = tf.transpose(x, [0, 2, 1]);
    const y3 = new GlobalAveragePooling1D({ dataFormat: 'channels_first' }).apply(xf, { mask });
    expect([...(await y3.data())]).toEqual([2, 3, 7, 8]);
    // masked steps get no gradient
    const { value, grads } = valueAndGrads((xi: tf.Tensor) => layer.apply(xi, { mask }).sum())([x]);
    expect([...(await grads[0]!.data())]).toEqual([0.5, 0.5, 0.5, 0.5, 0, 0, 1, 1, 0, 0, 0, 0]);
    [x, mask, y, kept, xm, y2, xf, y3, value, ...grads].forEach((t) => t.dispose());
  });

  it('round-trips configs and rejects bad arguments and inputs in Keras words', () => {
    for (const layer of [new GlobalMaxPooling1D({ keepdims: true, name: 'g1' }), new GlobalAveragePooling2D({ dataFormat: 'channels_first', name: 'g2' })]) {
      const { className, config } = serializeLayer(layer);
      const copy = deserializeLayer({ className, config: { ...config, name: `${layer.name}_copy` } });
      expect({ ...copy.getConfig(), name: layer.name }).toEqual(config);
    }
    expect(serializeLayer(new GlobalMaxPooling2D()).config).toMatchObject({ dataFormat: 'channels_last', keepdims: false });
    expect(() => new GlobalMaxPooling2D({ keepdims: 1 as never })).toThrow('Invalid value for argument `keepdims`. Expected a boolean. Received: keepdims=1');
    const layer = new GlobalAveragePooling2D({ name: 'global_average_pooling2d' });
    const x = tf.zeros([2, 3, 4]);
    expect(() => layer.apply(x)).toThrow(
      'Input 0 of layer "global_average_pooling2d" is incompatible with the layer: expected ndim=4, found ndim=3. Full shape received: (2, 3, 4)',
    );
    x.dispose();
  });
});
