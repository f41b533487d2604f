import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { RandomRotation } from './random-rotation.js';
import { input } from '../core/input.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { hostImage, imageOf, pixel, values } from './test-utils.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
});

describe('RandomRotation', () => {
  it('rotates by exactly 90° and 180° counter-clockwise about the centre (fixed factor range)', async () => {
    const before = tf.memory().numTensors;
    const n = 4;
    const img = imageOf([2, n, n, 2], pixel);
    for (const interpolation of ['nearest', 'bilinear'] as const) {
      const quarter = new RandomRotation({ factor: [0.25, 0.25], interpolation, fillMode: 'constant', seed: 1 }).apply(img, { training: true });
      // np.rot90: out[y][x] = in[x][n − 1 − y]
      const want = imageOf([2, n, n, 2], (b, y, x, c) => pixel(b, x, n - 1 - y, c));
      const got = await quarter.data();
      const exp = await want.data();
      got.forEach((v, i) => expect(v).toBeCloseTo(exp[i]!, 4));
      const half = new RandomRotation({ factor: [0.5, 0.5], interpolation, fillMode: 'constant' }).apply(img, { training: true });
      const want2 = imageOf([2, n, n, 2], (b, y, x, c) => pixel(b, n - 1 - y, n - 1 - x, c));
      const exp2 = await want2.data();
      (await half.data()).forEach((v, i) => expect(v).toBeCloseTo(exp2[i]!, 4));
      tf.dispose([quarter, want, half, want2]);
    }
    img.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is the identity at inference, and at factor 0', async () => {
    const img = imageOf([1, 3, 3, 1], pixel);
    const layer = new RandomRotation({ factor: 0.3 });
    expect(layer.apply(img, { training: false })).toBe(img);
    const zero = new RandomRotation({ factor: 0 }).apply(img, { training: true });
    expect(await values(zero)).toEqual(await values(img));
    tf.dispose([img, zero]);
  });

  it('draws a new angle per image and call, reproducibly with a seed (training by default, as Keras 3)', async () => {
    const img = imageOf([3, 5, 5, 1], pixel);
    const a = new RandomRotation({ factor: 0.2, seed: 11 });
    const b = new RandomRotation({ factor: 0.2, seed: 11 });
    const [a1, a2, b1, b2] = [a.apply(img), a.apply(img), b.apply(img), b.apply(img)];
    expect(await values(a1)).toEqual(await values(b1));
    expect(await values(a2)).toEqual(await values(b2));
    expect(await values(a1)).not.toEqual(await values(a2));
    expect(await values(a1)).not.toEqual(await values(img));
    tf.dispose([img, a1, a2, b1, b2]);
  });

  it('handles unbatched, channels-first and integer images', async () => {
    const img = imageOf([1, 3, 3, 2], pixel);
    const single = tf.squeeze(img, [0]);
    const r = new RandomRotation({ factor: [0.25, 0.25], interpolation: 'nearest' });
    const ref = r.apply(img);
    const one = r.apply(single);
    expect(one.shape).toEqual([3, 3, 2]);
    expect(await values(one)).toEqual(await values(ref));
    const cf = new RandomRotation({ factor: [0.25, 0.25], interpolation: 'nearest', dataFormat: 'channels_first' }).apply(tf.transpose(img, [0, 3, 1, 2]));
    expect(await values(tf.transpose(cf, [0, 2, 3, 1]))).toEqual(await values(ref));
    const ints = tf.cast(img, 'int32');
    const fromInt = r.apply(ints, { training: false });
    expect(fromInt.dtype).toBe('float32');
    tf.dispose([img, single, ref, one, cf, ints, fromInt]);
  });

  it('infers shapes, round-trips its config and rejects bad arguments and inputs', () => {
    expect(new RandomRotation({ factor: 0.1 }).apply(input({ shape: [8, 8, 3] })).shape).toEqual([null, 8, 8, 3]);
    const l = new RandomRotation({ factor: [-0.1, 0.2], fillMode: 'nearest', interpolation: 'nearest', seed: 4, fillValue: 1, name: 'rot' });
    const { className, config } = serializeLayer(l);
    expect(config).toMatchObject({ factor: [-0.1, 0.2], fillMode: 'nearest', interpolation: 'nearest', seed: 4, fillValue: 1, dataFormat: 'channels_last' });
    expect(deserializeLayer({ className, config }).getConfig()).toEqual(config);
    expect(() => new RandomRotation({ factor: 2 })).toThrow('The `factor` argument should be a number (or a list of two numbers) in the range [-1, 1]. Received: factor=2');
    expect(() => new RandomRotation({ factor: [0.1] as never })).toThrow('Received: factor=[0.1]');
    expect(() => new RandomRotation({ factor: 0.1, fillMode: 'mirror' as never })).toThrow(
      'Invalid value for argument `fill_mode`. Expected one of "reflect", "wrap", "constant", "nearest". Received: fill_mode="mirror"',
    );
    expect(() => new RandomRotation({ factor: 0.1, interpolation: 'bicubic' as never })).toThrow('Invalid value for argument `interpolation`');
    const x = tf.zeros([2, 3]);
    expect(() => new RandomRotation({ factor: 0.1, name: 'rot2' }).apply(x)).toThrow('expected min_ndim=3, found ndim=2');
    x.dispose();
  });
});
