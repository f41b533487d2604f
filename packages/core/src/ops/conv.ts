import type { GradFn } from '../engine.js';
import { runOp, tidy } from '../engine.js';
import { isFloat, upcastType } from '../dtype.js';
import { fmtShape, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { convertToTensor, emptyLike } from './convert.js';
import type { TensorLike } from './convert.js';
import { backendOf } from './internal.js';
import { cast, zerosLike } from './basic.js';
import { matMul } from './matmul.js';
import { reshape, transpose } from './transform.js';
import { col2im, im2col } from './conv-im2col.js';
import { checkDataFormat, checkRank, computeConv2DInfo, parsePad, parsePair, toNHWC } from './conv-util.js';
import type { Conv2DInfo, ConvDataFormat, DimRoundingMode, ExplicitPadding, PadArg } from './conv-util.js';

/**
 * Convolutions (tfjs's conv1d, conv2d, conv2dTranspose, depthwiseConv2d, separableConv2d), lowered onto im2col
 * windows + matMul; their gradients are the same pieces in the other order (col2im for the input).
 */

/** x and filter in one float dtype (integer inputs compute in float32), on one backend. */
function floatOperands(x: TensorLike, filter: TensorLike, opName: string, filterArg = 'filter'): [Tensor, Tensor] {
  const X = convertToTensor(x, 'x', opName);
  const F = convertToTensor(filter, filterArg, opName, X.dtype, X.backend);
  backendOf(opName, [X, F]);
  for (const [t, arg] of [[X, 'x'], [F, filterArg]] as const) {
    if (t.dtype === 'bool') throw new TypeError(`${opName}: expected a numeric tensor for argument \`${arg}\`. Received: bool`);
  }
  const up = upcastType(X.dtype, F.dtype);
  const dt = isFloat(up) ? up : 'float32';
  return [cast(X, dt), cast(F, dt)];
}

function hasEmpty(...shapes: (readonly number[])[]): boolean {
  return shapes.some((s) => sizeOf(s) === 0);
}

const emptyGrad: GradFn = (_dys, { inputs }) => inputs.map((t) => zerosLike(t));

// --- the three products of a convolution, on NHWC tensors ---------------------------------------------------

/** y [N,OH,OW,OC] = windows(x) [N·OH·OW, KH·KW·C] · filter [KH·KW·C, OC]. */
function convForward(x: Tensor, filter: Tensor, info: Conv2DInfo): Tensor {
  const p = info.batch * info.outH * info.outW;
  const k = info.fh * info.fw * info.inC;
  const oc = filter.shape[3]!;
  const cols = reshape(im2col(x, info), [p, k]);
  return reshape(matMul(cols, reshape(filter, [k, oc])), [info.batch, info.outH, info.outW, oc]);
}

/** dx [N,H,W,C] = col2im(dy · filterᵀ): also the forward of conv2dTranspose. */
function convBackpropInput(dy: Tensor, filter: Tensor, info: Conv2DInfo): Tensor {
  const p = info.batch * info.outH * info.outW;
  const k = info.fh * info.fw * info.inC;
  const oc = filter.shape[3]!;
  const dcols = matMul(reshape(dy, [p, oc]), reshape(filter, [k, oc]), false, true);
  return col2im(reshape(dcols, [info.batch, info.outH, info.outW, info.fh, info.fw, info.inC]), info);
}

/** dfilter [KH,KW,C,OC] = windows(x)ᵀ · dy. */
function convBackpropFilter(x: Tensor, dy: Tensor, info: Conv2DInfo, filterShape: readonly number[]): Tensor {
  const p = info.batch * info.outH * info.outW;
  const k = info.fh * info.fw * info.inC;
  const cols = reshape(im2col(x, info), [p, k]);
  return reshape(matMul(cols, reshape(dy, [p, filterShape[3]!]), true, false), [...filterShape]);
}

/** Runs `fn` on a rank-4 version of a rank-3 `x` (batch of one) and drops the batch dim again, as tfjs. */
function withBatch(x: Tensor, fn: (x4: Tensor) => Tensor): Tensor {
  if (x.rank !== 3) return fn(x);
  const y = fn(reshape(x, [1, ...x.shape]));
  return reshape(y, y.shape.slice(1));
}

const RANK4 = 'a rank-4 tensor (or rank 3 without the batch dim)';

interface Conv2DLikeSpec {
  filterDesc: string;
  mismatch: (xChannels: number, filterChannels: number) => string;
  outChannels: (info: Conv2DInfo, filter: Tensor) => number;
  kernels: (info: Conv2DInfo) => ConvKernels;
}

/** Argument checks and layout handling shared by conv2d and depthwiseConv2d; `spec` holds what differs. */
function conv2dLike(
  op: string,
  x: TensorLike,
  filter: TensorLike,
  strides: [number, number] | number,
  pad: PadArg,
  dataFormat: ConvDataFormat,
  dilations: [number, number] | number,
  dimRoundingMode: DimRoundingMode | undefined,
  spec: Conv2DLikeSpec,
): Tensor {
  return tidy(() => {
    const [X, F] = floatOperands(x, filter, op);
    checkRank(X.shape, [3, 4], 'x', op, RANK4);
    checkRank(F.shape, [4], 'filter', op, spec.filterDesc);
    const fmt = checkDataFormat(dataFormat, ['NHWC', 'NCHW'] as const, op);
    const s = parsePair(strides, 'strides', op);
    const d = parsePair(dilations, 'dilations', op);
    const padSpec = parsePad(pad, fmt, dimRoundingMode, op);
    return withBatch(X, (x4) => {
      const xs = fmt === 'NHWC' ? x4.shape : toNHWC(x4.shape);
      if (xs[3] !== F.shape[2]) {
        throw new Error(`${op}: ${spec.mismatch(xs[3]!, F.shape[2]!)}: x is ${fmtShape(x4.shape)} (${fmt}), filter is ${fmtShape(F.shape)}`);
      }
      const info = computeConv2DInfo(xs, F.shape[0]!, F.shape[1]!, s, d, padSpec, dimRoundingMode, op);
      const attrs = { strides: s, pad, dataFormat: fmt, dilations: d, dimRoundingMode, info };
      return runConvOp(op, x4, F, xs, fmt, [info.batch, info.outH, info.outW, spec.outChannels(info, F)], attrs, spec.kernels(info));
    });
  });
}

/** 2-D convolution (tfjs's conv2d): filter [KH, KW, inChannels, outChannels]. */
export function conv2d(
  x: TensorLike,
  filter: TensorLike,
  strides: [number, number] | number,
  pad: PadArg,
  dataFormat: ConvDataFormat = 'NHWC',
  dilations: [number, number] | number = [1, 1],
  dimRoundingMode?: DimRoundingMode,
): Tensor {
  return conv2dLike('conv2d', x, filter, strides, pad, dataFormat, dilations, dimRoundingMode, {
    filterDesc: 'a rank-4 tensor [filterHeight, filterWidth, inDepth, outDepth]',
    mismatch: (xc, fc) => `the depth of x (${xc}) must match the input depth of filter (${fc})`,
    outChannels: (info, F) => F.shape[3]!,
    kernels: (info) => ({
      forward: (x, f) => convForward(x, f, info),
      backpropInput: (dy, f) => convBackpropInput(dy, f, info),
      backpropFilter: (x, dy, fshape) => convBackpropFilter(x, dy, info, fshape),
    }),
  });
}

interface ConvKernels {
  forward(x: Tensor, filter: Tensor): Tensor;
  backpropInput(dy: Tensor, filter: Tensor): Tensor;
  backpropFilter(x: Tensor, dy: Tensor, filterShape: readonly number[]): Tensor;
}

/**
 * The shared body of conv2d and depthwiseConv2d: NHWC kernels behind optional NCHW transposes, the op's gradient
 * rule (input and filter), and empty results when a dim is 0.
 */
function runConvOp(
  op: string,
  x4: Tensor,
  F: Tensor,
  xs: readonly number[],
  fmt: string,
  outNHWC: number[],
  attrs: Record<string, unknown>,
  k: ConvKernels,
): Tensor {
  const nchw = fmt === 'NCHW';
  const toN = (t: Tensor) => (nchw ? transpose(t, [0, 2, 3, 1]) : t);
  const fromN = (t: Tensor) => (nchw ? transpose(t, [0, 3, 1, 2]) : t);
  const empty = hasEmpty(xs, F.shape, outNHWC);
  const grad: GradFn = empty
    ? emptyGrad
    : (dys, { inputs }) => {
        const [xi, fi] = inputs as [Tensor, Tensor];
        const dy = toN(dys[0]!);
        return [fromN(k.backpropInput(dy, fi)), k.backpropFilter(toN(xi), dy, fi.shape)];
      };
  return runOp({ name: op, inputs: [x4, F], attrs, grad }, () =>
    empty
      ? emptyLike(nchw ? [outNHWC[0]!, outNHWC[3]!, outNHWC[1]!, outNHWC[2]!] : outNHWC, x4.dtype, x4.backend)
      : tidy(() => fromN(k.forward(toN(x4), F))),
  );
}

/** Transposed 2-D convolution (the gradient of conv2d with respect to its input), as tfjs's conv2dTranspose. */
export function conv2dTranspose(
  x: TensorLike,
  filter: TensorLike,
  outputShape: [number, number, number, number] | [number, number, number],
  strides: [number, number] | number,
  pad: PadArg,
  dimRoundingMode?: DimRoundingMode,
): Tensor {
  const op = 'conv2dTranspose';
  return tidy(() => {
    const [X, F] = floatOperands(x, filter, op);
    checkRank(X.shape, [3, 4], 'x', op, RANK4);
    checkRank(F.shape, [4], 'filter', op, 'a rank-4 tensor [filterHeight, filterWidth, outDepth, inDepth]');
    if (!Array.isArray(outputShape) || outputShape.length !== X.rank || outputShape.some((v) => !Number.isInteger(v) || v < 0)) {
      throw new Error(
        `${op}: invalid value for argument \`outputShape\`. Expected ${X.rank} non-negative integers (the rank of x). Received: outputShape=${JSON.stringify(outputShape)}`,
      );
    }
    const s = parsePair(strides, 'strides', op);
    const padSpec = parsePad(pad, 'NHWC', dimRoundingMode, op);
    const out4 = X.rank === 3 ? [1, ...outputShape] : [...outputShape];
    return withBatch(X, (x4) => {
      if (out4[3] !== F.shape[2]) {
        throw new Error(`${op}: the depth of outputShape (${out4[3]}) must match the output depth of filter (${F.shape[2]}): filter is ${fmtShape(F.shape)}`);
      }
      if (x4.shape[3] !== F.shape[3]) {
        throw new Error(`${op}: the depth of x (${x4.shape[3]}) must match the input depth of filter (${F.shape[3]}): x is ${fmtShape(x4.shape)}, filter is ${fmtShape(F.shape)}`);
      }
      const info = computeConv2DInfo(out4, F.shape[0]!, F.shape[1]!, s, [1, 1], padSpec, dimRoundingMode, op);
      if (info.batch !== x4.shape[0] || info.outH !== x4.shape[1] || info.outW !== x4.shape[2]) {
        throw new Error(
          `${op}: x of shape ${fmtShape(x4.shape)} does not fit outputShape ${fmtShape(out4)}: a conv2d of that shape with strides ${fmtShape(s)} and pad ${JSON.stringify(pad)} gives [${info.batch},${info.outH},${info.outW},${F.shape[3]}]`,
        );
      }
      const empty = hasEmpty(out4, F.shape, x4.shape);
      const grad: GradFn = empty
        ? emptyGrad
        : (dys, { inputs }) => {
            const [xi, fi] = inputs as [Tensor, Tensor];
            return [convForward(dys[0]!, fi, info), convBackpropFilter(dys[0]!, xi, info, fi.shape)];
          };
      const attrs = { outputShape: out4, strides: s, pad, dimRoundingMode, info };
      return runOp({ name: op, inputs: [x4, F], attrs, grad }, () =>
        empty ? emptyLike(out4, x4.dtype, x4.backend) : tidy(() => convBackpropInput(x4, F, info)),
      );
    });
  });
}

/**
 * conv1d's pad as its conv2d's: a number pads the width only (tfjs would pad the height of its conv2d too and
 * fail), 3-pair explicit padding is 1-D, 4-pair explicit padding is passed on as tfjs does.
 */
function conv1dPad(pad: unknown, fmt: 'NWC' | 'NCW', op: string): PadArg {
  if (pad === 'same' || pad === 'valid') return pad;
  const wAxis = fmt === 'NWC' ? 1 : 2;
  const isPair = (p: unknown): p is [number, number] => Array.isArray(p) && p.length === 2 && p.every((v) => Number.isInteger(v) && v >= 0);
  const as2d = (l: number, r: number): ExplicitPadding =>
    fmt === 'NWC' ? [[0, 0], [0, 0], [l, r], [0, 0]] : [[0, 0], [0, 0], [0, 0], [l, r]];
  if (typeof pad === 'number' && Number.isInteger(pad) && pad >= 0) return as2d(pad, pad);
  if (Array.isArray(pad) && pad.length === 4) return pad as ExplicitPadding;
  if (Array.isArray(pad) && pad.length === 3 && pad.every(isPair) && pad.every((p, i) => i === wAxis || (p[0] === 0 && p[1] === 0))) {
    return as2d(pad[wAxis]![0], pad[wAxis]![1]);
  }
  throw new Error(
    `${op}: invalid value for argument \`pad\`. Expected 'valid', 'same', a non-negative integer or explicit padding ${
      fmt === 'NWC' ? '[[0,0],[left,right],[0,0]]' : '[[0,0],[0,0],[left,right]]'
    }. Received: pad=${JSON.stringify(pad)}`,
  );
}

/** 1-D convolution (tfjs's conv1d): filter [filterWidth, inChannels, outChannels], run as a conv2d of height 1. */
export function conv1d(
  x: TensorLike,
  filter: TensorLike,
  stride: number,
  pad: 'valid' | 'same' | number | number[][],
  dataFormat: 'NWC' | 'NCW' = 'NWC',
  dilation = 1,
  dimRoundingMode?: DimRoundingMode,
): Tensor {
  const op = 'conv1d';
  return tidy(() => {
    const [X, F] = floatOperands(x, filter, op);
    checkRank(X.shape, [2, 3], 'x', op, 'a rank-3 tensor (or rank 2 without the batch dim)');
    checkRank(F.shape, [3], 'filter', op, 'a rank-3 tensor [filterWidth, inDepth, outDepth]');
    const fmt = checkDataFormat(dataFormat, ['NWC', 'NCW'] as const, op);
    const [sw] = parsePair(stride, 'stride', op);
    const [dw] = parsePair(dilation, 'dilation', op);
    const pad2 = conv1dPad(pad, fmt, op);
    parsePad(pad2, fmt === 'NWC' ? 'NHWC' : 'NCHW', dimRoundingMode, op);
    const x3 = X.rank === 2 ? reshape(X, [1, ...X.shape]) : X;
    const c = fmt === 'NWC' ? x3.shape[2] : x3.shape[1];
    if (c !== F.shape[1]) {
      throw new Error(`${op}: the depth of x (${c}) must match the input depth of filter (${F.shape[1]}): x is ${fmtShape(X.shape)} (${fmt}), filter is ${fmtShape(F.shape)}`);
    }
    const [n, a, b] = x3.shape as [number, number, number];
    const x4 = fmt === 'NWC' ? reshape(x3, [n, 1, a, b]) : reshape(x3, [n, a, 1, b]);
    const f4 = reshape(F, [1, ...F.shape]);
    const y = conv2d(x4, f4, [1, sw], pad2, fmt === 'NWC' ? 'NHWC' : 'NCHW', [1, dw], dimRoundingMode);
    const y3 = fmt === 'NWC' ? reshape(y, [y.shape[0]!, y.shape[2]!, y.shape[3]!]) : reshape(y, [y.shape[0]!, y.shape[1]!, y.shape[3]!]);
    return X.rank === 2 ? reshape(y3, y3.shape.slice(1)) : y3;
  });
}

// --- depthwise: one filter stack per input channel, as a matMul batched over channels -------------------------

function dwShapes(info: Conv2DInfo, m: number) {
  return { p: info.batch * info.outH * info.outW, kk: info.fh * info.fw, c: info.inC, m };
}

/** windows(x) as [C, P, KK]. */
function dwCols(x: Tensor, info: Conv2DInfo): Tensor {
  const { p, kk, c } = dwShapes(info, 1);
  return transpose(reshape(im2col(x, info), [p, kk, c]), [2, 0, 1]);
}

/** filter [KH,KW,C,M] as [C, KK, M]. */
function dwFilter(filter: Tensor): Tensor {
  const [fh, fw, c, m] = filter.shape as [number, number, number, number];
  return transpose(reshape(filter, [fh * fw, c, m]), [1, 0, 2]);
}

/** dy [N,OH,OW,C·M] as [C, P, M]. */
function dwDy(dy: Tensor, info: Conv2DInfo, m: number): Tensor {
  const { p, c } = dwShapes(info, m);
  return transpose(reshape(dy, [p, c, m]), [1, 0, 2]);
}

function dwForward(x: Tensor, filter: Tensor, info: Conv2DInfo): Tensor {
  const m = filter.shape[3]!;
  const y = matMul(dwCols(x, info), dwFilter(filter)); // [C, P, M]
  return reshape(transpose(y, [1, 0, 2]), [info.batch, info.outH, info.outW, info.inC * m]);
}

function dwBackpropInput(dy: Tensor, filter: Tensor, info: Conv2DInfo): Tensor {
  const dcols = matMul(dwDy(dy, info, filter.shape[3]!), dwFilter(filter), false, true); // [C, P, KK]
  return col2im(reshape(transpose(dcols, [1, 2, 0]), [info.batch, info.outH, info.outW, info.fh, info.fw, info.inC]), info);
}

function dwBackpropFilter(x: Tensor, dy: Tensor, info: Conv2DInfo, filterShape: readonly number[]): Tensor {
  const df = matMul(dwCols(x, info), dwDy(dy, info, filterShape[3]!), true, false); // [C, KK, M]
  return reshape(transpose(df, [1, 0, 2]), [...filterShape]);
}

/** Depthwise 2-D convolution (tfjs's depthwiseConv2d): filter [KH, KW, inChannels, channelMultiplier]. */
export function depthwiseConv2d(
  x: TensorLike,
  filter: TensorLike,
  strides: [number, number] | number,
  pad: PadArg,
  dataFormat: ConvDataFormat = 'NHWC',
  dilations: [number, number] | number = [1, 1],
  dimRoundingMode?: DimRoundingMode,
): Tensor {
  return conv2dLike('depthwiseConv2d', x, filter, strides, pad, dataFormat, dilations, dimRoundingMode, {
    filterDesc: 'a rank-4 tensor [filterHeight, filterWidth, inChannels, channelMultiplier]',
    mismatch: (xc, fc) => `the number of input channels of x (${xc}) must match the inChannels dimension of filter (${fc})`,
    outChannels: (info, F) => info.inC * F.shape[3]!,
    kernels: (info) => ({
      forward: (x, f) => dwForward(x, f, info),
      backpropInput: (dy, f) => dwBackpropInput(dy, f, info),
      backpropFilter: (x, dy, fshape) => dwBackpropFilter(x, dy, info, fshape),
    }),
  });
}

/** Depthwise then 1x1 pointwise convolution (tfjs's separableConv2d); NCHW works here too. */
export function separableConv2d(
  x: TensorLike,
  depthwiseFilter: TensorLike,
  pointwiseFilter: TensorLike,
  strides: [number, number] | number,
  pad: 'valid' | 'same' | number,
  dilation: [number, number] | number = [1, 1],
  dataFormat: ConvDataFormat = 'NHWC',
): Tensor {
  const op = 'separableConv2d';
  return tidy(() => {
    const [X, D] = floatOperands(x, depthwiseFilter, op, 'depthwiseFilter');
    const [, P] = floatOperands(X, pointwiseFilter, op, 'pointwiseFilter');
    checkRank(X.shape, [3, 4], 'x', op, RANK4);
    checkRank(D.shape, [4], 'depthwiseFilter', op, 'a rank-4 tensor [filterHeight, filterWidth, inChannels, channelMultiplier]');
    checkRank(P.shape, [4], 'pointwiseFilter', op, 'a rank-4 tensor [1, 1, inChannels * channelMultiplier, outChannels]');
    const fmt = checkDataFormat(dataFormat, ['NHWC', 'NCHW'] as const, op);
    parsePad(pad, fmt, undefined, op);
    parsePair(strides, 'strides', op);
    parsePair(dilation, 'dilation', op);
    if (P.shape[0] !== 1 || P.shape[1] !== 1 || P.shape[2] !== D.shape[2]! * D.shape[3]!) {
      throw new Error(
        `${op}: invalid value for argument \`pointwiseFilter\`. Expected shape [1,1,${D.shape[2]! * D.shape[3]!},outChannels] for depthwiseFilter ${fmtShape(D.shape)}. Received: ${fmtShape(P.shape)}`,
      );
    }
    return withBatch(X, (x4) => {
      const c = fmt === 'NCHW' ? x4.shape[1] : x4.shape[3];
      if (c !== D.shape[2]) {
        throw new Error(
          `${op}: the number of input channels of x (${c}) must match the inChannels dimension of depthwiseFilter (${D.shape[2]}): x is ${fmtShape(x4.shape)}, depthwiseFilter is ${fmtShape(D.shape)}`,
        );
      }
      const dw = depthwiseConv2d(x4, D, strides, pad, fmt, dilation);
      return conv2d(dw, P, 1, 'valid', fmt);
    });
  });
}

export type { PadArg, ExplicitPadding, DimRoundingMode, ConvDataFormat };
