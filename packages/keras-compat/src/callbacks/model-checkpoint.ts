import { Callback } from './callback.js';
import type { Logs } from './callback.js';
import { isImprovement, resolveMode } from './monitor.js';
import type { MonitorMode } from './monitor.js';
import { saveModel, saveWeights } from '../saving/save.js';

export interface ModelCheckpointArgs {
  monitor?: string;
  verbose?: number;
  /** Save only when the monitored value improves on the best seen so far. */
  saveBestOnly?: boolean;
  /** Save the weights only (a config-less model.json; load them with loadWeights). */
  saveWeightsOnly?: boolean;
  mode?: MonitorMode;
  /** 'epoch' (default), or save every N training batches. */
  saveFreq?: 'epoch' | number;
  /** With saveBestOnly: only values better than this are saved. */
  initialValueThreshold?: number;
}

/**
 * Formats Keras-style placeholders: `{epoch}`, `{epoch:02d}`, `{val_loss:.2f}`, `{loss:.3e}`, `{batch}`. Unknown
 * names are an error that lists the ones available.
 */
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)(?::([^{}]*))?\}/g;

export function formatCheckpointPath(template: string, values: Record<string, number>): string {
  return template.replace(PLACEHOLDER, (_m, key: string, spec: string | undefined) => {
    if (!Object.hasOwn(values, key)) {
      throw new Error(`ModelCheckpoint: the path '${template}' uses {${key}}, which is not available. Available: ${Object.keys(values).map((k) => `{${k}}`).join(', ')}.`);
    }
    return formatNumber(values[key]!, spec ?? '', template);
  });
}

function formatNumber(v: number, spec: string, template: string): string {
  const m = /^(0)?(\d+)?(?:\.(\d+))?([dfeEgG%])?$/.exec(spec);
  if (!m) throw new Error(`ModelCheckpoint: unsupported format spec ':${spec}' in '${template}'. Use forms like {epoch:02d}, {val_loss:.2f}, {loss:.3e}.`);
  const [, zero, widthStr, precStr, type] = m;
  const prec = precStr === undefined ? undefined : Number(precStr);
  let s: string;
  switch (type) {
    case 'd':
      s = String(Math.trunc(v));
      break;
    case 'f':
      s = v.toFixed(prec ?? 6);
      break;
    case '%':
      s = `${(v * 100).toFixed(prec ?? 6)}%`;
      break;
    case 'e':
    case 'E':
      s = v.toExponential(prec ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
      if (type === 'E') s = s.toUpperCase();
      break;
    case 'g':
    case 'G':
      s = String(Number(v.toPrecision(prec || 6)));
      break;
    default:
      s = prec === undefined ? String(v) : v.toFixed(prec);
  }
  const width = widthStr === undefined ? 0 : Number(widthStr);
  if (s.length >= width) return s;
  if (zero) {
    const neg = s.startsWith('-');
    return (neg ? '-' : '') + s.slice(neg ? 1 : 0).padStart(width - (neg ? 1 : 0), '0');
  }
  return s.padStart(width, ' ');
}

/**
 * Saves the model (or its weights) during training, Keras's ModelCheckpoint (tfjs has none). `filepath` is a
 * folder path or URL for model.save: a plain path means 'file://path'; '{epoch:02d}'-style placeholders are
 * filled from the epoch (counted from 1), the batch and the logs.
 */
export class ModelCheckpoint extends Callback {
  readonly filepath: string;
  readonly monitor: string;
  readonly verbose: number;
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly saveFreq: 'epoch' | number;
  private readonly mode: 'min' | 'max';
  private readonly initialBest: number;
  best: number;
  /** Paths saved so far, in order. */
  readonly saved: string[] = [];
  private epoch = 0;
  private batchesSinceSave = 0;

  constructor(filepath: string, args: ModelCheckpointArgs = {}) {
    super();
    if (typeof filepath !== 'string' || filepath === '') {
      throw new Error(`Invalid value for argument \`filepath\`. Expected a non-empty path or URL string. Received: filepath=${String(filepath)}`);
    }
    this.filepath = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(filepath) ? filepath : `file://${filepath}`;
    this.monitor = args.monitor ?? 'val_loss';
    this.verbose = args.verbose ?? 0;
    this.saveBestOnly = args.saveBestOnly ?? false;
    this.saveWeightsOnly = args.saveWeightsOnly ?? false;
    this.mode = resolveMode(args.mode ?? 'auto', this.monitor);
    const freq = args.saveFreq ?? 'epoch';
    if (freq !== 'epoch' && !(Number.isInteger(freq) && (freq as number) > 0)) {
      throw new Error(`Invalid value for argument \`saveFreq\`. Expected 'epoch' or a positive integer number of batches. Received: saveFreq=${JSON.stringify(freq)}`);
    }
    this.saveFreq = freq;
    this.initialBest = args.initialValueThreshold ?? (this.mode === 'min' ? Infinity : -Infinity);
    this.best = this.initialBest;
    // Fail at construction on a malformed path template rather than after the first epoch.
    for (const m of this.filepath.matchAll(PLACEHOLDER)) formatNumber(1, m[2] ?? '', this.filepath);
  }

  override onTrainBegin(): void {
    this.best = this.initialBest;
    this.batchesSinceSave = 0;
  }

  override onEpochBegin(epoch: number): void {
    this.epoch = epoch;
  }

  override async onTrainBatchEnd(batch: number, readLogs: () => Promise<Logs>): Promise<void> {
    if (this.saveFreq === 'epoch') return;
    if (++this.batchesSinceSave < this.saveFreq) return;
    this.batchesSinceSave = 0;
    await this.maybeSave(this.epoch, batch, await readLogs());
  }

  override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    if (this.saveFreq === 'epoch') await this.maybeSave(epoch, undefined, logs ?? {});
  }

  private fmtBest(): string {
    return Number.isFinite(this.best) ? this.best.toFixed(5) : this.best > 0 ? 'inf' : '-inf';
  }

  private async maybeSave(epoch: number, batch: number | undefined, logs: Logs): Promise<void> {
    const path = formatCheckpointPath(this.filepath, { epoch: epoch + 1, ...(batch === undefined ? {} : { batch: batch + 1 }), ...logs });
    const label = `Epoch ${epoch + 1}`;
    if (this.saveBestOnly) {
      const current = logs[this.monitor];
      if (current === undefined || Number.isNaN(current)) {
        console.warn(`ModelCheckpoint: can save best model only with ${this.monitor} available, skipping. Available: ${Object.keys(logs).join(', ')}`);
        return;
      }
      if (!isImprovement(current, this.best, this.mode, 0)) {
        if (this.verbose > 0) console.log(`${label}: ${this.monitor} did not improve from ${this.fmtBest()}`);
        return;
      }
      if (this.verbose > 0) console.log(`${label}: ${this.monitor} improved from ${this.fmtBest()} to ${current.toFixed(5)}, saving model to ${path}`);
      this.best = current;
    } else if (this.verbose > 0) {
      console.log(`${label}: saving model to ${path}`);
    }
    const model = this.model;
    if (!model) throw new Error('ModelCheckpoint: no model is set (use it as a callback of fit).');
    if (this.saveWeightsOnly) await saveWeights(model, path);
    else await saveModel(model, path);
    this.saved.push(path);
  }
}
