import type { DType, OpCall, Tensor } from '@tessera/core';
import { addOpHook, isVariable, tidy, zeros } from '@tessera/core';
import { valueAndGrads } from './api.js';

/** A placeholder: its shape (null or -1 for a dim fed at run time) and dtype. */
export interface PlaceholderSpec {
  shape: (number | null)[];
  dtype?: DType;
}

export interface GraphNode {
  id: number;
  kind: 'placeholder' | 'variable' | 'constant' | 'op';
  /** Op name, placeholder name, variable name or 'const'. */
  label: string;
  inputs: number[];
  shape: number[];
  dtype: DType;
  attrs?: Readonly<Record<string, unknown>>;
}

type Feeds = Record<string, Tensor>;
type Outputs = Record<string, Tensor>;

/** Records the top-level ops `fn` runs (ops inside other ops are not shown), keyed by tensor identity. */
function record(fn: () => Outputs): { nodes: GraphNode[]; outputs: Outputs; producer: Map<number, number>; opSequence: string[] } {
  const nodes: GraphNode[] = [];
  const producer = new Map<number, number>();
  const opSequence: string[] = [];
  let depth = 0;
  const nodeFor = (t: Tensor): number => {
    const known = producer.get(t.id);
    if (known !== undefined) return known;
    const id = nodes.length;
    nodes.push({
      id,
      kind: isVariable(t) ? 'variable' : 'constant',
      label: isVariable(t) ? t.name : 'const',
      inputs: [],
      shape: [...t.shape],
      dtype: t.dtype,
    });
    producer.set(t.id, id);
    return id;
  };
  const hook = (call: OpCall, run: () => Tensor[]): Tensor[] => {
    if (depth > 0) return run();
    depth++;
    let outs: Tensor[];
    try {
      outs = run();
    } finally {
      depth--;
    }
    const inputs = call.inputs.map(nodeFor);
    opSequence.push(call.name);
    for (const o of outs) {
      const id = nodes.length;
      nodes.push({ id, kind: 'op', label: call.name, inputs, shape: [...o.shape], dtype: o.dtype, attrs: call.attrs });
      producer.set(o.id, id);
    }
    return outs;
  };
  const remove = addOpHook(hook);
  try {
    return { nodes, producer, opSequence, outputs: fn() };
  } finally {
    remove();
  }
}

/**
 * A function traced over placeholders: the course's computational graph. It prints, exports Graphviz DOT, runs
 * with feeds (re-executing the function eagerly, and checking that the same ops ran as when traced), and
 * differentiates outputs with respect to placeholders or variables.
 */
export class Graph {
  constructor(
    private readonly fn: (feeds: Feeds) => Outputs,
    readonly placeholders: Readonly<Record<string, PlaceholderSpec>>,
    readonly nodes: readonly GraphNode[],
    readonly outputNodes: Readonly<Record<string, number>>,
    private readonly opSequence: readonly string[],
  ) {}

  private checkFeeds(feeds: Feeds): void {
    for (const [name, spec] of Object.entries(this.placeholders)) {
      const t = feeds[name];
      if (!t) throw new Error(`Graph.run: missing feed for placeholder '${name}'. Expected a tensor of shape [${spec.shape.map((d) => d ?? '?').join(',')}].`);
      const okShape = t.rank === spec.shape.length && spec.shape.every((d, i) => d === null || d === -1 || d === t.shape[i]);
      if (!okShape) {
        throw new Error(`Graph.run: feed '${name}' has shape [${t.shape.join(',')}]; the placeholder expects [${spec.shape.map((d) => d ?? '?').join(',')}].`);
      }
      const dt = spec.dtype ?? 'float32';
      if (t.dtype !== dt) throw new TypeError(`Graph.run: feed '${name}' is ${t.dtype}; the placeholder expects ${dt}.`);
    }
    for (const name of Object.keys(feeds)) {
      if (!(name in this.placeholders)) throw new Error(`Graph.run: '${name}' is not a placeholder of this graph. Placeholders: ${Object.keys(this.placeholders).join(', ')}.`);
    }
  }

  /** Runs the graph on `feeds`; returns every output by name. Intermediates are disposed. */
  run(feeds: Feeds): Outputs {
    this.checkFeeds(feeds);
    const seen: string[] = [];
    let depth = 0;
    const remove = addOpHook((call, run) => {
      if (depth === 0) seen.push(call.name);
      depth++;
      try {
        return run();
      } finally {
        depth--;
      }
    });
    let out: Outputs;
    try {
      out = tidy(() => this.fn(feeds));
    } finally {
      remove();
    }
    if (seen.length !== this.opSequence.length || seen.some((n, i) => n !== this.opSequence[i])) {
      Object.values(out).forEach((t) => t.dispose());
      throw new Error(
        `Graph.run: the function ran different ops than when it was traced (${seen.length} vs ${this.opSequence.length}). A traced function must not branch on data.`,
      );
    }
    return out;
  }

  /**
   * Value of `output` and its gradients with respect to placeholders (by name) and variables. A non-scalar output
   * is summed first.
   */
  gradients(feeds: Feeds, output: string, wrt: (string | Tensor)[]): { value: Tensor; grads: Tensor[] } {
    this.checkFeeds(feeds);
    if (!(output in this.outputNodes)) throw new Error(`Graph.gradients: no output named '${output}'. Outputs: ${Object.keys(this.outputNodes).join(', ')}.`);
    const wrtTensors = wrt.map((w) => {
      if (typeof w !== 'string') return w;
      const t = feeds[w];
      if (!t) throw new Error(`Graph.gradients: '${w}' is not a fed placeholder.`);
      return t;
    });
    const names = wrt.map((w) => (typeof w === 'string' ? w : null));
    return valueAndGrads((...xs: Tensor[]) => {
      const f2: Feeds = { ...feeds };
      xs.forEach((x, i) => {
        if (names[i]) f2[names[i]!] = x;
      });
      const y = this.fn(f2)[output]!;
      return y.rank === 0 ? y : y.sum();
    })(wrtTensors);
  }

  toString(): string {
    const lines = [`Graph (${this.nodes.length} nodes)`];
    const name = (id: number) => `%${id}`;
    for (const n of this.nodes) {
      const sig = `${n.dtype}[${n.shape.join(',')}]`;
      if (n.kind === 'op') lines.push(`  ${name(n.id)} = ${n.label}(${n.inputs.map(name).join(', ')}) : ${sig}`);
      else lines.push(`  ${name(n.id)} = ${n.kind} ${n.label} : ${sig}`);
    }
    for (const [k, id] of Object.entries(this.outputNodes)) lines.push(`  output ${k} = ${name(id)}`);
    return lines.join('\n');
  }

  /** Graphviz DOT: placeholders as boxes, variables as ellipses, ops as rounded boxes, outputs double-circled. */
  toDot(): string {
    const esc = (s: string) => s.replace(/"/g, '\\"');
    const lines = ['digraph G {', '  rankdir=LR;'];
    for (const n of this.nodes) {
      const shape = n.kind === 'placeholder' ? 'box' : n.kind === 'variable' ? 'ellipse' : n.kind === 'constant' ? 'plaintext' : 'box, style=rounded';
      lines.push(`  n${n.id} [label="${esc(n.label)}\\n[${n.shape.join(',')}]", shape=${shape}];`);
      for (const i of n.inputs) lines.push(`  n${i} -> n${n.id};`);
    }
    for (const [k, id] of Object.entries(this.outputNodes)) {
      lines.push(`  out_${esc(k)} [label="${esc(k)}", shape=doublecircle];`, `  n${id} -> out_${esc(k)};`);
    }
    lines.push('}');
    return lines.join('\n');
  }
}

/**
 * Traces `fn` over placeholders (zeros of each spec's shape, unknown dims taken as 1) into a Graph. `fn` returns
 * its outputs by name; it may read variables and create constants.
 */
export function trace(fn: (feeds: Feeds) => Outputs, placeholders: Record<string, PlaceholderSpec>): Graph {
  if (typeof fn !== 'function') throw new TypeError('trace: invalid value for argument `fn`. Expected a function of the feeds.');
  for (const [name, spec] of Object.entries(placeholders)) {
    if (!spec || !Array.isArray(spec.shape) || spec.shape.some((d) => d !== null && d !== -1 && !(Number.isInteger(d) && d >= 0))) {
      throw new TypeError(`trace: placeholder '${name}' needs a shape of non-negative integers (null or -1 for a dim fed later). Received: ${JSON.stringify(spec)}`);
    }
  }
  const feeds: Feeds = {};
  for (const [name, spec] of Object.entries(placeholders)) {
    feeds[name] = zeros(spec.shape.map((d) => (d === null || d === -1 ? 1 : d)), spec.dtype ?? 'float32');
  }
  let recorded: ReturnType<typeof record>;
  try {
    recorded = tidy(() => {
      const r = record(() => {
        const o = fn(feeds);
        if (!o || typeof o !== 'object' || Object.values(o).some((t) => !(t && (t as { isTesseraTensor?: boolean }).isTesseraTensor))) {
          throw new TypeError('trace: fn must return an object of named tensors, e.g. { y }.');
        }
        return o;
      });
      return r as never;
    });
  } finally {
    Object.values(feeds).forEach((t) => t.dispose());
  }
  const { nodes, producer, outputs, opSequence } = recorded;
  // Placeholders are the feed tensors: relabel the nodes created for them.
  const phNodes: GraphNode[] = [];
  for (const [name, t] of Object.entries(feeds)) {
    const id = producer.get(t.id);
    if (id !== undefined) Object.assign(nodes[id]!, { kind: 'placeholder', label: name });
    else phNodes.push({ id: -1, kind: 'placeholder', label: name, inputs: [], shape: [...t.shape], dtype: t.dtype });
  }
  for (const p of phNodes) {
    p.id = nodes.length;
    nodes.push(p);
  }
  const outputNodes: Record<string, number> = {};
  for (const [k, t] of Object.entries(outputs)) outputNodes[k] = producer.get(t.id) ?? -1;
  Object.values(outputs).forEach((t) => t.dispose());
  return new Graph(fn, placeholders, nodes, outputNodes, opSequence);
}
