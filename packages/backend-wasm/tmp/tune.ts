import * as tf from '@tessera/core';
import { wasm } from '../src/index.js';
import { GEMM_BLOCKING } from '../src/kernels/matmul.js';

await tf.setBackend(await wasm({ threads: 1 }));
const cases: [number, number, number][] = [[256, 256, 256], [512, 512, 512], [1024, 1024, 1024], [128, 784, 512]];
const configs = (process.argv[2] ?? '64,256,512').split(' ').map((s) => s.split(',').map(Number));
for (const [MC, KC, NC] of configs) {
  Object.assign(GEMM_BLOCKING, { MC, KC, NC });
  const res: string[] = [];
  for (const [m, k, n] of cases) {
    const a = tf.randomNormal([m, k]);
    const b = tf.randomNormal([k, n]);
    const reps = Math.max(3, Math.round(3e9 / (2 * m * n * k)));
    for (let i = 0; i < reps; i++) tf.matMul(a, b).dispose();
    let best = Infinity;
    for (let r = 0; r < 3; r++) {
      const t0 = process.cpuUsage();
      for (let i = 0; i < reps; i++) tf.matMul(a, b).dispose();
      const u = process.cpuUsage(t0);
      best = Math.min(best, (u.user + u.system) / 1000 / reps);
    }
    res.push(`${m}:${((2 * m * n * k) / best / 1e6).toFixed(1)}`);
    a.dispose(); b.dispose();
  }
  console.log(`MC=${MC} KC=${KC} NC=${NC}: ${res.join(' ')} GFLOPS`);
}
