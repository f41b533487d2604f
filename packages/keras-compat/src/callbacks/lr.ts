import { Callback } from './callback.js';
import type { Logs } from './callback.js';
import { isImprovement, monitored, resolveMode } from './monitor.js';
import type { MonitorMode } from './monitor.js';
import { getLearningRate, setLearningRate } from '../training/optimizer-access.js';

/** Sets the learning rate at the start of each epoch from `schedule(epoch, lr)` (Keras's LearningRateScheduler). */
export class LearningRateScheduler extends Callback {
  constructor(
    private readonly schedule: (epoch: number, lr: number) => number,
    private readonly verbose = 0,
  ) {
    super();
    if (typeof schedule !== 'function') throw new Error('Invalid value for argument `schedule`. Expected a function (epoch, lr) => lr.');
  }
  override onEpochBegin(epoch: number): void {
    const lr = this.schedule(epoch, getLearningRate(this.model!));
    if (typeof lr !== 'number' || !Number.isFinite(lr)) {
      throw new Error(`LearningRateScheduler: the schedule returned ${String(lr)} for epoch ${epoch}; expected a finite number.`);
    }
    setLearningRate(this.model!, lr);
    if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.`);
  }
  override onEpochEnd(_epoch: number, logs?: Logs): void {
    if (logs) logs.learning_rate = getLearningRate(this.model!);
  }
}

export interface ReduceLROnPlateauArgs {
  monitor?: string;
  factor?: number;
  patience?: number;
  verbose?: number;
  mode?: MonitorMode;
  minDelta?: number;
  cooldown?: number;
  minLr?: number;
}

/** Multiplies the learning rate by `factor` when the monitored metric has stalled for `patience` epochs. */
export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  readonly verbose: number;
  private readonly mode: 'min' | 'max';
  private wait = 0;
  private cooldownCounter = 0;
  private best = Infinity;

  constructor(args: ReduceLROnPlateauArgs = {}) {
    super();
    this.monitor = args.monitor ?? 'val_loss';
    this.factor = args.factor ?? 0.1;
    if (!(this.factor < 1)) {
      throw new Error(`Invalid value for argument \`factor\`. Expected a float < 1 (ReduceLROnPlateau does not support a factor >= 1). Received: factor=${this.factor}`);
    }
    this.patience = args.patience ?? 10;
    this.minDelta = args.minDelta ?? 1e-4;
    this.cooldown = args.cooldown ?? 0;
    this.minLr = args.minLr ?? 0;
    this.verbose = args.verbose ?? 0;
    this.mode = resolveMode(args.mode ?? 'auto', this.monitor);
  }

  override onTrainBegin(): void {
    this.wait = 0;
    this.cooldownCounter = 0;
    this.best = this.mode === 'min' ? Infinity : -Infinity;
  }

  override onEpochEnd(epoch: number, logs?: Logs): void {
    const current = monitored(logs, this.monitor, 'ReduceLROnPlateau');
    if (logs) logs.learning_rate = getLearningRate(this.model!);
    if (current === undefined) return;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.wait = 0;
    }
    if (isImprovement(current, this.best, this.mode, this.minDelta)) {
      this.best = current;
      this.wait = 0;
    } else if (this.cooldownCounter <= 0) {
      this.wait++;
      if (this.wait >= this.patience) {
        const old = getLearningRate(this.model!);
        if (old > this.minLr) {
          const lr = Math.max(old * this.factor, this.minLr);
          setLearningRate(this.model!, lr);
          if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${lr}.`);
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
  }
}
