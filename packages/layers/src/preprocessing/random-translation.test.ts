import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { RandomTranslation } from './random-translation.js';
import { input } from '../core/input.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { hostImage, imageOf, pixel, values } from './test-utils.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
});

describe('RandomTranslation', () => {
  it('shifts by whole pixels for fixed factor ranges (right by one, up by two)', async () => {
    const before = tf.memory().numTensors;
    const img = imageOf([2, 4, 4, 1], pixel);
    const right = new RandomTranslation({ heightFactor: 0, widthFactor: [0.25, 0.25], fillMode: 'constant', fillValue: -1 }).apply(img, { training: true });
    expect(await values(right)).toEqual(hostImage([2, 4, 4, 1], (b, y, x, c) => (x === 0 ? -1 : pixel(b, y, x - 1, c))));
    const up = new RandomTranslation({ heightFactor: [-0.5, -0.5], widthFactor: 0, fillMode: 'nearest', interpolation: 'nearest' }).apply(img, { training: true });
    expect(await values(up)).toEqual(hostImage([2, 4, 4, 1], (b, y, x, c) => pixel(b, Math.min(y + 2, 3), x, c)));
    tf.dispose([img, right, up]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is the identity at inference and reproducible with a seed', async () => {
    const img = imageOf([4, 5, 5, 1], pixel);
    expect(new RandomTranslation({ heightFactor: 0.2, widthFactor: 0.2 }).apply(img, { training: false })).toBe(img);
    const a = new RandomTranslation({ heightFactor: 0.4, widthFactor: 0.4, seed: 3 });
    const b = new RandomTranslation({ heightFactor: 0.4, widthFactor: 0.4, seed: 3 });
    const [a1, a2, b1, b2] = [a.apply(img), a.apply(img), b.apply(img), b.apply(img)];
    expect(await values(a1)).toEqual(await values(b1));
    expect(await values(a2)).toEqual(await values(b2));
    expect(await values(a1)).not.toEqual(await values(a2));
    tf.dispose([img, a1, a2, b1, b2]);
  });

  it('infers shapes, round-trips its config and rejects bad arguments', () => {
    expect(new RandomTranslation({ heightFactor: 0.1, widthFactor: 0.1 }).apply(input({ shape: [8, 8, 3] })).shape).toEqual([null, 8, 8, 3]);
    const { className, config } = serializeLayer(new RandomTranslation({ heightFactor: [0.1, 0.2], widthFactor: 0.3, seed: 1, name: 'tr' }));
    expect(config).toMatchObject({ heightFactor: [0.1, 0.2], widthFactor: 0.3, fillMode: 'reflect', interpolation: 'bilinear' });
    expect(deserializeLayer({ className, config }).getConfig()).toEqual(config);
    expect(() => new RandomTranslation({ heightFactor: 0.1, widthFactor: 1.5 })).toThrow(
      'The `height_factor` and `width_factor` arguments should be a number (or a list of two numbers) in the range [-1.0, 1.0]. Received: width_factor=1.5',
    );
    expect(() => new RandomTranslation({ heightFactor: 0.1 } as never)).toThrow('Received: width_factor=undefined');
  });
});
