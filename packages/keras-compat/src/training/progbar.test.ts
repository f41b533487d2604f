import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { ProgbarLogger } from '../index.js';
import { blobs3, classifier } from '../parity/fixtures.js';

/** The progress logger's output, as Keras prints it, on a fake stream (a pipe, then a terminal). */

let baseline = 0;
beforeAll(async () => {
  await tf.setBackend(cpu());
  baseline = tf.memory().numTensors;
});
afterAll(() => {
  expect(tf.memory().numTensors).toBe(baseline);
});

function fakeOutput(isTTY: boolean): { chunks: string[]; out: { write(s: string): void; isTTY: boolean } } {
  const chunks: string[] = [];
  return { chunks, out: { write: (s: string) => void chunks.push(s), isTTY } };
}

async function fitWith(logger: ProgbarLogger, extra: { validationSplit?: number } = {}): Promise<void> {
  const { x, y } = blobs3(40, 1);
  const m = classifier();
  m.compile({ optimizer: 'sgd', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
  // verbose 0 turns the built-in logger off; ours is passed as a callback
  await m.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, callbacks: [logger], ...extra });
  m.dispose();
  tf.dispose([x, y]);
}

const BAR = '\\[={30}\\]';
const TIME = '\\d+s \\d+(ms|us)\\/step';
const NUM = '\\d+\\.\\d{4}';

describe('ProgbarLogger', () => {
  it('not a terminal: "Epoch i/n", then one line per epoch with the full bar, time per step and sorted logs', async () => {
    const { chunks, out } = fakeOutput(false);
    await fitWith(new ProgbarLogger(1, out));
    const text = chunks.join('');
    expect(text).not.toContain('\r');
    const lines = text.split('\n');
    expect(lines.at(-1)).toBe(''); // ends with a newline
    expect(lines.length).toBe(5);
    expect(lines[0]).toBe('Epoch 1/2');
    expect(lines[2]).toBe('Epoch 2/2');
    for (const l of [lines[1]!, lines[3]!]) {
      // Keras's key order (alphabetical, val_ last) and its 'accuracy' key (tfjs would print 'acc')
      expect(l).toMatch(new RegExp(`^5/5 ${BAR} - ${TIME} - accuracy: ${NUM} - loss: ${NUM}$`));
    }
  });

  it('validation metrics come last, prefixed val_', async () => {
    const { chunks, out } = fakeOutput(false);
    await fitWith(new ProgbarLogger(1, out), { validationSplit: 0.2 });
    const lines = chunks.join('').split('\n');
    expect(lines[1]).toMatch(new RegExp(`^4/4 ${BAR} - ${TIME} - accuracy: ${NUM} - loss: ${NUM} - val_accuracy: ${NUM} - val_loss: ${NUM}$`));
  });

  it('verbose 2: one line per epoch without a bar', async () => {
    const { chunks, out } = fakeOutput(true);
    await fitWith(new ProgbarLogger(2, out));
    const lines = chunks.join('').split('\n');
    expect(lines[0]).toBe('Epoch 1/2');
    expect(lines[1]).toMatch(new RegExp(`^${TIME} - accuracy: ${NUM} - loss: ${NUM}$`));
    expect(chunks.join('')).not.toContain('\r');
  });

  it('a terminal: the bar is redrawn in place with \\r and an ETA, and the epoch ends on a full bar and a newline', async () => {
    const { chunks, out } = fakeOutput(true);
    await fitWith(new ProgbarLogger(1, out));
    expect(chunks[0]).toBe('Epoch 1/2\n');
    // the first batch is always drawn (then at most every 50 ms), and the last one always
    expect(chunks[1]).toMatch(new RegExp(`^\\r1/5 \\[={5}>\\.{24}\\] - ETA: \\d+s - accuracy: ${NUM} - loss: ${NUM}\\x1b\\[K$`));
    const epochEnd = chunks.findIndex((c) => c.endsWith('\n') && c.startsWith('\r'));
    expect(chunks[epochEnd - 1]).toMatch(new RegExp(`^\\r5/5 ${BAR} - ETA: 0s - accuracy: ${NUM} - loss: ${NUM}\\x1b\\[K$`));
    expect(chunks[epochEnd]).toMatch(new RegExp(`^\\r5/5 ${BAR} - ${TIME} - accuracy: ${NUM} - loss: ${NUM}\\x1b\\[K\\n$`));
    expect(chunks[epochEnd + 1]).toBe('Epoch 2/2\n');
    for (const c of chunks.slice(1, epochEnd)) expect(c.startsWith('\r') && !c.includes('\n')).toBe(true);
  });

  it('bar(): the head ">" moves with the step and the count is padded to the total\'s width', () => {
    const p = new ProgbarLogger(1, fakeOutput(false).out);
    p.setParams({ epochs: 1, steps: 10 });
    p.onEpochBegin(0);
    expect(p.bar(1)).toBe(' 1/10 [==>' + '.'.repeat(27) + ']');
    expect(p.bar(5)).toBe(' 5/10 [' + '='.repeat(14) + '>' + '.'.repeat(15) + ']');
    expect(p.bar(10)).toBe('10/10 [' + '='.repeat(30) + ']');
  });
});
