import { formatShape, formatValue, invalidArgument } from '../errors.js';

/**
 * Argument standardization shared by the convolution, pooling and reshaping layers, in Keras's words
 * (keras/src/utils/argument_validation.py and keras/src/ops/operation_utils.py).
 */

export type DataFormat = 'channels_last' | 'channels_first';
export type ConvPadding = 'valid' | 'same';

/** Keras's standardize_tuple: an int or a list of `n` ints, all > 0 (or >= 0 with `allowZero`). */
export function standardizeTuple(value: unknown, n: number, name: string, allowZero = false): number[] {
  let msg = `The \`${name}\` argument must be a tuple of ${n} integers. Received ${name}=${formatValue(value)}`;
  let tuple: unknown[];
  if (typeof value === 'number' && Number.isInteger(value)) tuple = new Array(n).fill(value);
  else if (Array.isArray(value) && value.length === n) tuple = value;
  else throw new Error(msg);
  const notInt = tuple.find((v) => typeof v !== 'number' || !Number.isInteger(v));
  if (notInt !== undefined) throw new Error(`${msg}, including element ${formatValue(notInt)} of type ${typeof notInt}`);
  const bad = (tuple as number[]).filter((v) => (allowZero ? v < 0 : v <= 0));
  if (bad.length) {
    msg += `, including values ${formatValue([...new Set(bad)])} that do not satisfy \`value ${allowZero ? '>= 0' : '> 0'}\``;
    throw new Error(msg);
  }
  return tuple as number[];
}

/** Keras's standardize_padding: 'valid' | 'same' (| 'causal' for Conv1D), case-insensitive. */
export function standardizePadding(value: unknown, allowCausal = false): ConvPadding | 'causal' {
  const allowed = allowCausal ? ['valid', 'same', 'causal'] : ['valid', 'same'];
  const v = typeof value === 'string' ? value.toLowerCase() : value;
  if (typeof v !== 'string' || !allowed.includes(v)) throw invalidArgument('padding', `one of ${allowed.map((a) => `"${a}"`).join(', ')}`, value);
  return v as ConvPadding | 'causal';
}

/** Keras's standardize_data_format (default channels_last), case-insensitive. */
export function standardizeDataFormat(value: unknown): DataFormat {
  if (value === undefined || value === null) return 'channels_last';
  const v = typeof value === 'string' ? value.toLowerCase() : value;
  if (v !== 'channels_last' && v !== 'channels_first') throw invalidArgument('data_format', 'one of "channels_first", "channels_last"', value);
  return v;
}

export function checkBool(name: string, value: unknown, dflt: boolean): boolean {
  if (value === undefined) return dflt;
  if (typeof value !== 'boolean') throw invalidArgument(name, 'a boolean', value);
  return value;
}

/** Keras rejects strides > 1 together with dilation_rate > 1. */
export function checkStridesDilation(strides: number[], dilation: number[]): void {
  if (Math.max(...strides) > 1 && Math.max(...dilation) > 1) {
    throw new Error(
      `\`strides > 1\` not supported in conjunction with \`dilation_rate > 1\`. Received: strides=${formatValue(strides)} and dilation_rate=${formatValue(dilation)}`,
    );
  }
}

/** The spatial dims of a layer shape and where its channels sit. */
export function spatialDims<T>(shape: readonly T[], dataFormat: DataFormat): T[] {
  return dataFormat === 'channels_last' ? shape.slice(1, -1) : shape.slice(2);
}

export function channelAxis(rank: number, dataFormat: DataFormat): number {
  return dataFormat === 'channels_last' ? rank - 1 : 1;
}

/** A full shape from batch, spatial dims and channels in the layer's data format. */
export function assembleShape<T>(batch: T, spatial: T[], channels: T, dataFormat: DataFormat): T[] {
  return dataFormat === 'channels_last' ? [batch, ...spatial, channels] : [batch, channels, ...spatial];
}

/** Output length of a convolution along one dim (compute_conv_output_shape); null stays null. */
export function convOutputLength(len: number | null, kernel: number, stride: number, padding: string, dilation: number): number | null {
  if (len === null) return null;
  if (padding === 'valid') return Math.floor((len - dilation * (kernel - 1) - 1) / stride) + 1;
  return Math.floor((len - 1) / stride) + 1; // 'same' and 'causal'
}

/** Output length of a transposed convolution (Keras's _get_output_shape_given_tf_padding). */
export function deconvOutputLength(
  len: number | null,
  kernel: number,
  stride: number,
  padding: string,
  outputPadding: number | null,
  dilation: number,
): number | null {
  if (len === null) return null;
  const k = (kernel - 1) * dilation + 1;
  if (padding === 'valid') return (len - 1) * stride + k + (outputPadding ?? Math.max(k, stride) - k);
  return outputPadding === null ? len * stride : (len - 1) * stride + (k % 2) + outputPadding;
}

/** The channel count a weight shape depends on: it must be known at build time. */
export function knownChannels(shape: readonly (number | null)[], dataFormat: DataFormat, layerName: string): number {
  const c = shape[channelAxis(shape.length, dataFormat)];
  if (c === null || c === undefined) {
    throw new Error(
      `Layer "${layerName}": the channel dimension of the inputs should be defined (data_format="${dataFormat}"). Found None. Full input shape received: ${formatShape(shape)}`,
    );
  }
  return c;
}
