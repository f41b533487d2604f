import type { CaseInput, HostTensor, OpCase } from '../testing/case.js';
import { conv1d, conv2d, conv2dTranspose, depthwiseConv2d, separableConv2d } from './conv.js';
import type { PadArg } from './conv-util.js';
import { refConv2d, refConv2dTranspose, refDepthwise, refTranspose } from './conv-reference.js';
import type { Geometry2D } from './conv-reference.js';

const rnd = (shape: number[], seed: number, min = -1, max = 1): CaseInput => ({ shape, random: { seed, min, max } });
const vals = (shape: number[], values: number[]): CaseInput => ({ shape, values });
const pair = (v: number | [number, number]): [number, number] => (typeof v === 'number' ? [v, v] : v);

/** The reference's view of a tfjs pad argument (explicit NHWC padding → [[top,bottom],[left,right]]). */
function refPad(pad: PadArg): Geometry2D['pad'] {
  if (Array.isArray(pad)) return [pad[1], pad[2]];
  return pad;
}

/** A rank-3 host tensor as a batch of one, and back. */
const batch1 = (t: HostTensor): HostTensor => ({ ...t, shape: [1, ...t.shape] });
const unbatch = (e: { shape: number[]; values: number[] }) => ({ shape: e.shape.slice(1), values: e.values });

interface Conv2DConfig {
  name: string;
  x: number[];
  f: number[];
  strides: number | [number, number];
  pad: PadArg;
  dilations?: number | [number, number];
  dataFormat?: 'NHWC' | 'NCHW';
  mode?: 'floor' | 'round' | 'ceil';
}

const conv2dConfigs: Conv2DConfig[] = [
  { name: 'valid, batch 1, C=1', x: [1, 3, 3, 1], f: [2, 2, 1, 1], strides: 1, pad: 'valid' },
  { name: 'same, stride 2, odd sizes, batch 2', x: [2, 5, 5, 3], f: [3, 3, 3, 4], strides: 2, pad: 'same' },
  { name: 'same, dilation 2, non-square filter', x: [1, 7, 6, 2], f: [3, 2, 2, 3], strides: 1, pad: 'same', dilations: 2 },
  { name: '1x1 filter, C=1', x: [3, 4, 4, 1], f: [1, 1, 1, 2], strides: 1, pad: 'valid' },
  { name: 'numeric pad 1, stride 2', x: [1, 5, 5, 2], f: [3, 3, 2, 2], strides: 2, pad: 1 },
  { name: 'explicit asymmetric pad, strides [1,2]', x: [2, 4, 5, 2], f: [2, 3, 2, 3], strides: [1, 2], pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
  { name: 'ceil rounding runs past the input', x: [1, 5, 5, 1], f: [2, 2, 1, 2], strides: 2, pad: 0, mode: 'ceil' },
  { name: 'NCHW, same', x: [2, 3, 5, 4], f: [3, 3, 3, 2], strides: 1, pad: 'same', dataFormat: 'NCHW' },
  { name: 'NCHW, stride 2, explicit pad', x: [1, 2, 6, 5], f: [3, 2, 2, 2], strides: 2, pad: [[0, 0], [0, 0], [1, 1], [2, 0]], dataFormat: 'NCHW' },
  { name: 'stride 2 and dilation 2', x: [1, 9, 9, 1], f: [2, 2, 1, 1], strides: 2, pad: 'valid', dilations: 2 },
  { name: 'same, strides [2,3], even sizes', x: [1, 6, 8, 2], f: [2, 4, 2, 1], strides: [2, 3], pad: 'same' },
  { name: 'rank-3 input', x: [5, 5, 2], f: [3, 3, 2, 2], strides: 1, pad: 'valid' },
  { name: 'valid with a stride that leaves cells over', x: [2, 6, 7, 2], f: [3, 3, 2, 2], strides: 2, pad: 'valid' },
];

function conv2dRef(c: Conv2DConfig) {
  return (x: HostTensor, f: HostTensor) => {
    const g: Geometry2D = { strides: pair(c.strides), dilations: pair(c.dilations ?? 1), pad: refPad(c.pad), mode: c.mode };
    if (c.x.length === 3) return unbatch(refConv2d(batch1(x), f, g));
    if (c.dataFormat === 'NCHW') {
      const explicit = Array.isArray(c.pad) ? { pad: [c.pad[2], c.pad[3]] as Geometry2D['pad'] } : {};
      const y = refConv2d(refTranspose(x, [0, 2, 3, 1]), f, { ...g, ...explicit });
      const t = refTranspose({ ...y, dtype: 'float32' }, [0, 3, 1, 2]);
      return { shape: t.shape, values: t.values };
    }
    return refConv2d(x, f, g);
  };
}

const conv2dCases: OpCase[] = [
  ...conv2dConfigs.map((c, i): OpCase => ({
    op: 'conv2d',
    name: c.name,
    inputs: [rnd(c.x, 100 + i), rnd(c.f, 200 + i)],
    run: (x, f) => conv2d(x!, f!, c.strides, c.pad, c.dataFormat ?? 'NHWC', c.dilations ?? 1, c.mode),
    reference: conv2dRef(c),
    grad: true,
  })),
  {
    op: 'conv2d',
    name: 'hand-checked: diagonal 2x2 filter',
    inputs: [vals([1, 3, 3, 1], [1, 2, 3, 4, 5, 6, 7, 8, 9]), vals([2, 2, 1, 1], [1, 0, 0, 1])],
    run: (x, f) => conv2d(x!, f!, 1, 'valid'),
    expected: { shape: [1, 2, 2, 1], values: [6, 8, 12, 14] },
  },
  {
    op: 'conv2d',
    name: 'hand-checked: 3x3 box sum, same',
    inputs: [vals([1, 3, 3, 1], [1, 2, 3, 4, 5, 6, 7, 8, 9]), vals([3, 3, 1, 1], [1, 1, 1, 1, 1, 1, 1, 1, 1])],
    run: (x, f) => conv2d(x!, f!, 1, 'same'),
    expected: { shape: [1, 3, 3, 1], values: [12, 21, 16, 27, 45, 33, 24, 39, 28] },
  },
  {
    op: 'conv2d',
    name: 'throws: x of rank 2',
    inputs: [rnd([4, 4], 1), rnd([2, 2, 1, 1], 2)],
    run: (x, f) => conv2d(x!, f!, 1, 'valid'),
    throws: /argument `x`/,
  },
  {
    op: 'conv2d',
    name: 'throws: filter of rank 3',
    inputs: [rnd([1, 4, 4, 1], 1), rnd([2, 2, 1], 2)],
    run: (x, f) => conv2d(x!, f!, 1, 'valid'),
    throws: /argument `filter`/,
  },
  {
    op: 'conv2d',
    name: 'throws: channel mismatch',
    inputs: [rnd([1, 4, 4, 3], 1), rnd([2, 2, 2, 1], 2)],
    run: (x, f) => conv2d(x!, f!, 1, 'valid'),
    throws: /depth of x \(3\) must match the input depth of filter \(2\)/,
  },
  {
    op: 'conv2d',
    name: 'throws: bad pad string',
    inputs: [rnd([1, 4, 4, 1], 1), rnd([2, 2, 1, 1], 2)],
    run: (x, f) => conv2d(x!, f!, 1, 'full' as PadArg),
    throws: /argument `pad`/,
  },
  {
    op: 'conv2d',
    name: 'throws: dimRoundingMode with a string pad',
    inputs: [rnd([1, 4, 4, 1], 1), rnd([2, 2, 1, 1], 2)],
    run: (x, f) => conv2d(x!, f!, 1, 'same', 'NHWC', 1, 'ceil'),
    throws: /`pad` must be a number/,
  },
  {
    op: 'conv2d',
    name: 'throws: zero stride',
    inputs: [rnd([1, 4, 4, 1], 1), rnd([2, 2, 1, 1], 2)],
    run: (x, f) => conv2d(x!, f!, 0, 'same'),
    throws: /argument `strides`/,
  },
];

interface Conv1DConfig {
  name: string;
  x: number[];
  f: number[];
  stride: number;
  pad: 'valid' | 'same' | number;
  dilation?: number;
  dataFormat?: 'NWC' | 'NCW';
}

const conv1dConfigs: Conv1DConfig[] = [
  { name: 'same, batch 2', x: [2, 7, 3], f: [3, 3, 2], stride: 1, pad: 'same' },
  { name: 'valid, stride 2', x: [1, 8, 2], f: [2, 2, 3], stride: 2, pad: 'valid' },
  { name: 'same, dilation 2, C=1', x: [2, 9, 1], f: [3, 1, 2], stride: 1, pad: 'same', dilation: 2 },
  { name: 'numeric pad 1', x: [1, 5, 2], f: [3, 2, 1], stride: 1, pad: 1 },
  { name: 'rank-2 input', x: [6, 2], f: [2, 2, 2], stride: 1, pad: 'valid' },
  { name: 'NCW', x: [2, 3, 6], f: [3, 3, 2], stride: 2, pad: 'same', dataFormat: 'NCW' },
];

function conv1dRef(c: Conv1DConfig) {
  return (x: HostTensor, f: HostTensor) => {
    const g: Geometry2D = {
      strides: [1, c.stride],
      dilations: [1, c.dilation ?? 1],
      pad: c.pad === 'same' || c.pad === 'valid' ? c.pad : [[0, 0], [c.pad, c.pad]],
    };
    let x3 = c.x.length === 2 ? batch1(x) : x;
    if (c.dataFormat === 'NCW') x3 = refTranspose(x3, [0, 2, 1]);
    const [n, w, ch] = x3.shape as [number, number, number];
    const y = refConv2d({ ...x3, shape: [n, 1, w, ch] }, { ...f, shape: [1, ...f.shape] }, g);
    let y3: HostTensor = { shape: [y.shape[0]!, y.shape[2]!, y.shape[3]!], values: y.values, dtype: 'float32' };
    if (c.dataFormat === 'NCW') y3 = refTranspose(y3, [0, 2, 1]);
    return c.x.length === 2 ? unbatch(y3) : { shape: y3.shape, values: y3.values };
  };
}

const conv1dCases: OpCase[] = [
  ...conv1dConfigs.map((c, i): OpCase => ({
    op: 'conv1d',
    name: c.name,
    inputs: [rnd(c.x, 300 + i), rnd(c.f, 400 + i)],
    run: (x, f) => conv1d(x!, f!, c.stride, c.pad, c.dataFormat ?? 'NWC', c.dilation ?? 1),
    reference: conv1dRef(c),
    grad: true,
  })),
  {
    op: 'conv1d',
    name: 'hand-checked: [1,2] filter',
    inputs: [vals([1, 4, 1], [1, 2, 3, 4]), vals([2, 1, 1], [1, 2])],
    run: (x, f) => conv1d(x!, f!, 1, 'valid'),
    expected: { shape: [1, 3, 1], values: [5, 8, 11] },
  },
  {
    op: 'conv1d',
    name: 'throws: x of rank 4',
    inputs: [rnd([1, 1, 4, 1], 1), rnd([2, 1, 1], 2)],
    run: (x, f) => conv1d(x!, f!, 1, 'valid'),
    throws: /argument `x`/,
  },
  {
    op: 'conv1d',
    name: 'throws: channel mismatch',
    inputs: [rnd([1, 4, 2], 1), rnd([2, 3, 1], 2)],
    run: (x, f) => conv1d(x!, f!, 1, 'valid'),
    throws: /depth of x \(2\) must match the input depth of filter \(3\)/,
  },
  {
    op: 'conv1d',
    name: 'throws: bad pad string',
    inputs: [rnd([1, 4, 1], 1), rnd([2, 1, 1], 2)],
    run: (x, f) => conv1d(x!, f!, 1, 'causal' as 'same'),
    throws: /argument `pad`/,
  },
];

interface TransposeConfig {
  name: string;
  x: number[];
  f: number[];
  out: number[];
  strides: number | [number, number];
  pad: PadArg;
}

const transposeConfigs: TransposeConfig[] = [
  { name: 'valid, stride 1', x: [1, 3, 3, 2], f: [2, 2, 3, 2], out: [1, 4, 4, 3], strides: 1, pad: 'valid' },
  { name: 'same, stride 2, odd output, batch 2', x: [2, 3, 3, 4], f: [3, 3, 2, 4], out: [2, 5, 5, 2], strides: 2, pad: 'same' },
  { name: 'same, stride 2, even output', x: [1, 3, 3, 1], f: [3, 3, 1, 1], out: [1, 6, 6, 1], strides: 2, pad: 'same' },
  { name: 'valid, stride 2 with leftover rows', x: [1, 3, 3, 2], f: [3, 3, 1, 2], out: [1, 8, 7, 1], strides: 2, pad: 'valid' },
  { name: 'numeric pad 1, strides [1,2]', x: [1, 4, 3, 2], f: [3, 3, 2, 2], out: [1, 4, 6, 2], strides: [1, 2], pad: 1 },
  { name: '1x1 filter', x: [2, 3, 3, 3], f: [1, 1, 2, 3], out: [2, 3, 3, 2], strides: 1, pad: 'valid' },
  { name: 'rank-3 input', x: [3, 3, 2], f: [2, 2, 1, 2], out: [4, 4, 1], strides: 1, pad: 'valid' },
];

const conv2dTransposeCases: OpCase[] = [
  ...transposeConfigs.map((c, i): OpCase => ({
    op: 'conv2dTranspose',
    name: c.name,
    inputs: [rnd(c.x, 500 + i), rnd(c.f, 600 + i)],
    run: (x, f) => conv2dTranspose(x!, f!, c.out as [number, number, number, number], c.strides, c.pad),
    reference: (x, f) => {
      const g: Geometry2D = { strides: pair(c.strides), pad: refPad(c.pad) };
      if (c.x.length === 3) return unbatch(refConv2dTranspose(batch1(x!), f!, [1, ...c.out], g));
      return refConv2dTranspose(x!, f!, c.out, g);
    },
    grad: true,
  })),
  {
    op: 'conv2dTranspose',
    name: 'hand-checked: ones filter, stride 1',
    inputs: [vals([1, 2, 2, 1], [1, 2, 3, 4]), vals([2, 2, 1, 1], [1, 1, 1, 1])],
    run: (x, f) => conv2dTranspose(x!, f!, [1, 3, 3, 1], 1, 'valid'),
    expected: { shape: [1, 3, 3, 1], values: [1, 3, 2, 4, 10, 6, 3, 7, 4] },
  },
  {
    op: 'conv2dTranspose',
    name: 'hand-checked: ones filter, stride 2',
    inputs: [vals([1, 2, 2, 1], [1, 2, 3, 4]), vals([2, 2, 1, 1], [1, 1, 1, 1])],
    run: (x, f) => conv2dTranspose(x!, f!, [1, 4, 4, 1], 2, 'valid'),
    expected: { shape: [1, 4, 4, 1], values: [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4] },
  },
  {
    op: 'conv2dTranspose',
    name: 'throws: x of rank 5',
    inputs: [rnd([1, 1, 2, 2, 1], 1), rnd([2, 2, 1, 1], 2)],
    run: (x, f) => conv2dTranspose(x!, f!, [1, 3, 3, 1], 1, 'valid'),
    throws: /argument `x`/,
  },
  {
    op: 'conv2dTranspose',
    name: 'throws: channel mismatch',
    inputs: [rnd([1, 2, 2, 3], 1), rnd([2, 2, 1, 2], 2)],
    run: (x, f) => conv2dTranspose(x!, f!, [1, 3, 3, 1], 1, 'valid'),
    throws: /depth of x \(3\) must match/,
  },
  {
    op: 'conv2dTranspose',
    name: 'throws: outputShape that x does not fit',
    inputs: [rnd([1, 2, 2, 1], 1), rnd([2, 2, 1, 1], 2)],
    run: (x, f) => conv2dTranspose(x!, f!, [1, 5, 5, 1], 1, 'valid'),
    throws: /does not fit outputShape/,
  },
  {
    op: 'conv2dTranspose',
    name: 'throws: bad pad string',
    inputs: [rnd([1, 2, 2, 1], 1), rnd([2, 2, 1, 1], 2)],
    run: (x, f) => conv2dTranspose(x!, f!, [1, 3, 3, 1], 1, 'VALID' as 'valid'),
    throws: /argument `pad`/,
  },
];

interface DepthwiseConfig {
  name: string;
  x: number[];
  f: number[];
  strides: number | [number, number];
  pad: PadArg;
  dilations?: number | [number, number];
  dataFormat?: 'NHWC' | 'NCHW';
}

const depthwiseConfigs: DepthwiseConfig[] = [
  { name: 'same, stride 2, multiplier 2, batch 2', x: [2, 5, 5, 3], f: [3, 3, 3, 2], strides: 2, pad: 'same' },
  { name: 'valid, dilation 2', x: [1, 7, 7, 2], f: [2, 3, 2, 1], strides: 1, pad: 'valid', dilations: 2 },
  { name: 'C=1, multiplier 1', x: [3, 4, 4, 1], f: [2, 2, 1, 1], strides: 1, pad: 'same' },
  { name: '1x1 filter, multiplier 3', x: [1, 3, 3, 2], f: [1, 1, 2, 3], strides: 1, pad: 'valid' },
  { name: 'explicit pad', x: [1, 4, 5, 2], f: [3, 3, 2, 2], strides: [2, 1], pad: [[0, 0], [2, 1], [1, 0], [0, 0]] },
  { name: 'NCHW', x: [2, 3, 5, 5], f: [3, 3, 3, 1], strides: 1, pad: 'same', dataFormat: 'NCHW' },
  { name: 'rank-3 input', x: [5, 6, 2], f: [3, 3, 2, 2], strides: 2, pad: 'valid' },
];

const depthwiseCases: OpCase[] = [
  ...depthwiseConfigs.map((c, i): OpCase => ({
    op: 'depthwiseConv2d',
    name: c.name,
    inputs: [rnd(c.x, 700 + i), rnd(c.f, 800 + i)],
    run: (x, f) => depthwiseConv2d(x!, f!, c.strides, c.pad, c.dataFormat ?? 'NHWC', c.dilations ?? 1),
    reference: (x, f) => {
      const g: Geometry2D = { strides: pair(c.strides), dilations: pair(c.dilations ?? 1), pad: refPad(c.pad) };
      if (c.x.length === 3) return unbatch(refDepthwise(batch1(x!), f!, g));
      if (c.dataFormat === 'NCHW') {
        const y = refDepthwise(refTranspose(x!, [0, 2, 3, 1]), f!, g);
        const t = refTranspose({ ...y, dtype: 'float32' }, [0, 3, 1, 2]);
        return { shape: t.shape, values: t.values };
      }
      return refDepthwise(x!, f!, g);
    },
    grad: true,
  })),
  {
    op: 'depthwiseConv2d',
    name: 'hand-checked: per-channel filters',
    inputs: [vals([1, 2, 2, 2], [1, 10, 2, 20, 3, 30, 4, 40]), vals([2, 2, 2, 1], [1, 0.5, 1, 0.5, 1, 0.5, 1, 0.5])],
    run: (x, f) => depthwiseConv2d(x!, f!, 1, 'valid'),
    expected: { shape: [1, 1, 1, 2], values: [10, 50] },
  },
  {
    op: 'depthwiseConv2d',
    name: 'throws: x of rank 2',
    inputs: [rnd([4, 4], 1), rnd([2, 2, 1, 1], 2)],
    run: (x, f) => depthwiseConv2d(x!, f!, 1, 'valid'),
    throws: /argument `x`/,
  },
  {
    op: 'depthwiseConv2d',
    name: 'throws: channel mismatch',
    inputs: [rnd([1, 4, 4, 3], 1), rnd([2, 2, 2, 1], 2)],
    run: (x, f) => depthwiseConv2d(x!, f!, 1, 'valid'),
    throws: /input channels of x \(3\) must match the inChannels dimension of filter \(2\)/,
  },
  {
    op: 'depthwiseConv2d',
    name: 'throws: bad pad string',
    inputs: [rnd([1, 4, 4, 1], 1), rnd([2, 2, 1, 1], 2)],
    run: (x, f) => depthwiseConv2d(x!, f!, 1, 'full' as PadArg),
    throws: /argument `pad`/,
  },
];

interface SeparableConfig {
  name: string;
  x: number[];
  dw: number[];
  pw: number[];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number;
  dilation?: number | [number, number];
}

const separableConfigs: SeparableConfig[] = [
  { name: 'same, stride 1', x: [1, 6, 6, 2], dw: [3, 3, 2, 2], pw: [1, 1, 4, 3], strides: 1, pad: 'same' },
  { name: 'valid, stride 2, batch 2', x: [2, 7, 7, 3], dw: [3, 3, 3, 1], pw: [1, 1, 3, 2], strides: 2, pad: 'valid' },
  { name: 'same, dilation 2, C=1', x: [1, 6, 5, 1], dw: [2, 2, 1, 2], pw: [1, 1, 2, 1], strides: 1, pad: 'same', dilation: 2 },
];

const separableCases: OpCase[] = [
  ...separableConfigs.map((c, i): OpCase => ({
    op: 'separableConv2d',
    name: c.name,
    inputs: [rnd(c.x, 900 + i), rnd(c.dw, 910 + i), rnd(c.pw, 920 + i)],
    run: (x, dw, pw) => separableConv2d(x!, dw!, pw!, c.strides, c.pad, c.dilation ?? 1),
    reference: (x, dw, pw) => {
      const g: Geometry2D = { strides: pair(c.strides), dilations: pair(c.dilation ?? 1), pad: refPad(c.pad) };
      const d = refDepthwise(x!, dw!, g);
      return refConv2d({ ...d, dtype: 'float32' }, pw!, { strides: [1, 1], pad: 'valid' });
    },
    grad: true,
  })),
  {
    op: 'separableConv2d',
    name: 'hand-checked: per-channel then pointwise',
    inputs: [
      vals([1, 2, 2, 2], [1, 10, 2, 20, 3, 30, 4, 40]),
      vals([2, 2, 2, 1], [1, 0.5, 1, 0.5, 1, 0.5, 1, 0.5]),
      vals([1, 1, 2, 1], [1, 2]),
    ],
    run: (x, dw, pw) => separableConv2d(x!, dw!, pw!, 1, 'valid'),
    expected: { shape: [1, 1, 1, 1], values: [110] },
  },
  {
    op: 'separableConv2d',
    name: 'throws: pointwiseFilter of the wrong depth',
    inputs: [rnd([1, 4, 4, 2], 1), rnd([2, 2, 2, 2], 2), rnd([1, 1, 3, 1], 3)],
    run: (x, dw, pw) => separableConv2d(x!, dw!, pw!, 1, 'valid'),
    throws: /argument `pointwiseFilter`/,
  },
  {
    op: 'separableConv2d',
    name: 'throws: channel mismatch',
    inputs: [rnd([1, 4, 4, 3], 1), rnd([2, 2, 2, 1], 2), rnd([1, 1, 2, 1], 3)],
    run: (x, dw, pw) => separableConv2d(x!, dw!, pw!, 1, 'valid'),
    throws: /input channels of x \(3\) must match/,
  },
  {
    op: 'separableConv2d',
    name: 'throws: bad pad string',
    inputs: [rnd([1, 4, 4, 1], 1), rnd([2, 2, 1, 1], 2), rnd([1, 1, 1, 1], 3)],
    run: (x, dw, pw) => separableConv2d(x!, dw!, pw!, 1, 'full' as 'same'),
    throws: /argument `pad`/,
  },
];

export const convCases: OpCase[] = [...conv2dCases, ...conv1dCases, ...conv2dTransposeCases, ...depthwiseCases, ...separableCases];
