import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { perceptron } from './perceptron.js';
import { quadraticRoots } from './quadratic.js';

await tf.setBackend(cpu());

console.log('Perceptron: y = sigmoid(1 + 3·x1 − 2·x2)');
const { inputs, outputs } = await perceptron();
inputs.forEach((x, i) => console.log(`  x = [${x.join(', ')}]  →  y = ${outputs[i]!.toFixed(6)}`));

console.log('\nRoots of 2x² − 3x − 1 = 0');
const [r1, r2] = await quadraticRoots(2, -3, -1);
console.log(`  x1 = ${r1.toFixed(6)}, x2 = ${r2.toFixed(6)}`);

console.log(`\nLive tensors after the demo: ${tf.memory().numTensors}`);
