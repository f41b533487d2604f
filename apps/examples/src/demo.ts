import { parseArgs } from 'node:util';
import * as tf from '@tessera/core';
import { cpu } from '@tessera/backend-cpu';
import { perceptron } from './perceptron.js';
import { quadraticRoots } from './quadratic.js';
import { trainMnistMlp } from './mnist-mlp.js';

/**
 * The README's demo: the course's first two programs, then the main example — the MNIST MLP trained with Keras's
 * progress output, ending with the test accuracy on held-out digits.
 */
const { values } = parseArgs({
  options: {
    epochs: { type: 'string', default: '20' },
    'batch-size': { type: 'string', default: '128' },
    'skip-mnist': { type: 'boolean', default: false },
  },
});

await tf.setBackend(cpu());
console.log(`Backend: ${tf.getBackend().name}\n`);

console.log('Perceptron: y = sigmoid(1 + 3·x1 − 2·x2)');
const { inputs, outputs } = await perceptron();
inputs.forEach((x, i) => console.log(`  x = [${x.join(', ')}]  →  y = ${outputs[i]!.toFixed(6)}`));

console.log('\nRoots of 2x² − 3x − 1 = 0');
const [r1, r2] = await quadraticRoots(2, -3, -1);
console.log(`  x1 = ${r1.toFixed(6)}, x2 = ${r2.toFixed(6)}`);

if (!values['skip-mnist']) {
  console.log('\nMNIST MLP (8,000 training digits, 2,000 held out)\n');
  const t0 = performance.now();
  const { testAccuracy, testLoss } = await trainMnistMlp({ epochs: Number(values.epochs), batchSize: Number(values['batch-size']) });
  console.log(`\nTest accuracy on held-out digits: ${(testAccuracy * 100).toFixed(2)}%  (loss ${testLoss.toFixed(4)}, ${((performance.now() - t0) / 1000).toFixed(0)}s)`);
}
console.log(`Live tensors at the end: ${tf.memory().numTensors}`);
