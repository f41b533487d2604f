import type { CaseExpected, HostTensor } from '../testing/case.js';

/**
 * Naive float64 references for the convolution, pooling and normalisation op cases: direct loops over every
 * output cell, with their own (deliberately separate) computation of output sizes and padding, following the
 * rules tfjs documents: SAME puts floor(total/2) before; numbers and explicit pads truncate unless a rounding mode
 * is given; padding cells are skipped (zero for conv, ignored by pools).
 */

export type RefPad = 'same' | 'valid' | number | [number, number];

/** Output size and padding before, for one spatial dim. */
export function refDim(inSize: number, k: number, stride: number, dilation: number, pad: RefPad, mode?: 'floor' | 'round' | 'ceil') {
  const eff = (k - 1) * dilation + 1;
  const rnd = (v: number) => (mode === 'ceil' ? Math.ceil(v) : mode === 'floor' ? Math.floor(v) : mode === 'round' ? Math.round(v) : Math.trunc(v));
  if (pad === 'same') {
    const out = Math.ceil(inSize / stride);
    return { out, before: Math.floor(Math.max(0, (out - 1) * stride + eff - inSize) / 2) };
  }
  if (pad === 'valid') return { out: Math.max(0, Math.ceil((inSize - eff + 1) / stride)), before: 0 };
  const [b, a] = typeof pad === 'number' ? [pad, pad] : pad;
  return { out: Math.max(0, rnd((inSize - eff + b + a) / stride + 1)), before: b };
}

export interface Geometry2D {
  strides: [number, number];
  dilations?: [number, number];
  /** For explicit padding: [[top,bottom],[left,right]]. */
  pad: 'same' | 'valid' | number | [[number, number], [number, number]];
  mode?: 'floor' | 'round' | 'ceil';
}

function dims(h: number, w: number, kh: number, kw: number, g: Geometry2D) {
  const [dh, dw] = g.dilations ?? [1, 1];
  const ph: RefPad = Array.isArray(g.pad) ? g.pad[0] : g.pad;
  const pw: RefPad = Array.isArray(g.pad) ? g.pad[1] : g.pad;
  return { H: refDim(h, kh, g.strides[0], dh, ph, g.mode), W: refDim(w, kw, g.strides[1], dw, pw, g.mode), dh, dw };
}

/** Row-major index helper. */
function idx(shape: readonly number[], ...i: number[]): number {
  let o = 0;
  for (let k = 0; k < shape.length; k++) o = o * shape[k]! + i[k]!;
  return o;
}

export function refTranspose(t: HostTensor, perm: number[]): HostTensor {
  const shape = perm.map((p) => t.shape[p]!);
  const n = t.values.length;
  const values = new Array<number>(n);
  const inStrides = t.shape.map((_, i) => t.shape.slice(i + 1).reduce((a, b) => a * b, 1));
  for (let o = 0; o < n; o++) {
    let rem = o;
    let src = 0;
    for (let k = shape.length - 1; k >= 0; k--) {
      const c = rem % shape[k]!;
      rem = Math.floor(rem / shape[k]!);
      src += c * inStrides[perm[k]!]!;
    }
    values[o] = t.values[src]!;
  }
  return { shape, values, dtype: t.dtype };
}

/** conv2d on NHWC x [N,H,W,C] and filter [KH,KW,C,OC]. */
export function refConv2d(x: HostTensor, f: HostTensor, g: Geometry2D): CaseExpected {
  const [N, H, W, C] = x.shape as [number, number, number, number];
  const [KH, KW, , OC] = f.shape as [number, number, number, number];
  const { H: oh, W: ow, dh, dw } = dims(H, W, KH, KW, g);
  const shape = [N, oh.out, ow.out, OC];
  const values: number[] = [];
  for (let n = 0; n < N; n++)
    for (let i = 0; i < oh.out; i++)
      for (let j = 0; j < ow.out; j++)
        for (let o = 0; o < OC; o++) {
          let s = 0;
          for (let kh = 0; kh < KH; kh++)
            for (let kw = 0; kw < KW; kw++) {
              const y = i * g.strides[0] - oh.before + kh * dh;
              const z = j * g.strides[1] - ow.before + kw * dw;
              if (y < 0 || y >= H || z < 0 || z >= W) continue;
              for (let c = 0; c < C; c++) s += x.values[idx(x.shape, n, y, z, c)]! * f.values[idx(f.shape, kh, kw, c, o)]!;
            }
          values.push(s);
        }
  return { shape, values };
}

/** conv2dTranspose: x [N,OH,OW,OC] scattered through filter [KH,KW,C,OC] into outShape [N,H,W,C]. */
export function refConv2dTranspose(x: HostTensor, f: HostTensor, outShape: number[], g: Geometry2D): CaseExpected {
  const [N, H, W, C] = outShape as [number, number, number, number];
  const [KH, KW, , OC] = f.shape as [number, number, number, number];
  const { H: oh, W: ow } = dims(H, W, KH, KW, g);
  const values = new Array<number>(N * H * W * C).fill(0);
  for (let n = 0; n < N; n++)
    for (let i = 0; i < oh.out; i++)
      for (let j = 0; j < ow.out; j++)
        for (let kh = 0; kh < KH; kh++)
          for (let kw = 0; kw < KW; kw++) {
            const y = i * g.strides[0] - oh.before + kh;
            const z = j * g.strides[1] - ow.before + kw;
            if (y < 0 || y >= H || z < 0 || z >= W) continue;
            for (let c = 0; c < C; c++)
              for (let o = 0; o < OC; o++) {
                values[idx(outShape, n, y, z, c)]! += x.values[idx(x.shape, n, i, j, o)]! * f.values[idx(f.shape, kh, kw, c, o)]!;
              }
          }
  return { shape: [...outShape], values };
}

/** depthwiseConv2d: filter [KH,KW,C,M], output channel c·M + m. */
export function refDepthwise(x: HostTensor, f: HostTensor, g: Geometry2D): CaseExpected {
  const [N, H, W, C] = x.shape as [number, number, number, number];
  const [KH, KW, , M] = f.shape as [number, number, number, number];
  const { H: oh, W: ow, dh, dw } = dims(H, W, KH, KW, g);
  const values: number[] = [];
  for (let n = 0; n < N; n++)
    for (let i = 0; i < oh.out; i++)
      for (let j = 0; j < ow.out; j++)
        for (let c = 0; c < C; c++)
          for (let m = 0; m < M; m++) {
            let s = 0;
            for (let kh = 0; kh < KH; kh++)
              for (let kw = 0; kw < KW; kw++) {
                const y = i * g.strides[0] - oh.before + kh * dh;
                const z = j * g.strides[1] - ow.before + kw * dw;
                if (y < 0 || y >= H || z < 0 || z >= W) continue;
                s += x.values[idx(x.shape, n, y, z, c)]! * f.values[idx(f.shape, kh, kw, c, m)]!;
              }
            values.push(s);
          }
  return { shape: [N, oh.out, ow.out, C * M], values };
}

/** max or average pooling on NHWC; padding cells are skipped (the average divides by the real cells). */
export function refPool(x: HostTensor, kh: number, kw: number, g: Geometry2D, kind: 'max' | 'avg'): CaseExpected {
  const [N, H, W, C] = x.shape as [number, number, number, number];
  const { H: oh, W: ow } = dims(H, W, kh, kw, g);
  const values: number[] = [];
  for (let n = 0; n < N; n++)
    for (let i = 0; i < oh.out; i++)
      for (let j = 0; j < ow.out; j++)
        for (let c = 0; c < C; c++) {
          let best = -Infinity;
          let sum = 0;
          let count = 0;
          for (let a = 0; a < kh; a++)
            for (let b = 0; b < kw; b++) {
              const y = i * g.strides[0] - oh.before + a;
              const z = j * g.strides[1] - ow.before + b;
              if (y < 0 || y >= H || z < 0 || z >= W) continue;
              const v = x.values[idx(x.shape, n, y, z, c)]!;
              best = Math.max(best, v);
              sum += v;
              count++;
            }
          values.push(kind === 'max' ? best : sum / count);
        }
  return { shape: [N, oh.out, ow.out, C], values };
}

/** Value of a broadcast operand at the flat position `o` of an output of `shape`. */
function at(t: HostTensor, shape: readonly number[], o: number): number {
  let rem = o;
  let src = 0;
  let stride = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    const c = rem % shape[k]!;
    rem = Math.floor(rem / shape[k]!);
    const d = k - (shape.length - t.shape.length);
    if (d >= 0) {
      if (t.shape[d] !== 1) src += c * stride;
      stride *= t.shape[d]!;
    }
  }
  return t.values[src]!;
}

export function refBatchNorm(x: HostTensor, mean: HostTensor, variance: HostTensor, offset: HostTensor | null, scale: HostTensor | null, eps: number): CaseExpected {
  const values = x.values.map((v, o) => {
    const s = scale ? at(scale, x.shape, o) : 1;
    const b = offset ? at(offset, x.shape, o) : 0;
    return ((v - at(mean, x.shape, o)) * s) / Math.sqrt(at(variance, x.shape, o) + eps) + b;
  });
  return { shape: [...x.shape], values };
}

export function refLRN(x: HostTensor, r: number, bias: number, alpha: number, beta: number): CaseExpected {
  const C = x.shape[x.shape.length - 1]!;
  const values = x.values.map((v, o) => {
    const c = o % C;
    let s = 0;
    for (let k = Math.max(0, c - r); k <= Math.min(C - 1, c + r); k++) s += x.values[o - c + k]! ** 2;
    return v * Math.pow(bias + alpha * s, -beta);
  });
  return { shape: [...x.shape], values };
}
