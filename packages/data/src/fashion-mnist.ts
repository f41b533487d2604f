import { describeValue } from './element.js';
import { readIdxFile } from './idx.js';
import type { IdxArray } from './idx.js';
import { IMAGE_SIDE, NUM_CLASSES, buildImageSet, checkImageOptions } from './image-set.js';
import type { ImageSet, ImageSetOptions } from './image-set.js';

/** Where Debian's `dataset-fashion-mnist` package installs the four gzip-compressed IDX files. */
export const FASHION_MNIST_DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';

export const FASHION_MNIST_CLASSES = [
  'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
] as const;

export interface FashionMnistOptions extends ImageSetOptions {
  /** A folder holding the IDX files (train/t10k images/labels, .gz or not); default: the Debian package's folder. */
  dir?: string;
}

const PARTS = { train: 'train', test: 't10k' } as const;

/** The file names tried for one file, in order (the official names, then the dotted variant some mirrors use). */
function candidates(prefix: string, kind: 'images' | 'labels'): string[] {
  const rank = kind === 'images' ? 3 : 1;
  const names = [`${prefix}-${kind}-idx${rank}-ubyte`, `${prefix}-${kind}.idx${rank}-ubyte`];
  return names.flatMap((n) => [`${n}.gz`, n]);
}

function howToGet(): string {
  return (
    'Get it without any download at run time: install the Debian package (`apt-get install dataset-fashion-mnist`, ' +
    `which puts the files in ${FASHION_MNIST_DEBIAN_DIR}), or put the four IDX files (train-images-idx3-ubyte.gz, ` +
    'train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz, from the Fashion-MNIST project) ' +
    "in a folder and pass { dir: '/path/to/folder' }."
  );
}

async function locate(dir: string, prefix: string, kind: 'images' | 'labels'): Promise<string | null> {
  const { stat } = await import('node:fs/promises');
  const { join } = await import('node:path');
  for (const name of candidates(prefix, kind)) {
    const path = join(dir, name);
    try {
      if ((await stat(path)).isFile()) return path;
    } catch {
      // not there: try the next name
    }
  }
  return null;
}

async function readPart(dir: string, part: 'train' | 'test', given: boolean): Promise<{ images: IdxArray; labels: IdxArray }> {
  const prefix = PARTS[part];
  const imagesPath = await locate(dir, prefix, 'images');
  const labelsPath = await locate(dir, prefix, 'labels');
  if (!imagesPath || !labelsPath) {
    const missing = [!imagesPath && `${prefix}-images-idx3-ubyte[.gz]`, !labelsPath && `${prefix}-labels-idx1-ubyte[.gz]`].filter(Boolean);
    const where = given ? `the folder '${dir}' (from { dir })` : `${FASHION_MNIST_DEBIAN_DIR}, the Debian package's folder`;
    throw new Error(`loadFashionMnist: Fashion-MNIST was not found: ${where} has no ${missing.join(' or ')}. ${howToGet()}`);
  }
  const [images, labels] = await Promise.all([readIdxFile(imagesPath), readIdxFile(labelsPath)]);
  if (images.dtype !== 'uint8' || images.shape.length !== 3 || images.shape[1] !== IMAGE_SIDE || images.shape[2] !== IMAGE_SIDE) {
    throw new Error(`loadFashionMnist: '${imagesPath}' should hold uint8 images of shape [n, 28, 28]; it holds ${images.dtype} [${images.shape.join(',')}].`);
  }
  if (labels.dtype !== 'uint8' || labels.shape.length !== 1 || labels.shape[0] !== images.shape[0]) {
    throw new Error(
      `loadFashionMnist: '${labelsPath}' should hold ${images.shape[0]} uint8 labels (one per image); it holds ${labels.dtype} [${labels.shape.join(',')}].`,
    );
  }
  const bad = (labels.data as Uint8Array).findIndex((v) => v >= NUM_CLASSES);
  if (bad >= 0) throw new Error(`loadFashionMnist: '${labelsPath}' has label ${labels.data[bad]} at index ${bad}; labels must be 0..9.`);
  return { images, labels };
}

/**
 * Loads Fashion-MNIST from IDX files (gzip-compressed or not): from `dir`, else from the Debian package's folder.
 * The official split: 'train' is the 60,000 training images, 'test' the 10,000 t10k images, 'all' both in that
 * order. Returns { xs: float32 [n, 784] in 0..1 (or [n, 28, 28, 1]), ys: float32 one-hot [n, 10] (or int32 [n]) };
 * class names are in FASHION_MNIST_CLASSES. A missing data set throws an error that says where to get it.
 */
export async function loadFashionMnist(options: FashionMnistOptions = {}): Promise<ImageSet> {
  const o = checkImageOptions(options, 'loadFashionMnist');
  if (options.dir !== undefined && typeof options.dir !== 'string') {
    throw new TypeError(`loadFashionMnist: invalid value for option \`dir\`. Expected a folder path. Received: ${describeValue(options.dir)}`);
  }
  const dir = options.dir ?? FASHION_MNIST_DEBIAN_DIR;
  const parts = o.split === 'all' ? (['train', 'test'] as const) : ([o.split] as const);
  const loaded: { images: IdxArray; labels: IdxArray }[] = [];
  let remaining = o.count ?? Infinity;
  for (const part of parts) {
    if (remaining <= 0 && loaded.length > 0) break;
    loaded.push(await readPart(dir, part, options.dir !== undefined));
    remaining -= loaded[loaded.length - 1]!.labels.shape[0]!;
  }
  // Image i of the result is image `local` of part `p`.
  const starts: number[] = [];
  let total = 0;
  for (const l of loaded) {
    starts.push(total);
    total += l.labels.shape[0]!;
  }
  const n = Math.min(total, o.count ?? total);
  const locate1 = (i: number) => {
    let p = loaded.length - 1;
    while (starts[p]! > i) p--;
    return { part: loaded[p]!, local: i - starts[p]! };
  };
  const pixelsPer = IMAGE_SIDE * IMAGE_SIDE;
  const scale = o.normalize ? 255 : 1;
  return buildImageSet(
    n,
    (i, out, offset) => {
      const { part, local } = locate1(i);
      const src = part.images.data as Uint8Array;
      const start = local * pixelsPer;
      for (let p = 0; p < pixelsPer; p++) out[offset + p] = src[start + p]! / scale;
    },
    (i) => {
      const { part, local } = locate1(i);
      return part.labels.data[local]!;
    },
    o,
  );
}
