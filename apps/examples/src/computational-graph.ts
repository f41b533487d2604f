import * as tf from '@tessera/core';
import { trace } from '@tessera/autograd';
import type { Graph } from '@tessera/autograd';

/**
 * The course's first program in graph form: y = x * W + b, with x a placeholder fed at run time and W, b
 * variables. Returns the graph and the four results.
 */
export async function linearGraph(): Promise<{ graph: Graph; results: number[][]; dWdb: number[] }> {
  const W = tf.tidy(() => tf.variable(tf.scalar(0.3), true));
  const b = tf.tidy(() => tf.variable(tf.scalar(-0.3), true));
  const graph = trace(({ x }) => ({ y: x!.mul(W).add(b) }), { x: { shape: [null] } });
  const feeds = [[1], [1, 2], [1, 2, 3], [1, 2, 3, 4]];
  const results: number[][] = [];
  for (const values of feeds) {
    const x = tf.tensor1d(values);
    const { y } = graph.run({ x });
    results.push(Array.from(await y!.data()));
    y!.dispose();
    x.dispose();
  }
  // d(sum y)/dW = sum x, d(sum y)/db = n, for the last feed
  const x = tf.tensor1d([1, 2, 3, 4]);
  const { value, grads } = graph.gradients({ x }, 'y', [W, b]);
  const dWdb = [(await grads[0]!.data())[0]!, (await grads[1]!.data())[0]!];
  [value, ...grads, x, W, b].forEach((t) => t.dispose());
  return { graph, results, dWdb };
}
