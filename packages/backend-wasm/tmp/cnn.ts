import * as tf from '@tessera/core';
import type { Tensor } from '@tessera/core';
import { valueAndGrads } from '@tessera/autograd';
import { cpu } from '@tessera/backend-cpu';
import { wasm } from '../src/index.js';

const which = process.argv[2] ?? 'wasm';
const threads = Number(process.argv[3] ?? 1);
const be = which === 'cpu' ? cpu() : await wasm({ threads });
await tf.setBackend(be);
const N = 32;
const x = tf.randomNormal([N, 28, 28, 1]);
const y = tf.oneHot(tf.tensor(Array.from({ length: N }, (_, i) => i % 10), [N], 'int32'), 10).cast('float32');
const params = tf.tidy(() => [
  tf.variable(tf.randomNormal([3, 3, 1, 16], 0, 0.3)), tf.variable(tf.zeros([16])),
  tf.variable(tf.randomNormal([3, 3, 16, 32], 0, 0.1)), tf.variable(tf.zeros([32])),
  tf.variable(tf.randomNormal([6 * 6 * 32, 10], 0, 0.05)), tf.variable(tf.zeros([10])),
]);
function loss(...w: Tensor[]) {
  let h = tf.relu(tf.add(tf.conv2d(x, w[0]!, 1, 'same'), w[1]!));
  h = tf.maxPool(h, 2, 2, 'valid');
  h = tf.relu(tf.add(tf.conv2d(h, w[2]!, 1, 'valid'), w[3]!));
  h = tf.maxPool(h, 2, 2, 'valid');
  const logits = tf.fused.matMul({ a: tf.reshape(h, [N, 1152]), b: w[4]!, bias: w[5]! });
  return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(logits)), 1)));
}
const step = valueAndGrads(loss);
const opTime = new Map<string, number>();
if (process.argv[4] === 'profile') {
  tf.addOpHook({ before: () => {}, after: () => {} } as never);
}
const STEPS = Number(process.env.STEPS ?? 13);
for (let s = 0; s < STEPS; s++) {
  if (s === 3) { (globalThis as any).t0 = performance.now(); (globalThis as any).c0 = process.cpuUsage(); }
  const v = tf.tidy(() => {
    const { value, grads } = step(params);
    params.forEach((p, i) => p.assign(tf.sub(p, tf.mul(grads[i]!, 0.05))));
    return value;
  });
  v.dataSync();
  v.dispose();
}
const u = process.cpuUsage((globalThis as any).c0);
console.log(`${which}(${threads}t): ${((performance.now() - (globalThis as any).t0) / (STEPS - 3)).toFixed(1)} ms/step wall, ${((u.user + u.system) / 1000 / (STEPS - 3)).toFixed(1)} ms/step cpu`);
void opTime;
