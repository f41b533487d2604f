import type { Layer, LayerShape } from '@tessera/layers';
import type { Model } from './model.js';

function fmtShape(s: LayerShape | LayerShape[] | null): string {
  if (!s) return '?';
  if (Array.isArray(s[0])) return (s as LayerShape[]).map((x) => fmtShape(x)).join(', ');
  const parts = (s as LayerShape).map((d) => (d === null ? 'None' : String(d)));
  return `(${parts.join(', ')}${parts.length === 1 ? ',' : ''})`;
}

function outputShapeOf(model: Model, layer: Layer): LayerShape | LayerShape[] | null {
  const node = layer.inboundNodes.find((n) => n.outputs.some((o) => model.outputs.includes(o)) || true);
  if (!node) return null;
  return node.outputs.length === 1 ? node.outputs[0]!.shape : node.outputs.map((o) => o.shape);
}

function fmtCount(n: number): string {
  return n.toLocaleString('en-US');
}

function fmtBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(2)} ${units[u]}`;
}

/** Keras's summary table (the classic ASCII layout tfjs also prints); no data is needed. */
export function summary(model: Model, lineLength = 65, positions?: number[], printFn: (line: string) => void = console.log): void {
  const functional = model.isFunctional && model.className !== 'Sequential';
  const multiInput = functional && model.layers.some((l) => l.inboundNodes.some((n) => n.inputs.length > 1));
  // Widen the table rather than truncate a layer's name and type (Keras truncates; names are worth reading).
  const longest = Math.max(0, ...model.layers.map((l) => l.name.length + l.className.length + 4));
  const width = Math.max(multiInput ? Math.max(lineLength, 98) : lineLength, Math.ceil(longest / (multiInput ? 0.33 : 0.45)));
  const pos = positions ?? (multiInput ? [0.33, 0.55, 0.67, 1] : [0.45, 0.85, 1]).map((p) => Math.floor(width * p));
  const headers = multiInput ? ['Layer (type)', 'Output Shape', 'Param #', 'Connected to'] : ['Layer (type)', 'Output Shape', 'Param #'];
  const row = (cells: string[]) => {
    let line = '';
    cells.forEach((c, i) => {
      line += c;
      line = line.slice(0, pos[i]! - 1).padEnd(pos[i]!);
    });
    return ' ' + line.trimEnd();
  };
  printFn(`Model: "${model.name}"`);
  printFn('_'.repeat(width));
  printFn(row(headers));
  printFn('='.repeat(width));
  const layers = model.layers;
  layers.forEach((l, i) => {
    const params = l.built ? fmtCount(l.countParams()) : '0 (unbuilt)';
    const cells = [`${l.name} (${l.className})`, model.isFunctional ? fmtShape(outputShapeOf(model, l)) : '?', params];
    if (multiInput) {
      const node = l.inboundNodes[0];
      cells.push(node ? node.inputs.map((s) => s.node?.layer.name ?? s.name).join(', ') : '');
    }
    printFn(row(cells));
    printFn(i === layers.length - 1 ? '='.repeat(width) : '_'.repeat(width));
  });
  if (layers.length === 0) printFn('='.repeat(width));
  const all = model.weights;
  const trainable = new Set(model.trainableWeights);
  const count = (vs: typeof all) => vs.reduce((n, v) => n + v.size, 0);
  const bytes = (vs: typeof all) => vs.reduce((n, v) => n + v.size * (v.dtype === 'float64' ? 8 : v.dtype === 'bool' ? 1 : 4), 0);
  const tr = all.filter((v) => trainable.has(v));
  const nt = all.filter((v) => !trainable.has(v));
  printFn(`Total params: ${fmtCount(count(all))} (${fmtBytes(bytes(all))})`);
  printFn(`Trainable params: ${fmtCount(count(tr))} (${fmtBytes(bytes(tr))})`);
  printFn(`Non-trainable params: ${fmtCount(count(nt))} (${fmtBytes(bytes(nt))})`);
  printFn('_'.repeat(width));
}
