import type { CaseExpected, CaseInput, HostTensor, OpCase } from '../testing/case.js';
import type { Tensor } from '../tensor.js';
import { gather } from './gather.js';
import { gatherND, scatterND } from './gather-nd.js';
import { unsortedSegmentSum } from './scatter-segment-sum.js';
import { stridedSlice } from './strided-slice.js';
import { topk } from './topk.js';
import { unique } from './unique.js';
import { mirrorPad } from './gather-mirror-pad.js';

/**
 * Cases of the indexing ops. References are naive float64 loops over coordinates, written independently of the
 * ops (stridedSlice's follows Python's slice rules rather than the port of TensorFlow's spec resolution).
 */

// ----- host helpers ----------------------------------------------------------------------------------------

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

function at(t: HostTensor, loc: readonly number[]): number {
  const s = stridesOf(t.shape);
  let o = 0;
  loc.forEach((v, i) => (o += v * s[i]!));
  return t.values[o]!;
}

/** Every coordinate of `shape` in row-major order. */
function coords(shape: readonly number[]): number[][] {
  const out: number[][] = [];
  const n = size(shape);
  for (let f = 0; f < n; f++) {
    const loc = new Array<number>(shape.length);
    let r = f;
    for (let i = shape.length - 1; i >= 0; i--) {
      loc[i] = r % shape[i]!;
      r = Math.floor(r / shape[i]!);
    }
    out.push(loc);
  }
  return out;
}

const f32 = (shape: number[], seed: number, min = -2, max = 2): CaseInput => ({ shape, random: { min, max, seed } });
const i32 = (shape: number[], values: number[]): CaseInput => ({ shape, values, dtype: 'int32' });
const vals = (shape: number[], values: number[], dtype?: 'float32' | 'int32' | 'bool'): CaseInput => ({ shape, values, dtype });

// ----- references ------------------------------------------------------------------------------------------

function refGather(x: HostTensor, idx: HostTensor, axis: number, batchDims = 0): CaseExpected {
  const ax = axis < 0 ? axis + x.shape.length : axis;
  const bd = batchDims < 0 ? batchDims + idx.shape.length : batchDims;
  const ir = idx.shape.length - bd;
  const shape = [...x.shape.slice(0, ax), ...idx.shape.slice(bd), ...x.shape.slice(ax + 1)];
  const values = coords(shape).map((loc) => {
    const batch = loc.slice(0, bd);
    const i = at(idx, [...batch, ...loc.slice(ax, ax + ir)]);
    return at(x, [...loc.slice(0, ax), i, ...loc.slice(ax + ir)]);
  });
  return { shape, values, dtype: x.dtype };
}

function refGatherND(x: HostTensor, idx: HostTensor): CaseExpected {
  const d = idx.shape[idx.shape.length - 1]!;
  const lead = idx.shape.slice(0, -1);
  const shape = [...lead, ...x.shape.slice(d)];
  const values = coords(shape).map((loc) => {
    const l = loc.slice(0, lead.length);
    const c = Array.from({ length: d }, (_, j) => at(idx, [...l, j]));
    return at(x, [...c, ...loc.slice(lead.length)]);
  });
  return { shape, values, dtype: x.dtype };
}

function refScatterND(idx: HostTensor, upd: HostTensor, shape: number[]): CaseExpected {
  const d = idx.shape.length > 1 ? idx.shape[idx.shape.length - 1]! : 1;
  const lead = idx.shape.length > 1 ? idx.shape.slice(0, -1) : idx.shape;
  const out = new Array<number>(size(shape)).fill(0);
  const s = stridesOf(shape);
  for (const loc of coords(upd.shape)) {
    const l = loc.slice(0, lead.length);
    const c = idx.shape.length > 1 ? Array.from({ length: d }, (_, j) => at(idx, [...l, j])) : [at(idx, l)];
    const full = [...c, ...loc.slice(lead.length)];
    out[full.reduce((o, v, i) => o + v * s[i]!, 0)]! += at(upd, loc);
  }
  return { shape, values: out, dtype: upd.dtype };
}

function refSegmentSum(x: HostTensor, ids: HostTensor, n: number): CaseExpected {
  const r = ids.shape.length;
  const shape = [n, ...x.shape.slice(r)];
  const out = new Array<number>(size(shape)).fill(0);
  const inner = size(x.shape.slice(r));
  coords(ids.shape).forEach((loc, e) => {
    const id = at(ids, loc);
    if (id < 0 || id >= n) return;
    for (let c = 0; c < inner; c++) out[id * inner + c]! += x.values[e * inner + c]!;
  });
  return { shape, values: out, dtype: x.dtype === 'bool' ? 'int32' : x.dtype };
}

/** Python's slice(start, stop, step).indices(n), as a list. */
function pyRange(start: number | null, stop: number | null, step: number, n: number): number[] {
  const [lo, hi] = step > 0 ? [0, n] : [-1, n - 1];
  const fix = (v: number | null, dflt: number) => (v === null ? dflt : v < 0 ? Math.max(v + n, lo) : Math.min(v, hi));
  const a = fix(start, step > 0 ? lo : hi);
  const b = fix(stop, step > 0 ? hi : lo);
  const out: number[] = [];
  for (let i = a; step > 0 ? i < b : i > b; i += step) out.push(i);
  return out;
}

function refStridedSlice(
  x: HostTensor, begin: number[], end: number[], strides: number[], bm = 0, em = 0, elm = 0, nam = 0, sam = 0,
): CaseExpected {
  type Entry = { kind: 'ellipsis' | 'new' | 'shrink' | 'slice'; i: number };
  const has = (m: number, i: number) => (m >> i) & 1;
  const entries: Entry[] = begin.map((_, i) => ({
    kind: has(elm, i) ? 'ellipsis' : has(nam, i) ? 'new' : has(sam, i) ? 'shrink' : 'slice',
    i,
  }));
  if (!entries.some((e) => e.kind === 'ellipsis')) entries.push({ kind: 'ellipsis', i: -1 });
  const real = entries.filter((e) => e.kind === 'shrink' || e.kind === 'slice').length;
  const picks: number[][] = [];
  const shape: number[] = [];
  let d = 0;
  for (const e of entries) {
    if (e.kind === 'ellipsis') {
      for (let k = 0; k < x.shape.length - real; k++, d++) {
        picks.push(pyRange(null, null, 1, x.shape[d]!));
        shape.push(x.shape[d]!);
      }
    } else if (e.kind === 'new') {
      shape.push(1);
    } else if (e.kind === 'shrink') {
      const n = x.shape[d++]!;
      picks.push([begin[e.i]! < 0 ? begin[e.i]! + n : begin[e.i]!]);
    } else {
      const r = pyRange(has(bm, e.i) ? null : begin[e.i]!, has(em, e.i) ? null : end[e.i]!, strides[e.i]!, x.shape[d++]!);
      picks.push(r);
      shape.push(r.length);
    }
  }
  const values = coords(picks.map((p) => p.length)).map((loc) => at(x, loc.map((j, k) => picks[k]![j]!)));
  return { shape, values, dtype: x.dtype };
}

function refTopk(x: HostTensor, k: number): CaseExpected[] {
  const n = x.shape[x.shape.length - 1]!;
  const rows = n === 0 ? size(x.shape.slice(0, -1)) : x.values.length / n;
  const v: number[] = [];
  const ix: number[] = [];
  for (let r = 0; r < rows; r++) {
    const order = Array.from({ length: n }, (_, j) => j).sort((a, b) => x.values[r * n + b]! - x.values[r * n + a]! || a - b);
    for (let j = 0; j < k; j++) {
      v.push(x.values[r * n + order[j]!]!);
      ix.push(order[j]!);
    }
  }
  const shape = [...x.shape.slice(0, -1), k];
  return [{ shape, values: v, dtype: x.dtype }, { shape, values: ix, dtype: 'int32' }];
}

function refUnique(x: HostTensor, axis: number): CaseExpected[] {
  const ax = axis < 0 ? axis + x.shape.length : axis;
  const n = x.shape[ax]!;
  const sliceShape = x.shape.filter((_, i) => i !== ax);
  const sliceOf = (i: number) => coords(sliceShape).map((loc) => at(x, [...loc.slice(0, ax), i, ...loc.slice(ax)]));
  const uniq: number[][] = [];
  const indices: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = sliceOf(i);
    let u = uniq.findIndex((q) => q.every((v, j) => v === s[j] || (Number.isNaN(v) && Number.isNaN(s[j]!))));
    if (u < 0) {
      u = uniq.length;
      uniq.push(s);
    }
    indices.push(u);
  }
  const shape = [...x.shape];
  shape[ax] = uniq.length;
  const values = coords(shape).map((loc) => uniq[loc[ax]!]![coords(sliceShape).findIndex((l) => l.every((v, j) => v === [...loc.slice(0, ax), ...loc.slice(ax + 1)][j]))]!);
  return [{ shape, values, dtype: x.dtype }, { shape: [n], values: indices, dtype: 'int32' }];
}

function refMirrorPad(x: HostTensor, paddings: [number, number][], mode: 'reflect' | 'symmetric'): CaseExpected {
  const shape = x.shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
  const e = mode === 'reflect' ? 1 : 0;
  const values = coords(shape).map((loc) =>
    at(
      x,
      loc.map((p, i) => {
        const n = x.shape[i]!;
        let c = p - paddings[i]![0];
        if (c < 0) c = -c - 1 + e;
        else if (c >= n) c = 2 * n - 1 - c - e;
        return c;
      }),
    ),
  );
  return { shape, values, dtype: x.dtype };
}

// ----- cases -----------------------------------------------------------------------------------------------

const X23 = vals([2, 3], [1, 2, 3, 4, 5, 6]);
const gin = { inputs: [0] };

const gatherCases: OpCase[] = [
  {
    op: 'gather', name: '2d axis 1 (hand-checked)', inputs: [X23, i32([2], [2, 0])],
    run: (x, i) => gather(x, i!, 1),
    expected: { shape: [2, 2], values: [3, 1, 6, 4] },
  },
  {
    op: 'gather', name: '1d axis 0 with repeats', inputs: [f32([5], 1), i32([4], [4, 0, 2, 4])],
    run: (x, i) => gather(x, i!), reference: (x, i) => refGather(x!, i!, 0), grad: gin,
  },
  {
    op: 'gather', name: 'axis -1, 2d indices', inputs: [f32([2, 3, 4], 2), i32([2, 2], [3, 0, 1, 1])],
    run: (x, i) => gather(x, i!, -1), reference: (x, i) => refGather(x!, i!, -1), grad: gin,
  },
  {
    op: 'gather', name: 'axis 1 duplicates', inputs: [f32([3, 4, 2], 3), i32([5], [0, 3, 3, 1, 0])],
    run: (x, i) => gather(x, i!, 1), reference: (x, i) => refGather(x!, i!, 1), grad: gin,
  },
  {
    op: 'gather', name: 'scalar index drops the axis', inputs: [f32([4, 3], 4), i32([], [2])],
    run: (x, i) => gather(x, i!, 0), reference: (x, i) => refGather(x!, i!, 0), grad: gin,
  },
  {
    op: 'gather', name: 'batchDims 1 (hand-checked)', inputs: [X23, i32([2, 2], [2, 0, 1, 1])],
    run: (x, i) => gather(x, i!, 1, 1),
    expected: { shape: [2, 2], values: [3, 1, 5, 5] },
  },
  {
    op: 'gather', name: 'batchDims 1 axis 1, 3d', inputs: [f32([2, 3, 4], 5), i32([2, 2], [2, 0, 1, 1])],
    run: (x, i) => gather(x, i!, 1, 1), reference: (x, i) => refGather(x!, i!, 1, 1), grad: gin,
  },
  {
    op: 'gather', name: 'batchDims 1 axis 2 (outer dims between)', inputs: [f32([2, 3, 4], 6), i32([2, 3], [3, 0, 0, 1, 2, 1])],
    run: (x, i) => gather(x, i!, 2, 1), reference: (x, i) => refGather(x!, i!, 2, 1), grad: gin,
  },
  {
    op: 'gather', name: 'batchDims -1 (= indices rank - 1)', inputs: [f32([2, 2, 3], 7), i32([2, 2], [1, 0, 0, 0])],
    run: (x, i) => gather(x, i!, 1, -1), reference: (x, i) => refGather(x!, i!, 1, 1), grad: gin,
  },
  {
    op: 'gather', name: '0-size indices', inputs: [f32([3, 2], 8), i32([0], [])],
    run: (x, i) => gather(x, i!, 0), expected: { shape: [0, 2], values: [] },
  },
  {
    op: 'gather', name: '0-size x', inputs: [vals([0, 3], []), i32([2], [1, 2])],
    run: (x, i) => gather(x, i!, 1), expected: { shape: [0, 2], values: [] },
  },
  {
    op: 'gather', name: 'int32 x', inputs: [vals([4], [10, 20, 30, 40], 'int32'), i32([3], [3, 3, 1])],
    run: (x, i) => gather(x, i!), expected: { shape: [3], values: [40, 40, 20], dtype: 'int32' },
  },
  {
    op: 'gather', name: 'bool x', inputs: [vals([3], [1, 0, 1], 'bool'), i32([2], [1, 2])],
    run: (x, i) => gather(x, i!), expected: { shape: [2], values: [0, 1], dtype: 'bool' },
  },
  { op: 'gather', name: 'throws: index out of range', inputs: [X23, i32([2], [0, 3])], run: (x, i) => gather(x, i!, 1), throws: /gather.*indices.*3.*out of range/ },
  { op: 'gather', name: 'throws: negative index', inputs: [X23, i32([1], [-1])], run: (x, i) => gather(x, i!, 0), throws: /gather.*indices.*-1/ },
  { op: 'gather', name: 'throws: batched index out of range', inputs: [X23, i32([2, 1], [0, 3])], run: (x, i) => gather(x, i!, 1, 1), throws: /gather.*indices\[1,0\] = 3/ },
  { op: 'gather', name: 'throws: float indices', inputs: [X23, vals([1], [1])], run: (x, i) => gather(x, i!), throws: /gather: invalid value for argument `indices`. Expected an int32 tensor. Received: float32/ },
  { op: 'gather', name: 'throws: batchDims > axis', inputs: [X23, i32([2, 1], [0, 0])], run: (x, i) => gather(x, i!, 0, 1), throws: /gather.*batchDims.*axis/ },
  { op: 'gather', name: 'throws: batch dims differ', inputs: [X23, i32([3, 1], [0, 0, 0])], run: (x, i) => gather(x, i!, 1, 1), throws: /gather.*batch dims/ },
  { op: 'gather', name: 'throws: scalar x', inputs: [vals([], [1]), i32([1], [0])], run: (x, i) => gather(x, i!), throws: /gather.*`x`.*rank/ },
];

const gatherNDCases: OpCase[] = [
  {
    op: 'gatherND', name: 'elements (hand-checked)', inputs: [vals([2, 2], [1, 2, 3, 4]), i32([2, 2], [1, 0, 0, 1])],
    run: (x, i) => gatherND(x, i!), expected: { shape: [2], values: [3, 2] },
  },
  {
    op: 'gatherND', name: 'rows (hand-checked)', inputs: [X23, i32([1, 1], [1])],
    run: (x, i) => gatherND(x, i!), expected: { shape: [1, 3], values: [4, 5, 6] },
  },
  {
    op: 'gatherND', name: 'rank-1 indices give one slice', inputs: [vals([2, 2], [1, 2, 3, 4]), i32([2], [1, 0])],
    run: (x, i) => gatherND(x, i!), expected: { shape: [], values: [3] },
  },
  {
    op: 'gatherND', name: '3d x, batched coords with repeats', inputs: [f32([2, 3, 4], 11), i32([2, 2, 2], [1, 2, 0, 0, 1, 2, 0, 1])],
    run: (x, i) => gatherND(x, i!), reference: (x, i) => refGatherND(x!, i!), grad: gin,
  },
  {
    op: 'gatherND', name: 'full-depth coords', inputs: [f32([3, 2, 2], 12), i32([4, 3], [2, 1, 0, 0, 0, 1, 2, 1, 0, 1, 1, 1])],
    run: (x, i) => gatherND(x, i!), reference: (x, i) => refGatherND(x!, i!), grad: gin,
  },
  {
    op: 'gatherND', name: 'depth 0 copies x', inputs: [f32([2, 2], 13), i32([3, 0], [])],
    run: (x, i) => gatherND(x, i!), reference: (x, i) => refGatherND(x!, i!), grad: gin,
  },
  {
    op: 'gatherND', name: '0-size indices', inputs: [X23, i32([0, 2], [])],
    run: (x, i) => gatherND(x, i!), expected: { shape: [0], values: [] },
  },
  { op: 'gatherND', name: 'throws: coordinate out of bounds', inputs: [X23, i32([1, 2], [0, 3])], run: (x, i) => gatherND(x, i!), throws: /gatherND.*indices\[0\] = \[0,3\]/ },
  { op: 'gatherND', name: 'throws: float indices', inputs: [X23, vals([1, 2], [0, 1])], run: (x, i) => gatherND(x, i!), throws: /gatherND.*`indices`.*int32.*float32/ },
  { op: 'gatherND', name: 'throws: depth > rank', inputs: [X23, i32([1, 3], [0, 0, 0])], run: (x, i) => gatherND(x, i!), throws: /gatherND.*last dim of `indices`/ },
];

const scatterNDCases: OpCase[] = [
  {
    op: 'scatterND', name: 'tfjs example (hand-checked)', inputs: [i32([4, 1], [4, 3, 1, 7]), vals([4], [9, 10, 11, 12])],
    run: (i, u) => scatterND(i!, u!, [8]), expected: { shape: [8], values: [0, 11, 0, 10, 9, 0, 0, 12] },
  },
  {
    op: 'scatterND', name: 'duplicates sum (hand-checked)', inputs: [i32([3, 1], [1, 1, 0]), vals([3, 2], [1, 1, 2, 2, 3, 3])],
    run: (i, u) => scatterND(i!, u!, [3, 2]), expected: { shape: [3, 2], values: [3, 3, 3, 3, 0, 0] },
  },
  {
    op: 'scatterND', name: 'rank-1 indices are single coordinates', inputs: [i32([3], [2, 0, 2]), vals([3], [1, 2, 3])],
    run: (i, u) => scatterND(i!, u!, [4]), expected: { shape: [4], values: [2, 0, 4, 0] },
  },
  {
    op: 'scatterND', name: '2-coordinate rows into 3d', inputs: [i32([3, 2], [1, 2, 0, 0, 1, 2]), f32([3, 2], 21)],
    run: (i, u) => scatterND(i!, u!, [2, 3, 2]), reference: (i, u) => refScatterND(i!, u!, [2, 3, 2]), grad: { inputs: [1] },
  },
  {
    op: 'scatterND', name: 'batched indices [2,2,1]', inputs: [i32([2, 2, 1], [3, 0, 3, 1]), f32([2, 2, 3], 22)],
    run: (i, u) => scatterND(i!, u!, [4, 3]), reference: (i, u) => refScatterND(i!, u!, [4, 3]), grad: { inputs: [1] },
  },
  {
    op: 'scatterND', name: 'no updates', inputs: [i32([0, 1], []), vals([0, 2], [])],
    run: (i, u) => scatterND(i!, u!, [3, 2]), expected: { shape: [3, 2], values: [0, 0, 0, 0, 0, 0] },
  },
  { op: 'scatterND', name: 'throws: updates shape', inputs: [i32([2, 1], [0, 1]), vals([3], [1, 2, 3])], run: (i, u) => scatterND(i!, u!, [4]), throws: /scatterND.*`updates`.*\[2\]/ },
  { op: 'scatterND', name: 'throws: index out of range', inputs: [i32([2, 1], [0, 4]), vals([2], [1, 2])], run: (i, u) => scatterND(i!, u!, [4]), throws: /scatterND.*indices\[1\] = \[4\]/ },
  { op: 'scatterND', name: 'throws: float indices', inputs: [vals([2, 1], [0, 1]), vals([2], [1, 2])], run: (i, u) => scatterND(i!, u!, [4]), throws: /scatterND.*`indices`.*int32/ },
];

const segmentCases: OpCase[] = [
  {
    op: 'unsortedSegmentSum', name: 'tfjs example (hand-checked)', inputs: [vals([4], [1, 2, 3, 4]), i32([4], [0, 1, 0, 1])],
    run: (x, s) => unsortedSegmentSum(x, s!, 2), expected: { shape: [2], values: [4, 6] },
  },
  {
    op: 'unsortedSegmentSum', name: 'rows, an empty segment', inputs: [f32([4, 3], 31), i32([4], [0, 2, 0, 1])],
    run: (x, s) => unsortedSegmentSum(x, s!, 4), reference: (x, s) => refSegmentSum(x!, s!, 4), grad: gin,
  },
  {
    op: 'unsortedSegmentSum', name: 'out-of-range ids are dropped', inputs: [f32([4, 2], 32), i32([4], [0, -1, 3, 1])],
    run: (x, s) => unsortedSegmentSum(x, s!, 3), reference: (x, s) => refSegmentSum(x!, s!, 3), grad: gin,
  },
  {
    op: 'unsortedSegmentSum', name: '2d segment ids', inputs: [f32([2, 2, 3], 33), i32([2, 2], [3, 0, 0, 2])],
    run: (x, s) => unsortedSegmentSum(x, s!, 4), reference: (x, s) => refSegmentSum(x!, s!, 4), grad: gin,
  },
  {
    op: 'unsortedSegmentSum', name: 'int32 x', inputs: [vals([3], [5, 6, 7], 'int32'), i32([3], [1, 1, 0])],
    run: (x, s) => unsortedSegmentSum(x, s!, 2), expected: { shape: [2], values: [7, 11], dtype: 'int32' },
  },
  { op: 'unsortedSegmentSum', name: 'throws: ids not a prefix', inputs: [X23, i32([3], [0, 1, 0])], run: (x, s) => unsortedSegmentSum(x, s!, 2), throws: /unsortedSegmentSum.*`segmentIds`.*prefix/ },
  { op: 'unsortedSegmentSum', name: 'throws: float ids', inputs: [X23, vals([2], [0, 1])], run: (x, s) => unsortedSegmentSum(x, s!, 2), throws: /unsortedSegmentSum.*`segmentIds`.*int32/ },
  { op: 'unsortedSegmentSum', name: 'throws: negative numSegments', inputs: [X23, i32([2], [0, 1])], run: (x, s) => unsortedSegmentSum(x, s!, -1), throws: /unsortedSegmentSum.*`numSegments`/ },
];

const T332 = vals([3, 2, 3], [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6]);
type SSArgs = [number[], number[], number[], number?, number?, number?, number?, number?];
const ss = (name: string, input: CaseInput, a: SSArgs, extra: Partial<OpCase> = {}): OpCase => ({
  op: 'stridedSlice',
  name,
  inputs: [input],
  run: (x) => stridedSlice(x, ...a),
  reference: (x) => refStridedSlice(x!, ...a),
  grad: true,
  ...extra,
});

const stridedSliceCases: OpCase[] = [
  ss('tfjs example 1 (hand-checked)', T332, [[1, 0, 0], [2, 1, 3], [1, 1, 1]], { expected: { shape: [1, 1, 3], values: [3, 3, 3] }, reference: undefined, grad: false }),
  ss('tfjs example 2 (hand-checked)', T332, [[1, 0, 0], [2, 2, 3], [1, 1, 1]], { expected: { shape: [1, 2, 3], values: [3, 3, 3, 4, 4, 4] }, reference: undefined, grad: false }),
  ss('tfjs example 3, negative stride (hand-checked)', T332, [[1, -1, 0], [2, -3, 3], [1, -1, 1]], { expected: { shape: [1, 2, 3], values: [4, 4, 4, 3, 3, 3] }, reference: undefined, grad: false }),
  ss('reverse with begin/end masks', f32([5], 41), [[0], [0], [-1], 1, 1]),
  ss('stride 2', f32([7], 42), [[1], [6], [2]]),
  ss('stride -3 from -1', f32([7], 43), [[-1], [0], [-3]]),
  ss('beginMask on dim 0', f32([4, 5], 44), [[2, 1], [3, 4], [1, 1], 1]),
  ss('endMask on dim 1', f32([4, 5], 45), [[1, 2], [3, 0], [1, 1], 0, 2]),
  ss('ellipsis first: x[..., 1:3]', f32([2, 3, 4], 46), [[0, 1], [0, 3], [1, 1], 0, 0, 1]),
  ss('ellipsis in the middle: x[1:2, ..., 0:1]', f32([2, 3, 4, 2], 47), [[1, 0, 0], [2, 0, 1], [1, 1, 1], 0, 0, 2]),
  ss('newAxis first: x[None, 0:2, 1:3]', f32([2, 3], 48), [[0, 0, 1], [1, 2, 3], [1, 1, 1], 0, 0, 0, 1]),
  ss('newAxis after ellipsis: x[..., None]', f32([2, 3], 49), [[0, 0], [0, 0], [1, 1], 0, 0, 1, 2]),
  ss('shrink: x[1, :]', f32([3, 4], 50), [[1, 0], [2, 4], [1, 1], 0, 2, 0, 0, 1]),
  ss('shrink with negative index: x[:, -1]', f32([3, 4], 51), [[0, -1], [0, 0], [1, 1], 1, 1, 0, 0, 2]),
  ss('shrink with strided other dim: x[1, ::2]', f32([3, 4], 52), [[1, 0], [2, 4], [1, 2], 0, 0, 0, 0, 1]),
  ss('every mask: x[1, None, 2::-1, ...]', f32([2, 3, 4], 53), [[1, 0, 2, 0], [2, 0, 0, 0], [1, 1, -1, 1], 0, 4, 8, 2, 1]),
  ss('begin/end clamp', f32([4], 54), [[-10], [10], [1]]),
  ss('empty forward range', f32([4], 55), [[3], [1], [1]]),
  ss('empty backward range', f32([4], 56), [[1], [3], [-1]]),
  ss('non-multiple span with stride 3', f32([3, 8], 57), [[0, 1], [3, 8], [2, 3]]),
  ss('scalar x with a new axis', vals([], [7]), [[0], [1], [1], 0, 0, 0, 1], { expected: { shape: [1], values: [7] }, reference: undefined, grad: false }),
  ss('int32 x', vals([5], [1, 2, 3, 4, 5], 'int32'), [[4], [0], [-2]], { expected: { shape: [2], values: [5, 3], dtype: 'int32' }, reference: undefined, grad: false }),
  ss('throws: zero stride', X23, [[0, 0], [1, 1], [1, 0]], { throws: /stridedSlice.*stride/, reference: undefined, grad: false }),
  ss('throws: two ellipses', X23, [[0, 0], [1, 1], [1, 1], 0, 0, 3], { throws: /stridedSlice.*ellipsisMask/, reference: undefined, grad: false }),
  ss('throws: shrink index out of bounds', X23, [[2, 0], [3, 1], [1, 1], 0, 0, 0, 0, 1], { throws: /stridedSlice.*slice index 2 of dim 0/, reference: undefined, grad: false }),
  ss('throws: shrink with negative stride', X23, [[1, 0], [0, 1], [-1, 1], 0, 0, 0, 0, 1], { throws: /stridedSlice.*positive stride/, reference: undefined, grad: false }),
  ss('throws: more dims than x', X23, [[0, 0, 0], [1, 1, 1], [1, 1, 1]], { throws: /stridedSlice.*more dims than x/, reference: undefined, grad: false }),
  ss('throws: end length', X23, [[0, 0], [1], [1, 1]], { throws: /stridedSlice.*`end`.*length 2/, reference: undefined, grad: false }),
];

const topkCases: OpCase[] = [
  {
    op: 'topk', name: 'ties by lower index (hand-checked)', inputs: [vals([2, 3], [1, 5, 3, 9, 2, 9])],
    run: (x) => { const r = topk(x, 2); return [r.values, r.indices]; },
    expected: [{ shape: [2, 2], values: [5, 3, 9, 9] }, { shape: [2, 2], values: [1, 2, 0, 2], dtype: 'int32' }],
  },
  {
    op: 'topk', name: '3d k 3', inputs: [f32([3, 4, 5], 61)],
    run: (x) => { const r = topk(x, 3); return [r.values, r.indices]; }, reference: (x) => refTopk(x!, 3), grad: gin,
  },
  {
    op: 'topk', name: '1d default k', inputs: [f32([6], 62)],
    run: (x) => { const r = topk(x); return [r.values, r.indices]; }, reference: (x) => refTopk(x!, 1), grad: gin,
  },
  {
    op: 'topk', name: 'sorted=false still sorts (the order is unspecified), k = n', inputs: [f32([2, 5], 63)],
    run: (x) => { const r = topk(x, 5, false); return [r.values, r.indices]; }, reference: (x) => refTopk(x!, 5), grad: gin,
  },
  {
    op: 'topk', name: 'k 0', inputs: [f32([2, 3], 64)],
    run: (x) => { const r = topk(x, 0); return [r.values, r.indices]; }, reference: (x) => refTopk(x!, 0),
  },
  {
    op: 'topk', name: '0-size rows', inputs: [vals([0, 3], [])],
    run: (x) => { const r = topk(x, 2); return [r.values, r.indices]; }, expected: [{ shape: [0, 2], values: [] }, { shape: [0, 2], values: [], dtype: 'int32' }],
  },
  {
    op: 'topk', name: 'int32 x', inputs: [vals([4], [3, -1, 7, 3], 'int32')],
    run: (x) => { const r = topk(x, 3); return [r.values, r.indices]; },
    expected: [{ shape: [3], values: [7, 3, 3], dtype: 'int32' }, { shape: [3], values: [2, 0, 3], dtype: 'int32' }],
  },
  { op: 'topk', name: 'throws: k > n', inputs: [X23], run: (x) => topk(x, 4).values, throws: /topk.*`k`.*\[0, 3\].*k=4/ },
  { op: 'topk', name: 'throws: k < 0', inputs: [X23], run: (x) => topk(x, -1).values, throws: /topk.*`k`.*k=-1/ },
  { op: 'topk', name: 'throws: scalar x', inputs: [vals([], [1])], run: (x) => topk(x).values, throws: /topk.*`x`.*rank/ },
];

const uniqueRun = (axis?: number) => (x: Tensor) => {
  const r = unique(x, axis);
  return [r.values, r.indices];
};

const uniqueCases: OpCase[] = [
  {
    op: 'unique', name: 'tfjs example (hand-checked)', inputs: [vals([9], [1, 1, 2, 4, 4, 4, 7, 8, 8])], run: uniqueRun(),
    expected: [{ shape: [5], values: [1, 2, 4, 7, 8] }, { shape: [9], values: [0, 0, 1, 2, 2, 2, 3, 4, 4], dtype: 'int32' }],
  },
  {
    op: 'unique', name: 'rows, axis 0 (hand-checked)', inputs: [vals([3, 3], [1, 0, 0, 1, 0, 0, 2, 0, 0])], run: uniqueRun(0),
    expected: [{ shape: [2, 3], values: [1, 0, 0, 2, 0, 0] }, { shape: [3], values: [0, 0, 1], dtype: 'int32' }],
  },
  {
    op: 'unique', name: 'columns, axis 1 (hand-checked)', inputs: [vals([3, 3], [1, 0, 0, 1, 0, 0, 2, 0, 0])], run: uniqueRun(1),
    expected: [{ shape: [3, 2], values: [1, 0, 1, 0, 2, 0] }, { shape: [3], values: [0, 1, 1], dtype: 'int32' }],
  },
  {
    op: 'unique', name: '3d axis -1', inputs: [vals([2, 2, 4], [1, 2, 1, 3, 0, 5, 0, 5, 1, 2, 1, 3, 4, 4, 4, 4])], run: uniqueRun(-1),
    reference: (x) => refUnique(x!, -1),
  },
  {
    op: 'unique', name: 'int32', inputs: [vals([5], [3, -2, 3, 3, 0], 'int32')], run: uniqueRun(),
    expected: [{ shape: [3], values: [3, -2, 0], dtype: 'int32' }, { shape: [5], values: [0, 1, 0, 0, 2], dtype: 'int32' }],
  },
  {
    op: 'unique', name: 'bool', inputs: [vals([4], [1, 1, 0, 1], 'bool')], run: uniqueRun(),
    expected: [{ shape: [2], values: [1, 0], dtype: 'bool' }, { shape: [4], values: [0, 0, 1, 0], dtype: 'int32' }],
  },
  {
    op: 'unique', name: 'empty', inputs: [vals([0], [])], run: uniqueRun(),
    expected: [{ shape: [0], values: [] }, { shape: [0], values: [], dtype: 'int32' }],
  },
  { op: 'unique', name: 'throws: scalar x', inputs: [vals([], [1])], run: uniqueRun(), throws: /unique.*`x`.*rank/ },
];

const mp = (name: string, input: CaseInput, paddings: [number, number][], mode: 'reflect' | 'symmetric', extra: Partial<OpCase> = {}): OpCase => ({
  op: 'mirrorPad',
  name,
  inputs: [input],
  run: (x) => mirrorPad(x, paddings, mode),
  reference: (x) => refMirrorPad(x!, paddings, mode),
  grad: true,
  ...extra,
});

const mirrorPadCases: OpCase[] = [
  mp('reflect (hand-checked)', vals([3], [1, 2, 3]), [[2, 2]], 'reflect', { expected: { shape: [7], values: [3, 2, 1, 2, 3, 2, 1] }, reference: undefined, grad: false }),
  mp('symmetric (hand-checked)', vals([3], [1, 2, 3]), [[2, 3]], 'symmetric', { expected: { shape: [8], values: [2, 1, 1, 2, 3, 3, 2, 1] }, reference: undefined, grad: false }),
  mp('reflect 2d', f32([2, 3], 71), [[1, 1], [2, 2]], 'reflect'),
  mp('symmetric 3d, uneven', f32([2, 3, 4], 72), [[0, 2], [3, 0], [1, 4]], 'symmetric'),
  mp('reflect 3d, one axis', f32([2, 4, 3], 73), [[0, 0], [3, 1], [0, 0]], 'reflect'),
  mp('no padding', f32([2, 2], 74), [[0, 0], [0, 0]], 'reflect'),
  mp('throws: reflect padding >= size', X23, [[2, 0], [0, 0]], 'reflect', { throws: /mirrorPad.*`paddings`.*\[0, 1\]/, reference: undefined, grad: false }),
  mp('throws: bad mode', X23, [[0, 0], [0, 0]], 'wrap' as 'reflect', { throws: /mirrorPad.*`mode`/, reference: undefined, grad: false }),
];

export const indexingCases: OpCase[] = [
  ...gatherCases,
  ...gatherNDCases,
  ...scatterNDCases,
  ...segmentCases,
  ...stridedSliceCases,
  ...topkCases,
  ...uniqueCases,
  ...mirrorPadCases,
];
