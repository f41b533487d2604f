import { checkBoolean, checkKeys, checkNumber, describeValue } from './validate.js';

/**
 * A learning-rate schedule: called with the optimizer's step (the number of updates already applied, 0 on the first
 * one) it returns the learning rate for that update. Keras's LearningRateSchedule classes, as callables.
 */
export interface LearningRateSchedule {
  (step: number): number;
  /** Keras's class name ('ExponentialDecay', ...), for configs. */
  readonly className: string;
  getConfig(): Record<string, unknown>;
}

export function isSchedule(x: unknown): x is LearningRateSchedule {
  return typeof x === 'function' && typeof (x as { className?: unknown }).className === 'string' && typeof (x as { getConfig?: unknown }).getConfig === 'function';
}

function makeSchedule(className: string, config: Record<string, unknown>, fn: (step: number) => number): LearningRateSchedule {
  const schedule = (step: number): number => {
    if (typeof step !== 'number' || !(step >= 0)) {
      throw new RangeError(`${className}: invalid value for argument \`step\`. Expected a number >= 0. Received: step=${describeValue(step)}`);
    }
    return fn(step);
  };
  return Object.assign(schedule, { className, getConfig: () => ({ ...config }) });
}

export interface ExponentialDecayOptions {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  /** Decay at whole multiples of decaySteps only (default false). */
  staircase?: boolean;
}

/** initialLearningRate · decayRate^(step / decaySteps), the exponent floored when `staircase`. */
export function exponentialDecay(options: ExponentialDecayOptions): LearningRateSchedule {
  const o = checkKeys(options, ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase'], 'exponentialDecay');
  const lr0 = checkNumber(o.initialLearningRate, 'initialLearningRate', 'exponentialDecay');
  const steps = checkNumber(o.decaySteps, 'decaySteps', 'exponentialDecay', { min: 0, minExclusive: true });
  const rate = checkNumber(o.decayRate, 'decayRate', 'exponentialDecay');
  const staircase = checkBoolean(o.staircase ?? false, 'staircase', 'exponentialDecay');
  return makeSchedule('ExponentialDecay', { initialLearningRate: lr0, decaySteps: steps, decayRate: rate, staircase }, (step) => {
    const p = staircase ? Math.floor(step / steps) : step / steps;
    return lr0 * rate ** p;
  });
}

export interface PiecewiseConstantDecayOptions {
  /** Strictly increasing steps. */
  boundaries: number[];
  /** One more value than boundaries. */
  values: number[];
}

/** values[0] while step ≤ boundaries[0], values[i] while boundaries[i-1] < step ≤ boundaries[i], values[n] after. */
export function piecewiseConstantDecay(options: PiecewiseConstantDecayOptions): LearningRateSchedule {
  const o = checkKeys(options, ['boundaries', 'values'], 'piecewiseConstantDecay');
  const { boundaries, values } = o as unknown as PiecewiseConstantDecayOptions;
  if (!Array.isArray(boundaries) || !Array.isArray(values) || boundaries.length !== values.length - 1) {
    throw new Error(
      `piecewiseConstantDecay: the length of boundaries should be 1 less than the length of values. Received: boundaries=${describeValue(boundaries)}, values=${describeValue(values)}`,
    );
  }
  boundaries.forEach((b, i) => {
    checkNumber(b, `boundaries[${i}]`, 'piecewiseConstantDecay');
    if (i > 0 && !(b > boundaries[i - 1]!)) {
      throw new Error(`piecewiseConstantDecay: boundaries must be strictly increasing. Received: boundaries=${describeValue(boundaries)}`);
    }
  });
  values.forEach((v, i) => checkNumber(v, `values[${i}]`, 'piecewiseConstantDecay'));
  const b = [...boundaries];
  const v = [...values];
  return makeSchedule('PiecewiseConstantDecay', { boundaries: b, values: v }, (step) => {
    const i = b.findIndex((bound) => step <= bound);
    return i < 0 ? v[v.length - 1]! : v[i]!;
  });
}

/** The name the brief and tfjs-style code use; the same schedule as Keras's PiecewiseConstantDecay. */
export const piecewiseConstant = piecewiseConstantDecay;

export interface PolynomialDecayOptions {
  initialLearningRate: number;
  decaySteps: number;
  /** Default 0.0001 (Keras's). */
  endLearningRate?: number;
  /** Default 1 (linear). */
  power?: number;
  /** Restart at each multiple of decaySteps instead of staying at the end rate (default false). */
  cycle?: boolean;
}

/** (initial - end) · (1 - step/decaySteps)^power + end, with step capped at decaySteps (or decaySteps grown when cycling). */
export function polynomialDecay(options: PolynomialDecayOptions): LearningRateSchedule {
  const o = checkKeys(options, ['initialLearningRate', 'decaySteps', 'endLearningRate', 'power', 'cycle'], 'polynomialDecay');
  const lr0 = checkNumber(o.initialLearningRate, 'initialLearningRate', 'polynomialDecay');
  const steps = checkNumber(o.decaySteps, 'decaySteps', 'polynomialDecay', { min: 0, minExclusive: true });
  const end = checkNumber(o.endLearningRate ?? 0.0001, 'endLearningRate', 'polynomialDecay');
  const power = checkNumber(o.power ?? 1, 'power', 'polynomialDecay');
  const cycle = checkBoolean(o.cycle ?? false, 'cycle', 'polynomialDecay');
  return makeSchedule('PolynomialDecay', { initialLearningRate: lr0, decaySteps: steps, endLearningRate: end, power, cycle }, (step) => {
    let s = step;
    let d = steps;
    if (cycle) d = steps * (s === 0 ? 1 : Math.ceil(s / steps));
    else s = Math.min(s, steps);
    return (lr0 - end) * (1 - s / d) ** power + end;
  });
}

export interface InverseTimeDecayOptions {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  staircase?: boolean;
}

/**
 * initialLearningRate / (1 + decayRate · step / decaySteps) (the ratio floored when `staircase`): a 1/i decay.
 *
 * Example, the course's step sizes for SGD on the average of n losses, at update i = step + 1:
 * ```ts
 * // α/(n·i): inverse time with decayRate 1 per step
 * sgd({ learningRate: inverseTimeDecay({ initialLearningRate: alpha / n, decaySteps: 1, decayRate: 1 }) });
 * // α/(n·√i) decays like 1/√i, which is not an inverse-time schedule; pass it as a callable of the step:
 * sgd({ learningRate: (step) => alpha / (n * Math.sqrt(step + 1)) });
 * ```
 */
export function inverseTimeDecay(options: InverseTimeDecayOptions): LearningRateSchedule {
  const o = checkKeys(options, ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase'], 'inverseTimeDecay');
  const lr0 = checkNumber(o.initialLearningRate, 'initialLearningRate', 'inverseTimeDecay');
  const steps = checkNumber(o.decaySteps, 'decaySteps', 'inverseTimeDecay', { min: 0, minExclusive: true });
  const rate = checkNumber(o.decayRate, 'decayRate', 'inverseTimeDecay');
  const staircase = checkBoolean(o.staircase ?? false, 'staircase', 'inverseTimeDecay');
  return makeSchedule('InverseTimeDecay', { initialLearningRate: lr0, decaySteps: steps, decayRate: rate, staircase }, (step) => {
    const p = staircase ? Math.floor(step / steps) : step / steps;
    return lr0 / (1 + rate * p);
  });
}

export interface CosineDecayOptions {
  initialLearningRate: number;
  decaySteps: number;
  /** The final rate as a fraction of the rate decayed from (default 0). */
  alpha?: number;
  /** With a target, the rate first rises linearly from initialLearningRate to it over warmupSteps (default none). */
  warmupTarget?: number | null;
  warmupSteps?: number;
}

/**
 * Cosine decay over decaySteps from initialLearningRate (or, with warmup, from warmupTarget after a linear warmup)
 * down to alpha times that rate: rate · ((1 - alpha) · ½(1 + cos(π · step/decaySteps)) + alpha).
 */
export function cosineDecay(options: CosineDecayOptions): LearningRateSchedule {
  const o = checkKeys(options, ['initialLearningRate', 'decaySteps', 'alpha', 'warmupTarget', 'warmupSteps'], 'cosineDecay');
  const lr0 = checkNumber(o.initialLearningRate, 'initialLearningRate', 'cosineDecay');
  const steps = checkNumber(o.decaySteps, 'decaySteps', 'cosineDecay', { min: 0, minExclusive: true });
  const alpha = checkNumber(o.alpha ?? 0, 'alpha', 'cosineDecay');
  const target = o.warmupTarget === undefined || o.warmupTarget === null ? null : checkNumber(o.warmupTarget, 'warmupTarget', 'cosineDecay');
  const warmupSteps = checkNumber(o.warmupSteps ?? 0, 'warmupSteps', 'cosineDecay', { min: 0 });
  const decay = (s: number, from: number) => from * ((1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * (s / steps))) + alpha);
  return makeSchedule(
    'CosineDecay',
    { initialLearningRate: lr0, decaySteps: steps, alpha, warmupTarget: target, warmupSteps },
    (step) => {
      if (target === null) return decay(Math.min(step, steps), lr0);
      const s = Math.min(step, steps + warmupSteps);
      if (s < warmupSteps) return (target - lr0) * (s / warmupSteps) + lr0;
      return decay(s - warmupSteps, target);
    },
  );
}

const FACTORIES: Record<string, (o: never) => LearningRateSchedule> = {
  ExponentialDecay: exponentialDecay,
  PiecewiseConstantDecay: piecewiseConstantDecay,
  PolynomialDecay: polynomialDecay,
  InverseTimeDecay: inverseTimeDecay,
  CosineDecay: cosineDecay,
};

/** Rebuilds a schedule from `{ className, config }` (what an optimizer's getConfig holds). */
export function scheduleFromConfig(c: { className: string; config: Record<string, unknown> }): LearningRateSchedule {
  const f = c && typeof c === 'object' ? FACTORIES[c.className] : undefined;
  if (!f) {
    throw new Error(`scheduleFromConfig: unknown schedule ${describeValue(c?.className)}. Valid: ${Object.keys(FACTORIES).join(', ')}.`);
  }
  return f(c.config as never);
}
