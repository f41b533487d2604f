import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { trace } from '@tessera/autograd';
import { linearGraph } from './computational-graph.js';

beforeAll(async () => {
  await tf.setBackend(cpu());
});

describe('traced computational graph (course example)', () => {
  it('runs y = x * W + b four times with different feeds, prints, exports DOT and differentiates', async () => {
    const before = tf.memory().numTensors;
    const { graph, results, dWdb } = await linearGraph();
    const expected = [[1], [1, 2], [1, 2, 3], [1, 2, 3, 4]].map((xs) => xs.map((x) => Math.fround(0.3) * x + Math.fround(-0.3)));
    results.forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 6)));
    expect(dWdb).toEqual([10, 4]);
    const text = graph.toString();
    expect(text).toContain('placeholder x');
    expect(text).toMatch(/= mul\(%0, %1\)/);
    expect(text).toMatch(/= add\(%2, %3\)/);
    const dot = graph.toDot();
    expect(dot.startsWith('digraph G {')).toBe(true);
    expect(dot).toContain('n0 -> n2;');
    expect(dot).toContain('shape=doublecircle');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects feeds of the wrong shape or name, and functions that branch on data', () => {
    const g = trace(({ x }) => ({ y: x!.add(1) }), { x: { shape: [2] } });
    const bad = tf.tensor([1, 2, 3]);
    expect(() => g.run({ x: bad })).toThrow(/feed 'x' has shape \[3\]; the placeholder expects \[2\]/);
    expect(() => g.run({})).toThrow(/missing feed for placeholder 'x'/);
    expect(() => g.run({ x: tf.tensor([1, 2]), z: bad } as never)).toThrow(/'z' is not a placeholder/);
    let calls = 0;
    const branchy = trace(({ x }) => ({ y: calls++ === 0 ? x!.add(1) : x!.add(1).mul(2) }), { x: { shape: [1] } });
    expect(() => branchy.run({ x: tf.tensor([1]) })).toThrow(/ran different ops than when it was traced/);
    bad.dispose();
  });
});
