import { formatValue } from '../errors.js';
import { standardizeTuple } from '../convolutional/conv-utils.js';

/**
 * ZeroPadding2D's `padding` and Cropping2D's `cropping`, as Keras reads them: an int (all four sides), two ints
 * (symmetric rows, symmetric cols) or two pairs ((top, bottom), (left, right)).
 */
export function standardizeSidePairs(value: unknown, name: 'padding' | 'cropping'): [[number, number], [number, number]] {
  if (typeof value === 'number' && Number.isInteger(value)) {
    if (value < 0) throw new Error(`\`${name}\` cannot be negative. Received: ${name}=${value}.`);
    return [
      [value, value],
      [value, value],
    ];
  }
  if (Array.isArray(value)) {
    if (value.length !== 2) throw new Error(`\`${name}\` should have two elements. Received: ${name}=${formatValue(value)}.`);
    const h = standardizeTuple(value[0], 2, `1st entry of ${name}`, true) as [number, number];
    const w = standardizeTuple(value[1], 2, `2nd entry of ${name}`, true) as [number, number];
    return [h, w];
  }
  const s = name === 'padding' ? 'pad' : 'crop';
  throw new Error(
    `\`${name}\` should be either an int, a tuple of 2 ints (symmetric_height_${s}, symmetric_width_${s}), or a tuple of 2 tuples of 2 ints ((top_${s}, bottom_${s}), (left_${s}, right_${s})). Received: ${name}=${formatValue(value)}.`,
  );
}
