import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { wasm } from '../src/index.js';

const which = process.argv[2] ?? 'wasm';
const threads = Number(process.argv[3] ?? 1);
const cases: [number, number, number, boolean, boolean][] = [
  [256, 256, 256, false, false],
  [512, 512, 512, false, false],
  [1024, 1024, 1024, false, false],
  [128, 784, 512, false, false],
  [128, 512, 10, false, false],
  [784, 128, 512, true, false], // dW1 = xᵀ·dy
  [128, 512, 784, false, true], // dx = dy·W1ᵀ
];

async function main() {
  if (which === 'tfjs') {
    const tfc = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-wasm');
    await tfc.setBackend('wasm');
    await tfc.ready();
    for (const [m, k, n, ta, tb] of cases) {
      const a = tfc.randomNormal(ta ? [k, m] : [m, k]);
      const b = tfc.randomNormal(tb ? [n, k] : [k, n]);
      for (let i = 0; i < 5; i++) tfc.matMul(a, b, ta, tb).dispose();
      const reps = Math.max(1, Math.round(2e9 / (2 * m * n * k)));
      let dt = Infinity;
      for (let r = 0; r < 3; r++) {
        const t0 = process.cpuUsage();
        for (let i = 0; i < reps; i++) { const c = tfc.matMul(a, b, ta, tb); c.dataSync(); c.dispose(); }
        const u = process.cpuUsage(t0);
        dt = Math.min(dt, (u.user + u.system) / 1000 / reps);
      }
      console.log(`tfjs-wasm [${m},${k}]·[${k},${n}]${ta ? ' tA' : ''}${tb ? ' tB' : ''}: ${dt.toFixed(2)} ms, ${((2 * m * n * k) / dt / 1e6).toFixed(2)} GFLOPS`);
      a.dispose(); b.dispose();
    }
    return;
  }
  const be = which === 'cpu' ? cpu() : await wasm({ threads });
  await tf.setBackend(be);
  for (const [m, k, n, ta, tb] of cases) {
    const a = tf.randomNormal(ta ? [k, m] : [m, k]);
    const b = tf.randomNormal(tb ? [n, k] : [k, n]);
    for (let i = 0; i < (which === 'cpu' ? 1 : 5); i++) tf.matMul(a, b, ta, tb).dispose();
    const reps = Math.max(1, Math.round((which === 'cpu' ? 1e8 : 2e9) / (2 * m * n * k)));
    let dt = Infinity;
    for (let r = 0; r < (which === 'cpu' ? 1 : 3); r++) {
      const t0 = process.cpuUsage();
      const w0 = performance.now();
      for (let i = 0; i < reps; i++) tf.matMul(a, b, ta, tb).dispose();
      const u = process.cpuUsage(t0);
      // Single-threaded: CPU time (robust to other load); threaded: wall time.
      dt = Math.min(dt, threads > 1 ? (performance.now() - w0) / reps : (u.user + u.system) / 1000 / reps);
    }
    console.log(`${be.name}${which === 'wasm' ? `(${threads}t)` : ''} [${m},${k}]·[${k},${n}]${ta ? ' tA' : ''}${tb ? ' tB' : ''}: ${dt.toFixed(2)} ms, ${((2 * m * n * k) / dt / 1e6).toFixed(2)} GFLOPS`);
    a.dispose(); b.dispose();
  }
}
await main();
