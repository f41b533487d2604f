import { Callback } from './callback.js';
import type { Logs } from './callback.js';
import { fileVersionEvent, scalarEvent, tfRecord } from './tfevents.js';

export interface TensorBoardArgs {
  /** Folder for the event files; `train/` and `validation/` are created inside it, as Keras does. */
  logDir?: string;
  /** 'epoch' (default) writes after each epoch; a number writes every that many batches as well. */
  updateFreq?: 'epoch' | 'batch' | number;
}

/**
 * Writes loss and metrics as TensorBoard scalars (Node): `tensorboard --logdir logs` shows `epoch_loss`,
 * `epoch_accuracy`, … for train and validation, like Keras's TensorBoard callback.
 */
export class TensorBoard extends Callback {
  readonly logDir: string;
  readonly updateFreq: 'epoch' | number;
  private files: { train?: string; validation?: string } = {};
  private globalStep = 0;

  constructor(args: TensorBoardArgs = {}) {
    super();
    this.logDir = args.logDir ?? 'logs';
    const f = args.updateFreq ?? 'epoch';
    if (f !== 'epoch' && f !== 'batch' && !(typeof f === 'number' && Number.isInteger(f) && f > 0)) {
      throw new Error(`Invalid value for argument \`updateFreq\`. Expected 'epoch', 'batch' or a positive integer. Received: updateFreq=${String(f)}`);
    }
    this.updateFreq = f === 'batch' ? 1 : f;
  }

  private async file(kind: 'train' | 'validation'): Promise<string> {
    const existing = this.files[kind];
    if (existing) return existing;
    const fs = await import('node:fs/promises');
    const path = await import('node:path');
    const os = await import('node:os');
    const dir = path.join(this.logDir, kind);
    await fs.mkdir(dir, { recursive: true });
    const name = path.join(dir, `events.out.tfevents.${Math.floor(Date.now() / 1000)}.${os.hostname()}.${process.pid}.v2`);
    await fs.writeFile(name, tfRecord(fileVersionEvent(Date.now() / 1000)));
    this.files[kind] = name;
    return name;
  }

  private async write(kind: 'train' | 'validation', step: number, scalars: Record<string, number>): Promise<void> {
    if (Object.keys(scalars).length === 0) return;
    const fs = await import('node:fs/promises');
    await fs.appendFile(await this.file(kind), tfRecord(scalarEvent(Date.now() / 1000, step, scalars)));
  }

  override onTrainBegin(): void {
    this.files = {};
    this.globalStep = 0;
  }

  override async onTrainBatchEnd(_batch: number, readLogs: () => Promise<Logs>): Promise<void> {
    this.globalStep++;
    if (this.updateFreq === 'epoch' || this.globalStep % this.updateFreq !== 0) return;
    const logs = await readLogs();
    const scalars: Record<string, number> = {};
    for (const [k, v] of Object.entries(logs)) scalars[`batch_${k}`] = v;
    await this.write('train', this.globalStep, scalars);
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    const train: Record<string, number> = {};
    const val: Record<string, number> = {};
    for (const [k, v] of Object.entries(logs)) {
      if (k.startsWith('val_')) val[`epoch_${k.slice(4)}`] = v;
      else train[`epoch_${k}`] = v;
    }
    await this.write('train', epoch, train);
    await this.write('validation', epoch, val);
  }
}
