// @tessera/data: lazy datasets, readers and loaders. Nothing runs at import time; Node-only parts (files,
// zlib, the `mnist` package) are imported when first used.
export { Dataset } from './dataset.js';
export type { DatasetIterator } from './dataset.js';
export { fromArrays, fromItems, fromGenerator, zip } from './sources.js';
export type { ArraySource, ArraysInput, GeneratorSource } from './sources.js';
export { batchElements } from './batch.js';
export { csv, CsvDataset } from './csv.js';
export type { CsvOptions, ColumnConfig, CsvDType, CsvSource, CsvValue, CsvRow, CsvElement } from './csv.js';
export { oneHot, normalize, meanStd, minMaxScale } from './preprocess.js';
export type { Labels, Stat, NormalizeOptions, MinMaxOptions } from './preprocess.js';
export { trainTestSplit } from './split.js';
export type { SplitOptions, Split } from './split.js';
export { readIdx, readIdxFile, encodeIdx } from './idx.js';
export type { IdxArray, IdxData, IdxDType } from './idx.js';
export type { ImageSet, ImageSetOptions } from './image-set.js';
export { loadMnist, MNIST_TRAIN_SIZE, MNIST_TEST_SIZE } from './mnist.js';
export { loadFashionMnist, FASHION_MNIST_DEBIAN_DIR, FASHION_MNIST_CLASSES } from './fashion-mnist.js';
export type { FashionMnistOptions } from './fashion-mnist.js';
export { twoClassBlobs, circles, xor, spirals, banknoteLike } from './synthetic.js';
export type { SyntheticOptions, SyntheticSet, BlobsOptions, CirclesOptions, SpiralsOptions, BanknoteOptions } from './synthetic.js';
