import { parseArgs } from 'node:util';
import { BACKEND_IDS } from './backends.js';
import type { BackendId } from './backends.js';
import type { RepPolicy } from './harness.js';
import { writeReport } from './report.js';
import { runBench } from './run.js';
import { WORKLOADS } from './workloads/index.js';
import type { Size } from './workloads/index.js';

const USAGE = `Tessera vs TensorFlow.js 4.22 on matching backends.

Usage: pnpm bench [options]          (from the repository root or apps/bench)

Options:
  --quick                 small subset, few repetitions: a few minutes (default backends: cpu)
  --tiny                  smoke sizes (seconds); the numbers mean nothing
  --workloads <list>      workload numbers, e.g. 1,2,8 (default: all)
  --backends <list>       ${BACKEND_IDS.join(', ')} or all (default: all for a full run, cpu for --quick)
  --out <dir>             where the JSON and Markdown go (default: bench-results)
  --min-rounds <n>        override the minimum number of measured A/B rounds
  --budget <seconds>      override the time after which a case stops adding rounds
  --help                  this text

Workloads:
${WORKLOADS.map((w) => `  ${String(w.id).padStart(2)}. ${w.name}`).join('\n')}
`;

function list(value: string | undefined, what: string, allowed: readonly string[]): string[] | undefined {
  if (value === undefined) return undefined;
  if (value === 'all') return [...allowed];
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = items.filter((s) => !allowed.includes(s));
  if (bad.length || items.length === 0) {
    throw new Error(`bench: invalid value for --${what}. Expected a comma-separated list of ${allowed.join(', ')}. Received: ${value}`);
  }
  return items;
}

function positive(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n >= 0) || !Number.isFinite(n)) throw new Error(`bench: invalid value for --${what}. Expected a non-negative number. Received: ${value}`);
  return n;
}

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean' },
      tiny: { type: 'boolean' },
      workloads: { type: 'string' },
      backends: { type: 'string' },
      out: { type: 'string' },
      'min-rounds': { type: 'string' },
      budget: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const size: Size = values.tiny ? 'tiny' : values.quick ? 'quick' : 'full';
  const workloads = (list(values.workloads, 'workloads', WORKLOADS.map((w) => String(w.id))) ?? WORKLOADS.map((w) => String(w.id))).map(Number);
  const backends = (list(values.backends, 'backends', BACKEND_IDS) ?? (size === 'full' ? [...BACKEND_IDS] : ['cpu'])) as BackendId[];
  const policy: Partial<RepPolicy> = {};
  const minRounds = positive(values['min-rounds'], 'min-rounds');
  if (minRounds !== undefined) {
    policy.minRounds = Math.max(1, Math.round(minRounds));
    policy.maxRounds = Math.max(policy.minRounds, 40);
  }
  const budget = positive(values.budget, 'budget');
  if (budget !== undefined) policy.budgetMs = budget * 1000;
  const report = await runBench({
    size,
    workloads,
    backends,
    policy,
    command: `pnpm bench ${argv.join(' ')}`.trim(),
    log: (line) => console.log(line),
  });
  const files = await writeReport(report, values.out ?? 'bench-results');
  console.log(`\nwrote ${files.json}\n      ${files.md}`);
  for (const g of report.goals) {
    console.log(`goal [${g.issue}] ${g.text}: ${g.ratio !== undefined ? `${g.ratio.toFixed(2)}×` : 'n/a'} → ${g.status}${g.why ? ` (${g.why})` : ''}`);
  }
}

try {
  await main(process.argv.slice(2));
  // Worker threads (Tessera wasm, Dawn) would keep the process alive.
  process.exit(0);
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
