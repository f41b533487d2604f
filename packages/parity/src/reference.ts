/** Plain float64 reference functions for the cases where Tessera is checked against the true value. */

/** erf to ~1e-15: Taylor series near 0, a continued fraction for erfc in the tails. */
export function erfReference(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const z = Math.abs(x);
  let r: number;
  if (z < 2.5) {
    // erf(z) = 2/√π Σ (-1)^n z^(2n+1) / (n! (2n+1))
    let term = z;
    let sum = z;
    for (let n = 1; n < 80; n++) {
      term *= (-z * z) / n;
      sum += term / (2 * n + 1);
    }
    r = (2 / Math.sqrt(Math.PI)) * sum;
  } else if (z === Infinity) {
    r = 1;
  } else {
    // erfc(z) = exp(-z²)/√π · 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + ...)))), evaluated from the tail.
    let f = z;
    for (let k = 60; k >= 1; k--) f = z + k / 2 / f;
    r = 1 - Math.exp(-z * z) / Math.sqrt(Math.PI) / f;
  }
  return x < 0 ? -r : r;
}

/**
 * NHWC conv2d with 'same' padding (stride 1, dilation 1), accumulated in float64 and rounded once to float32:
 * the value a float32 kernel should approach.
 */
export function conv2dReference(
  x: { shape: number[]; data: ArrayLike<number> },
  f: { shape: number[]; data: ArrayLike<number> },
): { shape: number[]; dtype: string; values: number[] } {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const [kh, kw, , o] = f.shape as [number, number, number, number];
  const top = Math.floor((kh - 1) / 2);
  const left = Math.floor((kw - 1) / 2);
  const values: number[] = [];
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < h; i++) {
      for (let j = 0; j < w; j++) {
        for (let q = 0; q < o; q++) {
          let s = 0;
          for (let di = 0; di < kh; di++) {
            for (let dj = 0; dj < kw; dj++) {
              const y = i + di - top;
              const z = j + dj - left;
              if (y < 0 || y >= h || z < 0 || z >= w) continue;
              for (let p = 0; p < c; p++) s += x.data[((b * h + y) * w + z) * c + p]! * f.data[((di * kw + dj) * c + p) * o + q]!;
            }
          }
          values.push(Math.fround(s));
        }
      }
    }
  }
  return { shape: [n, h, w, o], dtype: 'float32', values };
}
