/**
 * The TensorBoard event-file format, written by hand: TFRecord framing (length, masked CRC-32C, data, masked CRC)
 * around `Event` protocol buffers holding scalar summaries. Enough for TensorBoard's scalars dashboard.
 */

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** CRC-32C (Castagnoli), as TFRecord uses. */
export function crc32c(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function maskedCrc(bytes: Uint8Array): number {
  const c = crc32c(bytes);
  return ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

/** One TFRecord: u64 length, masked CRC of the length, the data, masked CRC of the data (all little-endian). */
export function tfRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length, true);
  view.setUint32(4, 0, true);
  view.setUint32(8, maskedCrc(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc(data), true);
  return out;
}

class ProtoWriter {
  private parts: number[] = [];
  varint(v: number): this {
    let n = BigInt(Math.floor(v));
    if (n < 0n) n += 1n << 64n;
    do {
      let byte = Number(n & 0x7fn);
      n >>= 7n;
      if (n > 0n) byte |= 0x80;
      this.parts.push(byte);
    } while (n > 0n);
    return this;
  }
  key(field: number, wire: number): this {
    return this.varint((field << 3) | wire);
  }
  double(field: number, v: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    this.key(field, 1).parts.push(...b);
    return this;
  }
  float(field: number, v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    this.key(field, 5).parts.push(...b);
    return this;
  }
  int(field: number, v: number): this {
    return this.key(field, 0).varint(v);
  }
  bytes(field: number, b: Uint8Array): this {
    this.key(field, 2).varint(b.length).parts.push(...b);
    return this;
  }
  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** Event { wall_time = 1; step = 2; file_version = 3 | summary = 5 } with Summary { value { tag = 1; simple_value = 2 } }. */
export function scalarEvent(wallTime: number, step: number, scalars: Record<string, number>): Uint8Array {
  const summary = new ProtoWriter();
  for (const [tag, value] of Object.entries(scalars)) {
    summary.bytes(1, new ProtoWriter().string(1, tag).float(2, value).finish());
  }
  return new ProtoWriter().double(1, wallTime).int(2, step).bytes(5, summary.finish()).finish();
}

export function fileVersionEvent(wallTime: number): Uint8Array {
  return new ProtoWriter().double(1, wallTime).string(3, 'brain.Event:2').finish();
}

/** Reads the records of an event file back (for tests and tools): checks every CRC. */
export function readTfRecords(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = 0;
  while (p < bytes.length) {
    if (p + 12 > bytes.length) throw new Error(`readTfRecords: truncated record header at byte ${p}`);
    const len = view.getUint32(p, true);
    if (view.getUint32(p + 8, true) !== maskedCrc(bytes.subarray(p, p + 8))) throw new Error(`readTfRecords: bad length CRC at byte ${p}`);
    const data = bytes.subarray(p + 12, p + 12 + len);
    if (data.length !== len || p + 16 + len > bytes.length) throw new Error(`readTfRecords: truncated record at byte ${p}`);
    if (view.getUint32(p + 12 + len, true) !== maskedCrc(data)) throw new Error(`readTfRecords: bad data CRC at byte ${p}`);
    out.push(data);
    p += 16 + len;
  }
  return out;
}
