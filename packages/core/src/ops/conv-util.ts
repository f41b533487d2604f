import { fmtShape } from '../shape.js';

/**
 * Argument checks and output geometry shared by the convolution and pooling ops, following tfjs's
 * conv_util.computeConv2DInfo: SAME puts floor(total/2) before and the rest after; numbers and explicit pads
 * round (in - effectiveFilter + before + after) / stride + 1 with the dim rounding mode (trunc by default).
 */

export type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];
export type PadArg = 'valid' | 'same' | number | ExplicitPadding;
export type DimRoundingMode = 'floor' | 'round' | 'ceil';
export type ConvDataFormat = 'NHWC' | 'NCHW';

/** Where the windows of a 2-D convolution or pool fall on an NHWC input. */
export interface Conv2DInfo {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  fh: number;
  fw: number;
  strideH: number;
  strideW: number;
  dilH: number;
  dilW: number;
  /** Padding before each spatial dim. */
  top: number;
  left: number;
  /** Padding after: the declared one, grown where a rounding mode lets the last window run past it. */
  bottom: number;
  right: number;
}

export function parsePair(v: unknown, arg: string, opName: string): [number, number] {
  const pair = typeof v === 'number' ? [v, v] : v;
  if (!Array.isArray(pair) || pair.length !== 2 || pair.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new Error(
      `${opName}: invalid value for argument \`${arg}\`. Expected a positive integer or a pair of them. Received: ${arg}=${JSON.stringify(v)}`,
    );
  }
  return [pair[0] as number, pair[1] as number];
}

export function checkDataFormat<T extends string>(v: unknown, allowed: readonly T[], opName: string): T {
  if (!allowed.includes(v as T)) {
    throw new Error(`${opName}: invalid value for argument \`dataFormat\`. Expected ${allowed.map((a) => `'${a}'`).join(' or ')}. Received: dataFormat=${JSON.stringify(v)}`);
  }
  return v as T;
}

export function checkRank(shape: readonly number[], ranks: readonly number[], arg: string, opName: string, what: string): void {
  if (!ranks.includes(shape.length)) {
    throw new Error(
      `${opName}: invalid value for argument \`${arg}\`. Expected ${what}. Received: ${arg} of rank ${shape.length}, shape ${fmtShape(shape)}`,
    );
  }
}

/** Pads as [before, after] for height and width, read from an NHWC- or NCHW-ordered explicit padding. */
export type PadSpec = { kind: 'same' } | { kind: 'valid' } | { kind: 'explicit'; h: [number, number]; w: [number, number] };

export function parsePad(pad: unknown, dataFormat: ConvDataFormat, roundingMode: unknown, opName: string): PadSpec {
  const bad = (): never => {
    throw new Error(
      `${opName}: invalid value for argument \`pad\`. Expected 'valid', 'same', a non-negative integer or explicit padding ${
        dataFormat === 'NHWC' ? '[[0,0],[top,bottom],[left,right],[0,0]]' : '[[0,0],[0,0],[top,bottom],[left,right]]'
      }. Received: pad=${JSON.stringify(pad)}`,
    );
  };
  if (roundingMode !== undefined && roundingMode !== null) {
    if (roundingMode !== 'floor' && roundingMode !== 'round' && roundingMode !== 'ceil') {
      throw new Error(`${opName}: invalid value for argument \`dimRoundingMode\`. Expected 'floor', 'round' or 'ceil'. Received: dimRoundingMode=${JSON.stringify(roundingMode)}`);
    }
    if (typeof pad === 'string') {
      throw new Error(`${opName}: \`pad\` must be a number or explicit padding when \`dimRoundingMode\` is set (dimRoundingMode=${roundingMode}). Received: pad=${JSON.stringify(pad)}`);
    }
  }
  if (pad === 'same' || pad === 'valid') return { kind: pad };
  if (typeof pad === 'number') {
    if (!Number.isInteger(pad) || pad < 0) bad();
    return { kind: 'explicit', h: [pad, pad], w: [pad, pad] };
  }
  const isPair = (p: unknown): p is [number, number] =>
    Array.isArray(p) && p.length === 2 && p.every((v) => Number.isInteger(v) && v >= 0);
  if (!Array.isArray(pad) || pad.length !== 4 || !pad.every(isPair)) return bad();
  // Batch and channel pads must be zero (TensorFlow's rule; tfjs silently ignores them).
  const [n, h, w, c] = (dataFormat === 'NHWC' ? [0, 1, 2, 3] : [0, 2, 3, 1]).map((i) => pad[i] as [number, number]);
  if (n![0] !== 0 || n![1] !== 0 || c![0] !== 0 || c![1] !== 0) bad();
  return { kind: 'explicit', h: [h![0], h![1]], w: [w![0], w![1]] };
}

function roundDim(v: number, mode: unknown): number {
  if (mode === 'round') return Math.round(v);
  if (mode === 'ceil') return Math.ceil(v);
  if (mode === 'floor') return Math.floor(v);
  return Math.trunc(v);
}

/** Output size and [before, after] padding of one spatial dim. */
function dimInfo(inSize: number, filter: number, stride: number, dilation: number, pad: PadSpec, axis: 'h' | 'w', mode: unknown, opName: string) {
  const eff = (filter - 1) * dilation + 1;
  let out: number;
  let before = 0;
  let after = 0;
  if (pad.kind === 'same') {
    out = Math.ceil(inSize / stride);
    const total = Math.max(0, (out - 1) * stride + eff - inSize);
    before = Math.floor(total / 2);
    after = total - before;
  } else if (pad.kind === 'valid') {
    out = Math.ceil((inSize - eff + 1) / stride);
  } else {
    [before, after] = pad[axis];
    out = roundDim((inSize - eff + before + after) / stride + 1, mode);
  }
  if (out < 0) {
    throw new Error(
      `${opName}: the window (${eff} cells ${axis === 'h' ? 'high' : 'wide'}${dilation > 1 ? ' after dilation' : ''}) does not fit in the padded input (${inSize + before + after} cells): the output ${axis === 'h' ? 'height' : 'width'} would be ${out}.`,
    );
  }
  // 'ceil' rounding (and odd strides with 'valid') can place the last window past the padded input: pad more.
  if (out > 0) after = Math.max(after, (out - 1) * stride + eff - before - inSize);
  return { out, before, after };
}

/** Geometry of a conv/pool over an NHWC input of `shape` with a [fh, fw] window. */
export function computeConv2DInfo(
  shape: readonly number[],
  fh: number,
  fw: number,
  strides: [number, number],
  dilations: [number, number],
  pad: PadSpec,
  roundingMode: unknown,
  opName: string,
): Conv2DInfo {
  const [batch, inH, inW, inC] = shape as [number, number, number, number];
  const h = dimInfo(inH, fh, strides[0], dilations[0], pad, 'h', roundingMode, opName);
  const w = dimInfo(inW, fw, strides[1], dilations[1], pad, 'w', roundingMode, opName);
  return {
    batch, inH, inW, inC, outH: h.out, outW: w.out, fh, fw, strideH: strides[0], strideW: strides[1],
    dilH: dilations[0], dilW: dilations[1], top: h.before, bottom: h.after, left: w.before, right: w.after,
  };
}

/** NCHW shape as NHWC, and back. */
export const toNHWC = (s: readonly number[]): number[] => [s[0]!, s[2]!, s[3]!, s[1]!];
export const toNCHW = (s: readonly number[]): number[] => [s[0]!, s[3]!, s[1]!, s[2]!];
