import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { gradcheck } from '@tessera/autograd';
import { affineTransform, mapCoordinate } from './affine-transform.js';
import type { FillMode, Transform } from './affine-transform.js';
import { imageOf, pixel, values } from './test-utils.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
});

const shift = (dx: number, dy: number): Transform => [1, 0, -dx, 0, 1, -dy, 0, 0];

describe('affineTransform', () => {
  it('maps out-of-range coordinates as TensorFlow fill modes', async () => {
    const c = tf.tensor([-5, -4, -1, -0.5, 0, 2.5, 3, 3.5, 4, 6, 8, 9]);
    const expected: Record<FillMode, number[]> = {
      // d c b a | a b c d | d c b a
      reflect: [3, 3, 0, 0, 0, 2.5, 3, 3, 3, 1, 0, 1],
      // a b c d | a b c d (TensorFlow clamps exact multiples below zero to the last pixel)
      wrap: [3, 3, 3, 3, 0, 2.5, 3, 3, 0, 2, 0, 1],
      nearest: [0, 0, 0, 0, 0, 2.5, 3, 3, 3, 3, 3, 3],
      constant: [-5, -4, -1, -0.5, 0, 2.5, 3, 3.5, 4, 6, 8, 9],
    };
    for (const mode of Object.keys(expected) as FillMode[]) {
      const m = tf.tidy(() => mapCoordinate(c, 4, mode));
      expect(await values(m), mode).toEqual(expected[mode]);
      m.dispose();
    }
    c.dispose();
  });

  it('shifts by whole pixels exactly, filling per mode, with either interpolation', async () => {
    const before = tf.memory().numTensors;
    const img = imageOf([1, 1, 4, 1], (_b, _y, x) => x + 1); // [1, 2, 3, 4]
    const cases: [FillMode, number[]][] = [
      ['constant', [9, 9, 1, 2]],
      ['nearest', [1, 1, 1, 2]],
      ['reflect', [2, 1, 1, 2]],
      ['wrap', [3, 4, 1, 2]],
    ];
    for (const [fillMode, want] of cases) {
      for (const interpolation of ['bilinear', 'nearest'] as const) {
        const y = tf.tidy(() => affineTransform(img, [shift(2, 0)], { fillMode, interpolation, fillValue: 9 }));
        expect(await values(y), `${fillMode}/${interpolation}`).toEqual(want);
        y.dispose();
      }
    }
    img.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('interpolates bilinearly from the fractional parts, blending with the fill value at the border', async () => {
    const img = imageOf([1, 2, 2, 1], (_b, y, x) => [1, 2, 3, 4][y * 2 + x]!);
    // Output (x, y) reads (x + 0.5, y + 0.25).
    const y = tf.tidy(() => affineTransform(img, [shift(-0.5, -0.25)], { fillMode: 'constant', interpolation: 'bilinear', fillValue: 0 }));
    // (0.5, 0.25): 0.75·(1.5) + 0.25·(3.5) = 2; (1.5, 0.25): 0.75·(0.5·2) + 0.25·(0.5·4) = 1.25;
    // (0.5, 1.25): 0.75·3.5 = 2.625; (1.5, 1.25): 0.75·(0.5·4) = 1.5.
    const v = await values(y);
    [2, 1.25, 2.625, 1.5].forEach((e, i) => expect(v[i]).toBeCloseTo(e, 6));
    const n = tf.tidy(() => affineTransform(img, [shift(-0.5, -0.25)], { fillMode: 'constant', interpolation: 'nearest', fillValue: 0 }));
    // round half away from zero: (0.5, 0.25) → (1, 0).
    expect(await values(n)).toEqual([2, 0, 4, 0]);
    tf.dispose([img, y, n]);
  });

  it('applies one transform per image and is differentiable with respect to the images', async () => {
    const img = imageOf([2, 3, 3, 2], pixel);
    const y = tf.tidy(() => affineTransform(img, [shift(0, 0), shift(1, 0)], { fillMode: 'constant', interpolation: 'bilinear', fillValue: 0 }));
    const v = await values(y);
    expect(v.slice(0, 18)).toEqual(Array.from(await img.data()).slice(0, 18));
    expect(v.slice(18, 24)).toEqual([0, 0, 100, 100.5, 101, 101.5]);
    const x64 = tf.tensor(Array.from({ length: 2 * 2 * 3 * 1 }, (_, i) => Math.sin(i)), [2, 2, 3, 1], 'float64');
    const angle = 0.3;
    const t: Transform = [Math.cos(angle), -Math.sin(angle), 0.4, Math.sin(angle), Math.cos(angle), -0.2, 0, 0];
    for (const fillMode of ['constant', 'reflect'] as const) {
      const res = await gradcheck((xi) => affineTransform(xi!, [t, shift(0.3, -0.6)], { fillMode, interpolation: 'bilinear', fillValue: 0.5 }), [x64]);
      expect(res.ok, fillMode).toBe(true);
    }
    tf.dispose([img, y, x64]);
  });
});
