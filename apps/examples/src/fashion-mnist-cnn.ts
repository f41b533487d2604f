import { isMain, runMain } from './cli.js';
import { runCnnCli, trainCnn } from './mnist-cnn.js';
import type { CnnOptions, CnnResult } from './mnist-cnn.js';

/**
 * The same course CNN as mnist-cnn.ts, on Fashion-MNIST (60,000 + 10,000 images of clothes in 10 classes). The
 * data comes from Debian's `dataset-fashion-mnist` package (/usr/share/datasets/fashion-mnist); nothing is
 * downloaded. Without it, loading fails with an error that says how to install it.
 */
export function trainFashionMnistCnn(opts: Omit<CnnOptions, 'dataset'> = {}): Promise<CnnResult> {
  return trainCnn({ ...opts, dataset: 'fashion-mnist' });
}

export function main(argv: string[]): Promise<CnnResult> {
  return runCnnCli(argv, 'fashion-mnist', 'fashion-mnist-cnn');
}

if (isMain(import.meta.url)) await runMain(main);
