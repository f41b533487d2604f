import { Callback } from './callback.js';
import type { Logs } from './callback.js';

/** Stops training as soon as the loss is NaN or infinite. */
export class TerminateOnNaN extends Callback {
  override async onTrainBatchEnd(batch: number, readLogs: () => Promise<Logs>): Promise<void> {
    const loss = (await readLogs()).loss;
    if (loss !== undefined && !Number.isFinite(loss)) {
      console.log(`Batch ${batch}: Invalid loss, terminating training`);
      this.model!.stopTraining = true;
    }
  }
}

/** Streams epoch results to a CSV file (Node), one row per epoch, as Keras's CSVLogger. */
export class CSVLogger extends Callback {
  private keys: string[] | null = null;
  private lines: string[] = [];
  constructor(
    readonly filename: string,
    readonly separator = ',',
    readonly append = false,
  ) {
    super();
    if (typeof filename !== 'string' || filename === '') throw new Error('Invalid value for argument `filename`. Expected a file path.');
  }

  override async onTrainBegin(): Promise<void> {
    this.keys = null;
    const fs = await import('node:fs/promises');
    if (!this.append) await fs.writeFile(this.filename, '');
    else {
      try {
        const existing = await fs.readFile(this.filename, 'utf8');
        const header = existing.split('\n')[0];
        if (header) this.keys = header.split(this.separator).slice(1);
      } catch {
        /* a new file */
      }
    }
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    const fs = await import('node:fs/promises');
    if (!this.keys) {
      this.keys = Object.keys(logs).sort();
      await fs.appendFile(this.filename, ['epoch', ...this.keys].join(this.separator) + '\n');
    }
    const row = [String(epoch), ...this.keys.map((k) => (logs[k] === undefined ? 'NA' : String(logs[k])))].join(this.separator);
    this.lines.push(row);
    await fs.appendFile(this.filename, row + '\n');
  }
}
