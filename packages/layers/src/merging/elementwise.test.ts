import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import * as tfjs from '@tensorflow/tfjs';
import { cpu } from '@tessera/backend-cpu';
import { gradcheck } from '@tessera/autograd';
import { Add, Average, Maximum, Minimum, Multiply, Subtract } from './elementwise.js';
import { add, average, maximum, minimum, multiply, subtract } from './functional.js';
import { input } from '../core/input.js';
import { getMask, setMask } from '../engine/layer.js';
import type { Layer } from '../engine/layer.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { compareWeightlessWithTfjs } from './test-utils.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
  await tfjs.setBackend('cpu');
});

// tfjs-layers has no Subtract layer: it is checked by hand and by finite differences below.
const pairs: [string, () => Layer, () => tfjs.layers.Layer][] = [
  ['Add', () => new Add(), () => tfjs.layers.add({})],
  ['Multiply', () => new Multiply(), () => tfjs.layers.multiply({})],
  ['Average', () => new Average(), () => tfjs.layers.average({})],
  ['Maximum', () => new Maximum(), () => tfjs.layers.maximum({})],
  ['Minimum', () => new Minimum(), () => tfjs.layers.minimum({})],
];

describe('elementwise merges', () => {
  it('match tfjs-layers forward and backward on two and three inputs', async () => {
    const before = tf.memory().numTensors;
    for (const [name, ours, theirs] of pairs) {
      await compareWeightlessWithTfjs({ ours: ours(), theirs: theirs(), inputShapes: [[2, 3, 4], [2, 3, 4]] });
      await compareWeightlessWithTfjs({ ours: ours(), theirs: theirs(), inputShapes: [[2, 3], [2, 3], [2, 3]], seed: 7 });
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('broadcast inputs of lower rank by expanding at axis 1, as Keras and tfjs', async () => {
    const before = tf.memory().numTensors;
    for (const [name, ours, theirs] of pairs) {
      // tfjs cannot differentiate maximum/minimum through broadcasting (see TFJS-PARITY-NOTES): forward only there.
      const forwardOnly = name === 'Maximum' || name === 'Minimum';
      await compareWeightlessWithTfjs({ ours: ours(), theirs: theirs(), inputShapes: [[2, 3, 4], [2, 4]], forwardOnly });
      await compareWeightlessWithTfjs({ ours: ours(), theirs: theirs(), inputShapes: [[2, 3, 1], [2, 3, 4]], forwardOnly, seed: 4 });
    }
    // Our gradients through broadcasting maximum, by finite differences.
    const a = tf.tensor([0.1, -0.5, 0.9, 0.3, -0.2, 0.7], [2, 3, 1]);
    const b = tf.tensor([0.4, -0.8, 0.2, 0.05, 0.6, -0.3, 0.5, 0.15], [2, 4]);
    for (const L of [Maximum, Minimum]) {
      const layer = new L();
      const res = await gradcheck((x, y) => layer.apply([x!, y!]) as tf.Tensor, [a, b]);
      expect(res.ok, `${L.className} gradcheck`).toBe(true);
    }
    tf.dispose([a, b]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('Subtract computes a − b with broadcasting, and its gradients pass finite differences', async () => {
    const before = tf.memory().numTensors;
    const a = tf.tensor([1, 2, 3, 4, 5, 6], [2, 3, 1]);
    const b = tf.tensor([10, 20, 30, 40], [2, 2]);
    const layer = new Subtract();
    const y = layer.apply([a, b]) as tf.Tensor;
    expect(y.shape).toEqual([2, 3, 2]);
    expect(Array.from(await y.data())).toEqual([-9, -19, -8, -18, -7, -17, -26, -36, -25, -35, -24, -34]);
    const res = await gradcheck((x, z) => layer.apply([x!, z!]) as tf.Tensor, [a, b]);
    expect(res.ok).toBe(true);
    tf.dispose([a, b, y]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('infer shapes symbolically with Keras broadcasting', () => {
    const a = input({ shape: [2, 1] });
    const b = input({ shape: [3] });
    expect(new Add().apply([a, b]).shape).toEqual([null, 2, 3]);
    expect(new Maximum().apply([input({ shape: [null, 4] }), input({ shape: [5, 4] })]).shape).toEqual([null, null, 4]);
    expect(new Average().apply([input({ batchShape: [8, 4] }), input({ shape: [4] })]).shape).toEqual([8, 4]);
  });

  it('reject bad inputs in Keras words', () => {
    const x = tf.zeros([2, 3]);
    const y = tf.zeros([2, 4]);
    const z = tf.zeros([5, 3]);
    expect(() => new Add().apply([x, y])).toThrow('Inputs have incompatible shapes. Received shapes (3,) and (4,)');
    expect(() => new Add().apply([x, z])).toThrow('Cannot merge tensors with different batch sizes. Received tensors with shapes [(2, 3), (5, 3)]');
    expect(() => new Add().apply(x)).toThrow('A merge layer should be called on a list of inputs. Received: input_shape=(2, 3) (not a list of shapes)');
    expect(() => new Subtract().apply([x, x, x])).toThrow('A `Subtract` layer should be called on exactly 2 inputs. Received: input_shape=[(2, 3), (2, 3), (2, 3)]');
    expect(() => new Add().apply([input({ shape: [3] }), input({ shape: [4] })])).toThrow('Inputs have incompatible shapes');
    tf.dispose([x, y, z]);
  });

  it('merge masks as Keras: OR of the masks, masked entries neutral in Maximum/Minimum/Multiply', async () => {
    const before = tf.memory().numTensors;
    const a = tf.tensor([1, 2], [1, 2, 1]);
    const b = tf.tensor([5, -1], [1, 2, 1]);
    const ma = tf.tensor([true, false], [1, 2], 'bool');
    const mb = tf.tensor([false, true], [1, 2], 'bool');
    setMask(a, ma);
    setMask(b, mb);
    const outs: tf.Tensor[] = [];
    const run = (l: Layer) => {
      const o = l.apply([a, b]) as tf.Tensor;
      outs.push(o);
      const m = getMask(o);
      if (m) outs.push(m);
      return o;
    };
    expect(Array.from(await run(new Maximum()).data())).toEqual([1, -1]);
    expect(Array.from(await run(new Minimum()).data())).toEqual([1, -1]);
    expect(Array.from(await run(new Multiply()).data())).toEqual([1, -1]);
    const sum = run(new Add());
    expect(Array.from(await sum.data())).toEqual([6, 1]);
    expect(Array.from(await getMask(sum)!.data())).toEqual([1, 1]);
    // Entries masked in every input are zeroed by Multiply.
    const c = tf.tensor([3, 4], [1, 2, 1]);
    const mc = tf.tensor([true, false], [1, 2], 'bool');
    setMask(c, mc);
    const p = new Multiply().apply([a, c]) as tf.Tensor;
    expect(Array.from(await p.data())).toEqual([3, 0]);
    expect(Array.from(await getMask(p)!.data())).toEqual([1, 0]);
    // An unmasked input: no output mask.
    const d = tf.tensor([1, 1], [1, 2, 1]);
    const q = new Add().apply([a, d]) as tf.Tensor;
    expect(getMask(q)).toBeNull();
    tf.dispose([a, b, c, d, ma, mb, mc, p, getMask(p)!, q, ...outs]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('functional helpers apply a new layer (or return one given arguments)', async () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor([1, 2, 3, 4], [2, 2]);
    const y = tf.tensor([4, 3, 2, 1], [2, 2]);
    const results = [add([x, y]), subtract([x, y]), multiply([x, y]), average([x, y]), maximum([x, y]), minimum([x, y])];
    expect(await Promise.all(results.map(async (r) => Array.from(await r.data())))).toEqual([
      [5, 5, 5, 5],
      [-3, -1, 1, 3],
      [4, 6, 6, 4],
      [2.5, 2.5, 2.5, 2.5],
      [4, 3, 3, 4],
      [1, 2, 2, 1],
    ]);
    expect(add([input({ shape: [3] }), input({ shape: [3] })]).shape).toEqual([null, 3]);
    const layer = add({ name: 'my_add' });
    expect(layer).toBeInstanceOf(Add);
    expect(layer.name).toBe('my_add');
    tf.dispose([x, y, ...results]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('round-trip through their configs', () => {
    for (const [name, ours] of [...pairs, ['Subtract', () => new Subtract()] as const]) {
      const { className, config } = serializeLayer(ours());
      expect(className).toBe(name);
      const back = deserializeLayer({ className, config });
      expect(back.className).toBe(name);
      expect(back.getConfig()).toEqual(config);
    }
  });
});
