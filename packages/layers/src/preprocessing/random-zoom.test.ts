import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { RandomZoom } from './random-zoom.js';
import { input } from '../core/input.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { hostImage, imageOf, pixel, values } from './test-utils.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
});

describe('RandomZoom', () => {
  it('is the identity at factor 0 and zooms about the centre for fixed factors', async () => {
    const before = tf.memory().numTensors;
    const img = imageOf([1, 5, 5, 1], (_b, y, x) => x + 10 * y);
    const same = new RandomZoom({ heightFactor: 0, widthFactor: 0 }).apply(img, { training: true });
    expect(await values(same)).toEqual(await values(img));
    // Zoom in 2× horizontally (z = 0.5): output x reads 0.5·x + 1 → 1, 1.5, 2, 2.5, 3 (bilinear on a ramp).
    const zin = new RandomZoom({ heightFactor: 0, widthFactor: [-0.5, -0.5] }).apply(img, { training: true });
    expect(await values(zin)).toEqual(hostImage([1, 5, 5, 1], (_b, y, x) => 1 + 0.5 * x + 10 * y));
    // Zoom out 2× on both axes (z = 2, widthFactor null → same as height): reads (2x − 2, 2y − 2), constant fill.
    const zout = new RandomZoom({ heightFactor: [1, 1], fillMode: 'constant', fillValue: -1 }).apply(img, { training: true });
    const inside = (v: number) => v >= 0 && v <= 4;
    expect(await values(zout)).toEqual(
      hostImage([1, 5, 5, 1], (_b, y, x) => (inside(2 * x - 2) && inside(2 * y - 2) ? 2 * x - 2 + 10 * (2 * y - 2) : -1)),
    );
    tf.dispose([img, same, zin, zout]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is the identity at inference and reproducible with a seed', async () => {
    const img = imageOf([3, 4, 4, 2], pixel);
    expect(new RandomZoom({ heightFactor: 0.3 }).apply(img, { training: false })).toBe(img);
    const a = new RandomZoom({ heightFactor: 0.5, widthFactor: 0.2, seed: 8 });
    const b = new RandomZoom({ heightFactor: 0.5, widthFactor: 0.2, seed: 8 });
    const [a1, a2, b1, b2] = [a.apply(img), a.apply(img), b.apply(img), b.apply(img)];
    expect(await values(a1)).toEqual(await values(b1));
    expect(await values(a2)).toEqual(await values(b2));
    expect(await values(a1)).not.toEqual(await values(a2));
    tf.dispose([img, a1, a2, b1, b2]);
  });

  it('infers shapes, round-trips its config and rejects bad arguments', () => {
    expect(new RandomZoom({ heightFactor: 0.1 }).apply(input({ shape: [8, 8, 3] })).shape).toEqual([null, 8, 8, 3]);
    const { className, config } = serializeLayer(new RandomZoom({ heightFactor: [-0.2, 0.1], name: 'zoom' }));
    expect(config).toMatchObject({ heightFactor: [-0.2, 0.1], widthFactor: null, fillMode: 'reflect' });
    expect(deserializeLayer({ className, config }).getConfig()).toEqual(config);
    expect(() => new RandomZoom({ heightFactor: -1.5 })).toThrow(
      'The `height_factor` and `width_factor` arguments should be a number (or a list of two numbers) in the range [-1.0, 1.0]. Received: height_factor=-1.5',
    );
  });
});
