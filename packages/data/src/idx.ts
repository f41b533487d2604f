import { describeValue } from './element.js';

/**
 * The IDX format (MNIST's): two zero bytes, a type code, the number of dimensions, each dimension as a
 * big-endian uint32, then the values, big-endian, row-major.
 */
export type IdxDType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxArray {
  dtype: IdxDType;
  shape: number[];
  /** The values in host byte order (a copy: it does not share memory with the input bytes). */
  data: IdxData;
}

const CODES: Record<number, IdxDType> = { 0x08: 'uint8', 0x09: 'int8', 0x0b: 'int16', 0x0c: 'int32', 0x0d: 'float32', 0x0e: 'float64' };
const CODE_OF: Record<IdxDType, number> = { uint8: 0x08, int8: 0x09, int16: 0x0b, int32: 0x0c, float32: 0x0d, float64: 0x0e };
const BYTES: Record<IdxDType, number> = { uint8: 1, int8: 1, int16: 2, int32: 4, float32: 4, float64: 8 };

/** Parses IDX bytes. Sizes are checked against the byte count before anything is allocated. */
export function readIdx(bytes: Uint8Array, name = 'the IDX data'): IdxArray {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`readIdx: invalid value for argument \`bytes\`. Expected a Uint8Array. Received: ${describeValue(bytes)}`);
  }
  if (bytes.length < 4) throw new Error(`readIdx: ${name} is ${bytes.length} bytes long; an IDX header needs at least 4.`);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new Error(`readIdx: ${name} is gzip-compressed; inflate it first (readIdxFile does so for names ending in .gz).`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new Error(`readIdx: ${name} does not start with an IDX magic number (two zero bytes); found 0x${hex(bytes[0]!)} 0x${hex(bytes[1]!)}.`);
  }
  const dtype = CODES[bytes[2]!];
  if (!dtype) {
    throw new Error(
      `readIdx: ${name} has the unknown type code 0x${hex(bytes[2]!)}; expected 0x08 (ubyte), 0x09 (byte), 0x0B (short), 0x0C (int), 0x0D (float) or 0x0E (double).`,
    );
  }
  const rank = bytes[3]!;
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new Error(`readIdx: ${name} is truncated: its header declares ${rank} dimensions (${headerBytes} header bytes) but it has only ${bytes.length} bytes.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  let size = 1;
  for (let k = 0; k < rank; k++) {
    const d = view.getUint32(4 + 4 * k, false);
    shape.push(d);
    size *= d;
  }
  const dataBytes = size * BYTES[dtype];
  const available = bytes.length - headerBytes;
  if (!Number.isSafeInteger(dataBytes) || dataBytes > available) {
    throw new Error(
      `readIdx: ${name} is truncated: shape [${shape.join(',')}] of ${dtype} needs ${dataBytes} data bytes but only ${available} follow the header.`,
    );
  }
  if (dataBytes < available) {
    throw new Error(`readIdx: ${name} has ${available - dataBytes} bytes after the data that shape [${shape.join(',')}] of ${dtype} describes.`);
  }
  return { dtype, shape, data: decode(view, headerBytes, size, dtype) };
}

function decode(view: DataView, offset: number, size: number, dtype: IdxDType): IdxData {
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + size));
    case 'int8':
      return new Int8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + size));
    case 'int16': {
      const out = new Int16Array(size);
      for (let i = 0; i < size; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(size);
      for (let i = 0; i < size; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(size);
      for (let i = 0; i < size; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(size);
      for (let i = 0; i < size; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}

/** Writes values as IDX bytes (for tests and for saving small arrays in MNIST's format). */
export function encodeIdx(data: ArrayLike<number>, shape: readonly number[], dtype: IdxDType): Uint8Array {
  const code = CODE_OF[dtype];
  if (code === undefined) {
    throw new TypeError(`encodeIdx: invalid value for argument \`dtype\`. Expected one of ${Object.keys(CODE_OF).join(', ')}. Received: ${describeValue(dtype)}`);
  }
  if (!Array.isArray(shape) || shape.length > 255 || shape.some((d) => !Number.isInteger(d) || d < 0 || d > 0xffffffff)) {
    throw new TypeError(`encodeIdx: invalid value for argument \`shape\`. Expected at most 255 non-negative uint32 dimensions. Received: ${describeValue(shape)}`);
  }
  const size = shape.reduce((a, b) => a * b, 1);
  if (data.length !== size) throw new Error(`encodeIdx: shape [${shape.join(',')}] holds ${size} values but ${data.length} were given.`);
  const header = 4 + 4 * shape.length;
  const out = new Uint8Array(header + size * BYTES[dtype]);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = shape.length;
  shape.forEach((d, k) => view.setUint32(4 + 4 * k, d, false));
  for (let i = 0; i < size; i++) {
    const v = data[i]!;
    const o = header + i * BYTES[dtype];
    switch (dtype) {
      case 'uint8': view.setUint8(o, v); break;
      case 'int8': view.setInt8(o, v); break;
      case 'int16': view.setInt16(o, v, false); break;
      case 'int32': view.setInt32(o, v, false); break;
      case 'float32': view.setFloat32(o, v, false); break;
      case 'float64': view.setFloat64(o, v, false); break;
    }
  }
  return out;
}

/** Reads an IDX file (Node); a name ending in .gz is inflated with zlib first. */
export async function readIdxFile(path: string): Promise<IdxArray> {
  if (typeof path !== 'string') throw new TypeError(`readIdxFile: invalid value for argument \`path\`. Expected a string. Received: ${describeValue(path)}`);
  const { readFile } = await import('node:fs/promises');
  let bytes: Uint8Array = await readFile(path);
  if (path.endsWith('.gz')) {
    const { gunzipSync } = await import('node:zlib');
    try {
      bytes = gunzipSync(bytes);
    } catch (err) {
      throw new Error(`readIdxFile: '${path}' could not be inflated as gzip: ${(err as Error).message}`);
    }
  }
  return readIdx(bytes, `'${path}'`);
}

function hex(b: number): string {
  return b.toString(16).padStart(2, '0').toUpperCase();
}
