import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { RandomFlip } from './random-flip.js';
import { input } from '../core/input.js';
import { deserializeLayer, serializeLayer } from '../registry.js';
import { hostImage, imageOf, pixel, values } from './test-utils.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
});

/** Per image: 'id' when unchanged, else which of the candidate flips it equals. */
async function classify(out: tf.Tensor, img: tf.Tensor, flips: Record<string, number[]>): Promise<string[]> {
  const [b] = out.shape as number[];
  const per = out.size / b!;
  const o = await values(out);
  const x = await values(img);
  const res: string[] = [];
  for (let i = 0; i < b!; i++) {
    const oi = o.slice(i * per, (i + 1) * per);
    if (oi.every((v, k) => v === x[i * per + k])) res.push('id');
    else res.push(Object.keys(flips).find((name) => oi.every((v, k) => v === flips[name]![i * per + k])) ?? 'other');
  }
  return res;
}

describe('RandomFlip', () => {
  it('flips each image left-right, top-bottom or both (one draw, as Keras 3) with probability 1/2', async () => {
    const before = tf.memory().numTensors;
    const img = imageOf([16, 2, 3, 1], pixel);
    const h = hostImage([16, 2, 3, 1], (b, y, x, c) => pixel(b, y, 2 - x, c));
    const v = hostImage([16, 2, 3, 1], (b, y, x, c) => pixel(b, 1 - y, x, c));
    const hv = hostImage([16, 2, 3, 1], (b, y, x, c) => pixel(b, 1 - y, 2 - x, c));
    for (const [mode, name, flipped] of [['horizontal', 'h', h], ['vertical', 'v', v], ['horizontal_and_vertical', 'hv', hv]] as const) {
      const out = new RandomFlip({ mode, seed: 5 }).apply(img, { training: true });
      const kinds = await classify(out, img, { [name]: flipped });
      expect(new Set(kinds)).toEqual(new Set(['id', name]));
      out.dispose();
    }
    tf.dispose(img);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is the identity at inference, reproducible with a seed, and handles unbatched images', async () => {
    const img = imageOf([8, 2, 2, 1], pixel);
    expect(new RandomFlip().apply(img, { training: false })).toBe(img);
    const a = new RandomFlip({ seed: 2 });
    const b = new RandomFlip({ seed: 2 });
    const [a1, a2, b1, b2] = [a.apply(img), a.apply(img), b.apply(img), b.apply(img)];
    expect(await values(a1)).toEqual(await values(b1));
    expect(await values(a2)).toEqual(await values(b2));
    expect(await values(a1)).not.toEqual(await values(a2));
    const one = tf.squeeze(tf.slice(img, [0, 0, 0, 0], [1, 2, 2, 1]), [0]);
    const o = new RandomFlip({ mode: 'horizontal' }).apply(one);
    expect(o.shape).toEqual([2, 2, 1]);
    tf.dispose([img, a1, a2, b1, b2, one, o]);
  });

  it('infers shapes, round-trips its config and rejects bad arguments', () => {
    expect(new RandomFlip().apply(input({ shape: [8, 8, 3] })).shape).toEqual([null, 8, 8, 3]);
    const { className, config } = serializeLayer(new RandomFlip({ mode: 'vertical', seed: 3, name: 'flip' }));
    expect(config).toMatchObject({ mode: 'vertical', seed: 3, dataFormat: 'channels_last' });
    expect(deserializeLayer({ className, config }).getConfig()).toEqual(config);
    expect(() => new RandomFlip({ mode: 'diagonal' as never })).toThrow(
      'Invalid value for argument `mode`. Expected one of "horizontal", "vertical", "horizontal_and_vertical". Received: mode="diagonal"',
    );
  });
});
