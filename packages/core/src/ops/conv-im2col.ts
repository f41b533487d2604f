import type { GradFn } from '../engine.js';
import { runOp, tidy } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { composeInto } from './compose.js';
import type { Piece } from './compose.js';
import type { Conv2DInfo } from './conv-util.js';
import { makeView } from './internal.js';
import { pad } from './pad.js';
import { slice } from './transform.js';

/**
 * The two linear maps every convolution and pool is lowered onto, as recorded ops so that gradients written
 * with them can be differentiated again:
 * - im2col: x [N,H,W,C] → its windows [N,OH,OW,KH,KW,C], a strided view of the padded input (no copy);
 * - col2im: the adjoint, summing each window back onto its input cells (one strided add per (kh, kw)).
 */

function hasPadding(info: Conv2DInfo): boolean {
  return info.top + info.bottom + info.left + info.right > 0;
}

/** x [N,H,W,C] → windows [N,OH,OW,KH,KW,C], padding filled with `padValue`. */
export function im2col(x: Tensor, info: Conv2DInfo, padValue = 0): Tensor {
  const grad: GradFn = (dys) => [col2im(dys[0]!, info)];
  return runOp({ name: 'im2col', inputs: [x], attrs: { info, padValue }, grad }, () =>
    tidy(() => {
      const xp = hasPadding(info)
        ? pad(x, [[0, 0], [info.top, info.bottom], [info.left, info.right], [0, 0]], padValue)
        : x;
      const [sN, sH, sW, sC] = xp.strides as [number, number, number, number];
      return makeView(
        xp,
        [info.batch, info.outH, info.outW, info.fh, info.fw, info.inC],
        [sN, sH * info.strideH, sW * info.strideW, sH * info.dilH, sW * info.dilW, sC],
        xp.offset,
      );
    }),
  );
}

/** cols [N,OH,OW,KH,KW,C] → [N,H,W,C]: each window's values added back where im2col read them (padding dropped). */
export function col2im(cols: Tensor, info: Conv2DInfo): Tensor {
  const grad: GradFn = (dys) => [im2col(dys[0]!, info, 0)];
  return runOp({ name: 'col2im', inputs: [cols], attrs: { info }, grad }, () =>
    tidy(() => {
      const { batch, inH, inW, inC, outH, outW, top, left } = info;
      const [c0, c1, c2, c3, c4, c5] = cols.strides as [number, number, number, number, number, number];
      const pieces: Piece[] = [];
      for (let kh = 0; kh < info.fh; kh++) {
        for (let kw = 0; kw < info.fw; kw++) {
          pieces.push({
            src: makeView(cols, [batch, outH, outW, inC], [c0, c1, c2, c5], cols.offset + kh * c3 + kw * c4),
            begin: [0, kh * info.dilH, kw * info.dilW, 0],
            step: [1, info.strideH, info.strideW, 1],
          });
        }
      }
      const paddedShape = [batch, top + inH + info.bottom, left + inW + info.right, inC];
      const full = composeInto(cols.backend, paddedShape, cols.dtype, 0, pieces, 'add', 'col2im');
      return hasPadding(info) ? slice(full, [0, top, left, 0], [batch, inH, inW, inC]) : full;
    }),
  );
}
