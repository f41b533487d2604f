import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { Dense } from '@tessera/layers';
import { Sequential } from '../engine/sequential.js';
import { TensorBoard } from './tensorboard.js';
import { crc32c, readTfRecords } from './tfevents.js';

let dir = '';
beforeAll(async () => {
  await tf.setBackend(cpu());
  dir = await mkdtemp(join(tmpdir(), 'tessera-tb-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Minimal protobuf reading, enough to check what was written. */
function fields(b: Uint8Array): Array<{ field: number; wire: number; value: number | Uint8Array }> {
  const out: Array<{ field: number; wire: number; value: number | Uint8Array }> = [];
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let p = 0;
  const varint = () => {
    let v = 0;
    let mul = 1;
    for (;;) {
      const byte = b[p++]!;
      v += (byte & 0x7f) * mul;
      mul *= 128;
      if (!(byte & 0x80)) return v;
    }
  };
  while (p < b.length) {
    const key = varint();
    const field = key >>> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ field, wire, value: varint() });
    else if (wire === 1) out.push({ field, wire, value: view.getFloat64((p += 8) - 8, true) });
    else if (wire === 5) out.push({ field, wire, value: view.getFloat32((p += 4) - 4, true) });
    else {
      const len = varint();
      out.push({ field, wire, value: b.subarray(p, (p += len)) });
    }
  }
  return out;
}

function scalarsOf(event: Uint8Array): { step: number; values: Record<string, number> } {
  const f = fields(event);
  const step = (f.find((x) => x.field === 2)?.value as number) ?? 0;
  const summary = f.find((x) => x.field === 5)?.value as Uint8Array | undefined;
  const values: Record<string, number> = {};
  if (summary) {
    for (const v of fields(summary).filter((x) => x.field === 1)) {
      const vf = fields(v.value as Uint8Array);
      values[new TextDecoder().decode(vf.find((x) => x.field === 1)!.value as Uint8Array)] = vf.find((x) => x.field === 2)!.value as number;
    }
  }
  return { step, values };
}

describe('TensorBoard callback', () => {
  it('CRC-32C matches the standard check value', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
  });

  it('writes train and validation scalars per epoch as event files TensorBoard reads', async () => {
    const m = new Sequential({ layers: [new Dense({ units: 1, inputShape: [2] })] });
    m.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae'] });
    const x = tf.randomNormal([16, 2], 0, 1, 'float32', 1);
    const y = tf.randomNormal([16, 1], 0, 1, 'float32', 2);
    const h = await m.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0, validationSplit: 0.25, callbacks: [new TensorBoard({ logDir: dir })] });
    for (const [kind, prefix] of [['train', ''], ['validation', 'val_']] as const) {
      const files = await readdir(join(dir, kind));
      expect(files.length).toBe(1);
      expect(files[0]).toMatch(/^events\.out\.tfevents\./);
      const records = readTfRecords(new Uint8Array(await readFile(join(dir, kind, files[0]!))));
      expect(new TextDecoder().decode(fields(records[0]!).find((f) => f.field === 3)!.value as Uint8Array)).toBe('brain.Event:2');
      const events = records.slice(1).map(scalarsOf);
      expect(events.map((e) => e.step)).toEqual([0, 1, 2]);
      events.forEach((e, epoch) => {
        expect(e.values.epoch_loss).toBeCloseTo(h.history[`${prefix}loss`]![epoch]!, 5);
        expect(e.values.epoch_mae).toBeCloseTo(h.history[`${prefix}mae`]![epoch]!, 5);
      });
    }
    tf.dispose([x, y]);
    m.dispose();
  });

  it('rejects a bad update frequency', () => {
    expect(() => new TensorBoard({ updateFreq: 0 })).toThrow(/argument `updateFreq`/);
  });
});
