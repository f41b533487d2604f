import { Callback } from './callback.js';
import type { Logs } from './callback.js';

export interface ProgressOutput {
  write(s: string): void;
  isTTY?: boolean;
}

function fmtNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e4) ? v.toExponential(4) : v.toFixed(4);
}

function fmtTime(seconds: number): string {
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
  if (seconds >= 60) return `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
  return `${Math.round(seconds)}s`;
}

function fmtPerStep(seconds: number): string {
  return seconds >= 1 ? `${seconds.toFixed(0)}s/step` : seconds >= 1e-3 ? `${Math.round(seconds * 1e3)}ms/step` : `${Math.round(seconds * 1e6)}us/step`;
}

export function formatLogs(logs: Logs): string {
  return Object.keys(logs)
    .sort((a, b) => Number(a.startsWith('val_')) - Number(b.startsWith('val_')) || a.localeCompare(b))
    .map((k) => `${k}: ${fmtNumber(logs[k]!)}`)
    .join(' - ');
}

/**
 * Keras's progress output: `Epoch 1/10`, then `469/469 [==============================] - 3s 6ms/step - accuracy:
 * 0.9300 - loss: 0.2400`. A live bar (redrawn with \r, at most every 50 ms) on a terminal; one line per epoch
 * otherwise (verbose 1), or one line per epoch without a bar (verbose 2).
 */
export class ProgbarLogger extends Callback {
  private start = 0;
  private lastDraw = 0;
  private steps = 0;
  private readonly out: ProgressOutput;

  constructor(
    readonly verbose = 1,
    out?: ProgressOutput,
  ) {
    super();
    this.out = out ?? defaultOutput();
  }

  private get live(): boolean {
    return this.verbose === 1 && this.out.isTTY === true;
  }

  override onEpochBegin(epoch: number): void {
    this.out.write(`Epoch ${epoch + 1}/${this.params.epochs ?? '?'}\n`);
    this.start = performance.now();
    this.lastDraw = 0;
    this.steps = this.params.steps ?? 0;
  }

  bar(step: number): string {
    const width = 30;
    const total = this.steps || step;
    const done = Math.min(width, Math.floor((width * step) / Math.max(total, 1)));
    const head = step < total ? '>' : '=';
    const filled = done >= width ? '='.repeat(width) : '='.repeat(Math.max(0, done - 1)) + (done > 0 ? head : '') + '.'.repeat(width - done);
    return `${String(step).padStart(String(total).length)}/${total} [${filled}]`;
  }

  override async onTrainBatchEnd(batch: number, readLogs: () => Promise<Logs>): Promise<void> {
    if (!this.live) return;
    const now = performance.now();
    const isLast = batch + 1 === this.steps;
    if (!isLast && now - this.lastDraw < 50) return;
    this.lastDraw = now;
    const logs = await readLogs();
    const elapsed = (now - this.start) / 1000;
    const eta = ((this.steps - batch - 1) * elapsed) / (batch + 1);
    const tail = formatLogs(logs);
    this.out.write(`\r${this.bar(batch + 1)} - ETA: ${fmtTime(eta)}${tail ? ` - ${tail}` : ''}\x1b[K`);
  }

  override onEpochEnd(_epoch: number, logs: Logs = {}): void {
    if (this.verbose === 0) return;
    const elapsed = (performance.now() - this.start) / 1000;
    const per = elapsed / Math.max(this.steps, 1);
    const tail = formatLogs(logs);
    const line = `${this.verbose === 1 ? `${this.bar(this.steps)} - ` : ''}${fmtTime(elapsed)} ${fmtPerStep(per)}${tail ? ` - ${tail}` : ''}`;
    this.out.write(`${this.live ? '\r' : ''}${line}${this.live ? '\x1b[K' : ''}\n`);
  }
}

function defaultOutput(): ProgressOutput {
  const p = (globalThis as { process?: { stdout?: { write(s: string): void; isTTY?: boolean } } }).process;
  if (p?.stdout) return p.stdout;
  let buffer = '';
  return {
    write(s: string) {
      buffer += s;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const l of lines) console.log(l);
    },
    isTTY: false,
  };
}
