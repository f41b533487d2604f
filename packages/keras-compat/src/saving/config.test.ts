import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import * as L from '@tessera/layers';
import { deserializeLayer, getLayerClass } from '@tessera/layers';
import { keysToCamel, keysToSnake, toCamelCase, toSnakeCase } from './case.js';
import { fromTfjsNames, toTfjsNames } from './tfjs-names.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
});

/** One instance of every built-in layer, with non-default arguments where they exist. */
const samples: Record<string, () => L.Layer> = {
  InputLayer: () => new L.InputLayer({ inputShape: [3, null], dtype: 'int32' }),
  Dense: () => new L.Dense({ units: 2, activation: 'relu', useBias: false, kernelInitializer: 'he_normal', kernelRegularizer: 'l1', biasConstraint: 'non_neg', inputShape: [4] }),
  Activation: () => new L.Activation({ activation: 'hard_sigmoid' }),
  Dropout: () => new L.Dropout({ rate: 0.25, noiseShape: [null, 1], seed: 3 }),
  Flatten: () => new L.Flatten(),
  BatchNormalization: () => new L.BatchNormalization({ axis: 1, momentum: 0.9, epsilon: 0.01, center: false, gammaInitializer: 'lecun_normal' }),
  LayerNormalization: () => new L.LayerNormalization({ epsilon: 0.01 }),
  Conv1D: () => new L.Conv1D({ filters: 2, kernelSize: 3, padding: 'causal' }),
  Conv2D: () => new L.Conv2D({ filters: 2, kernelSize: [3, 2], strides: 2, padding: 'same', kernelRegularizer: { className: 'L1L2', config: { l1: 0.1, l2: 0.2 } } }),
  Conv2DTranspose: () => new L.Conv2DTranspose({ filters: 2, kernelSize: 3, strides: 2 }),
  DepthwiseConv2D: () => new L.DepthwiseConv2D({ kernelSize: 3, depthMultiplier: 2 }),
  SeparableConv2D: () => new L.SeparableConv2D({ filters: 2, kernelSize: 3, depthMultiplier: 2 }),
  MaxPooling1D: () => new L.MaxPooling1D({ poolSize: 3 }),
  MaxPooling2D: () => new L.MaxPooling2D({ poolSize: 3, strides: 1, padding: 'same' }),
  AveragePooling1D: () => new L.AveragePooling1D({}),
  AveragePooling2D: () => new L.AveragePooling2D({ poolSize: [2, 3] }),
  GlobalMaxPooling1D: () => new L.GlobalMaxPooling1D({}),
  GlobalMaxPooling2D: () => new L.GlobalMaxPooling2D({ keepdims: true }),
  GlobalAveragePooling1D: () => new L.GlobalAveragePooling1D({}),
  GlobalAveragePooling2D: () => new L.GlobalAveragePooling2D({}),
  ZeroPadding2D: () => new L.ZeroPadding2D({ padding: [[1, 2], [3, 4]] }),
  Cropping2D: () => new L.Cropping2D({ cropping: 1 }),
  UpSampling2D: () => new L.UpSampling2D({ size: 2, interpolation: 'bilinear' }),
  Reshape: () => new L.Reshape({ targetShape: [2, -1] }),
  Permute: () => new L.Permute({ dims: [2, 1] }),
  RepeatVector: () => new L.RepeatVector({ n: 3 }),
  SimpleRNNCell: () => new L.SimpleRNNCell({ units: 2 }),
  LSTMCell: () => new L.LSTMCell({ units: 2, unitForgetBias: false }),
  GRUCell: () => new L.GRUCell({ units: 2, resetAfter: false }),
  StackedRNNCells: () => new L.StackedRNNCells({ cells: [new L.LSTMCell({ units: 2 }), new L.GRUCell({ units: 3 })] }),
  RNN: () => new L.RNN({ cell: new L.SimpleRNNCell({ units: 2 }), returnSequences: true }),
  SimpleRNN: () => new L.SimpleRNN({ units: 2, goBackwards: true }),
  LSTM: () => new L.LSTM({ units: 2, recurrentActivation: 'hard_sigmoid', dropout: 0.1 }),
  GRU: () => new L.GRU({ units: 2, resetAfter: false, returnState: true }),
  Bidirectional: () => new L.Bidirectional({ layer: new L.LSTM({ units: 2 }), mergeMode: 'sum' }),
  TimeDistributed: () => new L.TimeDistributed({ layer: new L.Dense({ units: 2 }) }),
  SpatialDropout1D: () => new L.SpatialDropout1D({ rate: 0.2, seed: 4 }),
  SpatialDropout2D: () => new L.SpatialDropout2D({ rate: 0.2, dataFormat: 'channels_first' }),
  GaussianNoise: () => new L.GaussianNoise({ stddev: 0.3, seed: 2 }),
  GaussianDropout: () => new L.GaussianDropout({ rate: 0.3 }),
  ActivityRegularization: () => new L.ActivityRegularization({ l1: 0.1, l2: 0.2 }),
  Embedding: () => new L.Embedding({ inputDim: 10, outputDim: 4, maskZero: true }),
  Masking: () => new L.Masking({ maskValue: -1 }),
  Add: () => new L.Add({}),
  Subtract: () => new L.Subtract({}),
  Multiply: () => new L.Multiply({}),
  Average: () => new L.Average({}),
  Maximum: () => new L.Maximum({}),
  Minimum: () => new L.Minimum({}),
  Concatenate: () => new L.Concatenate({ axis: 1 }),
  Dot: () => new L.Dot({ axes: [1, 2], normalize: true }),
  MultiHeadAttention: () => new L.MultiHeadAttention({ numHeads: 2, keyDim: 3, valueDim: 4, dropout: 0.1 }),
  RandomFlip: () => new L.RandomFlip({ mode: 'vertical' }),
  RandomRotation: () => new L.RandomRotation({ factor: [-0.1, 0.2] }),
  RandomZoom: () => new L.RandomZoom({ heightFactor: 0.2 }),
  RandomTranslation: () => new L.RandomTranslation({ heightFactor: 0.1, widthFactor: [-0.2, 0.1] }),
};

/** What saving and loading do to one layer's config, through JSON text. */
function throughFile(config: Record<string, unknown>): Record<string, unknown> {
  const text = JSON.stringify(toTfjsNames(keysToSnake(config, 'test')));
  return fromTfjsNames(keysToCamel(JSON.parse(text), 'test')) as Record<string, unknown>;
}

/**
 * getConfig with activation functions replaced by their names (hard_sigmoid crosses files as a function), and
 * L1/L2 regularizers in the equivalent L1L2 form tfjs writes.
 */
function comparable(c: unknown): unknown {
  return JSON.parse(
    JSON.stringify(c, (_k, v) => {
      if (typeof v === 'function') return v.name;
      if (v && (v.className === 'L1' || v.className === 'L2')) return { className: 'L1L2', config: { l1: v.config.l1 ?? 0, l2: v.config.l2 ?? 0 } };
      return v;
    }),
  );
}

describe("every built-in layer's config survives the snake_case file format", () => {
  for (const [className, make] of Object.entries(samples)) {
    it(className, () => {
      getLayerClass(className);
      const layer = make();
      expect(layer.className).toBe(className);
      const config = layer.getConfig();
      const back = deserializeLayer({ className, config: throughFile(config) });
      expect(back.className).toBe(className);
      expect(comparable(back.getConfig())).toEqual(comparable(config));
      back.dispose();
      layer.dispose();
    });
  }
});

describe('key conversion', () => {
  it("matches tfjs's rules", () => {
    expect(toSnakeCase('batchInputShape')).toBe('batch_input_shape');
    expect(toSnakeCase('kernelInitializer')).toBe('kernel_initializer');
    expect(toSnakeCase('l1')).toBe('l1');
    expect(toSnakeCase('beta1')).toBe('beta1');
    expect(toCamelCase('recurrent_activation')).toBe('recurrentActivation');
    expect(toCamelCase('class_name')).toBe('className');
  });

  it('refuses functions, class instances and keys that would not survive the round trip', () => {
    expect(() => keysToSnake({ activation: (x: number) => x }, 'layer "d"')).toThrow(/layer "d"\.activation: a config must be plain data.*found a function/);
    expect(() => keysToSnake({ init: new Map() }, 'layer "d"')).toThrow(/plain data.*\[object Map\]/);
    expect(() => keysToSnake({ useXLA: true }, 'layer "d"')).toThrow(/the key 'useXLA' does not survive the snake_case round trip/);
    expect(keysToSnake({ a: Number.NaN, b: undefined }, 'x')).toEqual({ a: null });
  });
});
