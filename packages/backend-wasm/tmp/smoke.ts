import * as tf from '@tessera/core';
import { wasm } from '../src/index.js';

const b = await wasm();
await tf.setBackend(b);
console.log(tf.getBackend().name, b.memory());
const a = tf.tensor2d([[1, 2], [3, 4]]);
console.log(a.matMul(tf.eye(2)).relu().dataSync());
console.log(tf.exp(a).dataSync(), tf.sum(a).dataSync(), tf.transpose(a).dataSync());
const x = tf.randomNormal([64, 100]);
const w = tf.randomNormal([100, 30]);
const y = tf.matMul(x, w);
const yd = y.dataSync(); const xd = x.dataSync(); const wd = w.dataSync();
let maxErr = 0;
for (let i = 0; i < 64; i++) for (let j = 0; j < 30; j++) { let s = 0; for (let k = 0; k < 100; k++) s += xd[i*100+k]! * wd[k*30+j]!; maxErr = Math.max(maxErr, Math.abs(s - yd[i*30+j]!)); }
console.log('matmul max err', maxErr);
console.log(b.memory());
