import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { valueAndGrads } from '@tessera/autograd';
import type { Layer } from '../engine/layer.js';
import { input } from '../core/input.js';
import { Flatten } from '../core/flatten.js';
import { Dense } from '../core/dense.js';
import { Conv2D } from './conv2d.js';
import { Conv2DTranspose } from './conv2d-transpose.js';
import { SeparableConv2D } from './separable-conv2d.js';
import { MaxPooling2D } from '../pooling/max-pooling.js';
import { GlobalAveragePooling2D } from '../pooling/global-pooling.js';
import { ZeroPadding2D } from '../reshaping/zero-padding2d.js';
import { Cropping2D } from '../reshaping/cropping2d.js';
import { UpSampling2D } from '../reshaping/up-sampling2d.js';
import { Reshape } from '../reshaping/reshape.js';
import { getLayerClass } from '../registry.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
});

function stack(): Layer[] {
  return [
    new ZeroPadding2D({ padding: 1 }),
    new Conv2D({ filters: 4, kernelSize: 3, activation: 'relu' }),
    new MaxPooling2D(),
    new SeparableConv2D({ filters: 6, kernelSize: 2, padding: 'same' }),
    new UpSampling2D({ interpolation: 'bilinear' }),
    new Conv2DTranspose({ filters: 3, kernelSize: 2, strides: 2 }),
    new Cropping2D({ cropping: [[1, 1], [2, 2]] }),
    new Reshape({ targetShape: [-1, 3] }),
    new Flatten(),
    new Dense({ units: 2 }),
  ];
}

describe('a small CNN made of these layers', () => {
  it('infers the same shapes symbolically as it computes, trains end to end and frees everything', async () => {
    const before = tf.memory().numTensors;
    const layers = stack();
    let sym = input({ shape: [6, 8, 2] });
    const symShapes: (number | null)[][] = [];
    for (const l of layers) {
      sym = l.apply(sym);
      symShapes.push([...sym.shape]);
    }
    expect(symShapes[symShapes.length - 1]).toEqual([null, 2]);
    const x = tf.randomNormal([3, 6, 8, 2]);
    const run = (xi: tf.Tensor) => layers.reduce((h, l) => l.apply(h), xi);
    let h = x;
    for (let i = 0; i < layers.length; i++) {
      const next = layers[i]!.apply(h);
      expect([null, ...next.shape.slice(1)], layers[i]!.name).toEqual(symShapes[i]);
      if (h !== x) h.dispose();
      h = next;
    }
    h.dispose();
    const weights = layers.flatMap((l) => l.trainableWeights);
    const { value, grads } = valueAndGrads((xi: tf.Tensor) => run(xi).square().mean())([x, ...weights]);
    expect(grads.map((g) => [...g.shape])).toEqual([[...x.shape], ...weights.map((w) => [...w.shape])]);
    for (const g of grads) expect([...(await g.data())].every(Number.isFinite)).toBe(true);
    [x, value, ...grads].forEach((t) => t.dispose());
    layers.forEach((l) => l.dispose());
    expect(tf.memory().numTensors).toBe(before);
  });

  it('every layer class is registered for fromConfig', () => {
    for (const name of [
      'Conv1D', 'Conv2D', 'Conv2DTranspose', 'DepthwiseConv2D', 'SeparableConv2D', 'MaxPooling1D', 'MaxPooling2D', 'AveragePooling1D',
      'AveragePooling2D', 'GlobalMaxPooling1D', 'GlobalMaxPooling2D', 'GlobalAveragePooling1D', 'GlobalAveragePooling2D', 'ZeroPadding2D',
      'Cropping2D', 'UpSampling2D', 'Reshape', 'Permute', 'RepeatVector',
    ]) {
      expect(getLayerClass(name).className).toBe(name);
    }
  });
});
