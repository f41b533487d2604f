import type { DType } from '../dtype.js';
import { isFloat, toTypedArray } from '../dtype.js';
import type { GradFn } from '../engine.js';
import { runOp, tidy } from '../engine.js';
import { sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { convertToTensor, emptyLike, fromTypedArray } from './convert.js';
import type { TensorLike } from './convert.js';
import { cast, zerosLike } from './basic.js';
import { div, mul } from './binary.js';
import { oneHot } from './creation.js';
import { argMax, rawReduce } from './reduce.js';
import { broadcastTo, expandDims, reshape, transpose } from './transform.js';
import { col2im, im2col } from './conv-im2col.js';
import { checkRank, computeConv2DInfo, parsePad, parsePair } from './conv-util.js';
import type { Conv2DInfo, DimRoundingMode, ExplicitPadding, PadArg } from './conv-util.js';

/**
 * Pooling (tfjs's maxPool and avgPool, plus 1-D variants for Keras's MaxPooling1D/AveragePooling1D): a reduce
 * over the windows view of the padded input, with no copy. maxPool pads with the lowest value; avgPool divides
 * each window by its number of real (non-padding) cells, as tfjs and TensorFlow do.
 */

type Pair = [number, number] | number;

/** The lowest value of a dtype: what max-pool padding holds. */
function lowest(dtype: DType): number {
  return dtype === 'int32' ? -2147483648 : -Infinity;
}

/** Real cells per window, [OH, OW, 1], computed on the host from the geometry alone. */
function windowCounts(info: Conv2DInfo, dtype: DType, x: Tensor): Tensor {
  const inRange = (o: number, stride: number, before: number, k: number, dil: number, size: number): number => {
    let n = 0;
    for (let i = 0; i < k; i++) {
      const p = o * stride - before + i * dil;
      if (p >= 0 && p < size) n++;
    }
    return n;
  };
  const v: number[] = [];
  for (let oh = 0; oh < info.outH; oh++) {
    const rows = inRange(oh, info.strideH, info.top, info.fh, info.dilH, info.inH);
    for (let ow = 0; ow < info.outW; ow++) v.push(rows * inRange(ow, info.strideW, info.left, info.fw, info.dilW, info.inW));
  }
  return fromTypedArray(toTypedArray(v, dtype), [info.outH, info.outW, 1], dtype, x.backend);
}

function poolInfo(X: Tensor, filterSize: Pair, strides: Pair, pad: PadArg, mode: DimRoundingMode | undefined, op: string): Conv2DInfo {
  checkRank(X.shape, [4], 'x', op, 'a rank-4 tensor (or rank 3 without the batch dim)');
  const [fh, fw] = parsePair(filterSize, 'filterSize', op);
  const s = parsePair(strides, 'strides', op);
  return computeConv2DInfo(X.shape, fh, fw, s, [1, 1], parsePad(pad, 'NHWC', mode, op), mode, op);
}

function checkNumeric(X: Tensor, op: string): void {
  if (X.dtype === 'bool') throw new TypeError(`${op}: expected a numeric tensor for argument \`x\`. Received: bool`);
}

/** Validates x and runs `fn` on it as rank 4 (a rank-3 x gets a batch of one, removed again). */
function pool4d(x: TensorLike, op: string, fn: (x4: Tensor) => Tensor): Tensor {
  return tidy(() => {
    const X = convertToTensor(x, 'x', op);
    checkNumeric(X, op);
    checkRank(X.shape, [3, 4], 'x', op, 'a rank-4 tensor (or rank 3 without the batch dim)');
    if (X.rank === 4) return fn(X);
    const y = fn(reshape(X, [1, ...X.shape]));
    return reshape(y, y.shape.slice(1));
  });
}

const outShapeOf = (info: Conv2DInfo) => [info.batch, info.outH, info.outW, info.inC];
const isEmpty = (info: Conv2DInfo) => sizeOf(outShapeOf(info)) === 0 || info.inH * info.inW === 0;

/** Max over each window (tfjs's maxPool); the gradient goes to the first maximum of each window. */
export function maxPool(x: TensorLike, filterSize: Pair, strides: Pair, pad: PadArg, dimRoundingMode?: DimRoundingMode): Tensor {
  const op = 'maxPool';
  return pool4d(x, op, (X) => {
    const info = poolInfo(X, filterSize, strides, pad, dimRoundingMode, op);
    const low = lowest(X.dtype);
    const kk = info.fh * info.fw;
    const grad: GradFn = (dys, { inputs }) => {
      const xi = inputs[0]!;
      const dy = dys[0]!;
      if (isEmpty(info)) return [zerosLike(xi)];
      const { batch: n, outH: oh, outW: ow, inC: c } = info;
      // Windows as [N,OH,OW,C,KK]: argMax picks the first maximum in row-major window order, as TensorFlow.
      const wins = reshape(transpose(im2col(xi, info, low), [0, 1, 2, 5, 3, 4]), [n, oh, ow, c, kk]);
      const hot = oneHot(argMax(wins, -1), kk, 1, 0, dy.dtype);
      const dwin = reshape(mul(hot, expandDims(dy, -1)), [n, oh, ow, c, info.fh, info.fw]);
      return [col2im(transpose(dwin, [0, 1, 2, 4, 5, 3]), info)];
    };
    return runOp({ name: op, inputs: [X], attrs: { filterSize, strides, pad, dimRoundingMode, info }, grad }, () =>
      isEmpty(info)
        ? emptyLike(outShapeOf(info), X.dtype, X.backend)
        : tidy(() => rawReduce('max', im2col(X, info, low), [3, 4], false, X.dtype, op)),
    );
  });
}

/** Mean over the real cells of each window (tfjs's avgPool); integer inputs give integer (truncated) results. */
export function avgPool(x: TensorLike, filterSize: Pair, strides: Pair, pad: PadArg, dimRoundingMode?: DimRoundingMode): Tensor {
  const op = 'avgPool';
  return pool4d(x, op, (X0) => {
    const X = isFloat(X0.dtype) ? X0 : cast(X0, 'float32');
    const info = poolInfo(X, filterSize, strides, pad, dimRoundingMode, op);
    const grad: GradFn = (dys, { inputs }) => {
      const xi = inputs[0]!;
      const dy = dys[0]!;
      if (isEmpty(info)) return [zerosLike(xi)];
      const { batch: n, outH: oh, outW: ow, inC: c } = info;
      const spread = reshape(div(dy, windowCounts(info, dy.dtype, dy)), [n, oh, ow, 1, 1, c]);
      return [col2im(broadcastTo(spread, [n, oh, ow, info.fh, info.fw, c]), info)];
    };
    const y = runOp({ name: op, inputs: [X], attrs: { filterSize, strides, pad, dimRoundingMode, info }, grad }, () =>
      isEmpty(info)
        ? emptyLike(outShapeOf(info), X.dtype, X.backend)
        : tidy(() => div(rawReduce('sum', im2col(X, info, 0), [3, 4], false, X.dtype, op), windowCounts(info, X.dtype, X))),
    );
    return X0.dtype === X.dtype ? y : cast(y, X0.dtype);
  });
}

/** 1-D pad as the 2-D pad of a height-1 input. */
function pad1d(pad: unknown, op: string): PadArg {
  if (pad === 'same' || pad === 'valid') return pad;
  if (typeof pad === 'number' && Number.isInteger(pad) && pad >= 0) return [[0, 0], [0, 0], [pad, pad], [0, 0]];
  const isPair = (p: unknown): p is [number, number] => Array.isArray(p) && p.length === 2 && p.every((v) => Number.isInteger(v) && v >= 0);
  if (Array.isArray(pad) && pad.length === 3 && pad.every(isPair) && [0, 2].every((i) => pad[i][0] === 0 && pad[i][1] === 0)) {
    return [[0, 0], [0, 0], [pad[1][0], pad[1][1]], [0, 0]] as ExplicitPadding;
  }
  throw new Error(
    `${op}: invalid value for argument \`pad\`. Expected 'valid', 'same', a non-negative integer or explicit padding [[0,0],[left,right],[0,0]]. Received: pad=${JSON.stringify(pad)}`,
  );
}

function pool1d(pool: typeof maxPool, op: string) {
  return (
    x: TensorLike,
    filterSize: number,
    strides: number,
    pad: 'valid' | 'same' | number | number[][],
    dimRoundingMode?: DimRoundingMode,
  ): Tensor =>
    tidy(() => {
      const X = convertToTensor(x, 'x', op);
      checkRank(X.shape, [2, 3], 'x', op, 'a rank-3 tensor [batch, width, channels] (or rank 2 without the batch dim)');
      const [fw] = parsePair(filterSize, 'filterSize', op);
      const [sw] = parsePair(strides, 'strides', op);
      const p = pad1d(pad, op);
      parsePad(p, 'NHWC', dimRoundingMode, op);
      const x3 = X.rank === 2 ? reshape(X, [1, ...X.shape]) : X;
      const y = pool(reshape(x3, [x3.shape[0]!, 1, x3.shape[1]!, x3.shape[2]!]), [1, fw], [1, sw], p, dimRoundingMode);
      const y3 = reshape(y, [y.shape[0]!, y.shape[2]!, y.shape[3]!]);
      return X.rank === 2 ? reshape(y3, y3.shape.slice(1)) : y3;
    });
}

/** 1-D max pooling over [batch, width, channels] (Keras's MaxPooling1D; tfjs has no such op). */
export const maxPool1d = pool1d(maxPool, 'maxPool1d');
/** 1-D average pooling over [batch, width, channels] (Keras's AveragePooling1D). */
export const avgPool1d = pool1d(avgPool, 'avgPool1d');
