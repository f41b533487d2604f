import { describe, expect, it } from 'vitest';
import {
  cosineDecay, exponentialDecay, inverseTimeDecay, isSchedule, piecewiseConstant, piecewiseConstantDecay, polynomialDecay,
  scheduleFromConfig,
} from './schedules.js';

describe('learning-rate schedules (Keras formulas)', () => {
  it('exponentialDecay, smooth and staircase', () => {
    const s = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
    expect(s(0)).toBe(0.1);
    expect(s(10)).toBeCloseTo(0.05, 12);
    expect(s(5)).toBeCloseTo(0.1 * Math.SQRT1_2, 12);
    const st = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true });
    expect(st(15)).toBeCloseTo(0.05, 12);
    expect(st(9)).toBe(0.1);
  });

  it('piecewiseConstantDecay (Keras docstring: 1.0 up to step 100000, 0.5 up to 110000, then 0.1)', () => {
    const s = piecewiseConstantDecay({ boundaries: [100000, 110000], values: [1, 0.5, 0.1] });
    expect([0, 100000, 100001, 110000, 110001].map(s)).toEqual([1, 1, 0.5, 0.5, 0.1]);
    expect(piecewiseConstant).toBe(piecewiseConstantDecay);
    expect(() => piecewiseConstantDecay({ boundaries: [1, 2], values: [1, 2] })).toThrow(
      'piecewiseConstantDecay: the length of boundaries should be 1 less than the length of values. Received: boundaries=[1, 2], values=[1, 2]',
    );
    expect(() => piecewiseConstantDecay({ boundaries: [2, 1], values: [1, 2, 3] })).toThrow(/strictly increasing/);
  });

  it('polynomialDecay, capped and cycling', () => {
    const s = polynomialDecay({ initialLearningRate: 0.1, decaySteps: 10, endLearningRate: 0.01, power: 0.5 });
    expect(s(0)).toBeCloseTo(0.1, 12);
    expect(s(5)).toBeCloseTo(0.09 * Math.sqrt(0.5) + 0.01, 12);
    expect(s(20)).toBeCloseTo(0.01, 12);
    const c = polynomialDecay({ initialLearningRate: 0.1, decaySteps: 10, endLearningRate: 0.01, power: 0.5, cycle: true });
    expect(c(0)).toBeCloseTo(0.1, 12);
    expect(c(15)).toBeCloseTo(0.09 * Math.sqrt(0.25) + 0.01, 12);
    expect(polynomialDecay({ initialLearningRate: 1, decaySteps: 4 })(2)).toBeCloseTo((1 - 0.0001) * 0.5 + 0.0001, 12);
  });

  it('inverseTimeDecay, and the course step size α/(n·i) as inverse time', () => {
    const s = inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 });
    expect(s(2)).toBeCloseTo(0.05, 12);
    const st = inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 2, decayRate: 1, staircase: true });
    expect(st(3)).toBeCloseTo(0.05, 12);
    const alpha = 0.5;
    const n = 4;
    const course = inverseTimeDecay({ initialLearningRate: alpha / n, decaySteps: 1, decayRate: 1 });
    for (const step of [0, 1, 9]) expect(course(step)).toBeCloseTo(alpha / (n * (step + 1)), 12);
  });

  it('cosineDecay, with and without warmup', () => {
    const s = cosineDecay({ initialLearningRate: 1, decaySteps: 10 });
    expect([0, 5, 10, 20].map((k) => s(k))).toEqual([1, expect.closeTo(0.5, 12), expect.closeTo(0, 12), expect.closeTo(0, 12)]);
    expect(cosineDecay({ initialLearningRate: 1, decaySteps: 10, alpha: 0.1 })(10)).toBeCloseTo(0.1, 12);
    const w = cosineDecay({ initialLearningRate: 0, decaySteps: 10, warmupTarget: 1, warmupSteps: 5 });
    expect(w(0)).toBe(0);
    expect(w(2)).toBeCloseTo(0.4, 12);
    expect(w(5)).toBeCloseTo(1, 12);
    expect(w(10)).toBeCloseTo(0.5, 12);
    expect(w(100)).toBeCloseTo(0, 12);
  });

  it('configs round-trip; arguments are checked', () => {
    const s = cosineDecay({ initialLearningRate: 0.1, decaySteps: 100, alpha: 0.2 });
    expect(isSchedule(s)).toBe(true);
    expect(isSchedule((k: number) => k)).toBe(false);
    const again = scheduleFromConfig({ className: s.className, config: s.getConfig() });
    expect(again(37)).toBe(s(37));
    expect(() => exponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.5 })).toThrow(
      'exponentialDecay: invalid value for argument `decaySteps`. Expected a number > 0. Received: decaySteps=0',
    );
    expect(() => cosineDecay({ initialLearningRate: 0.1, decay_steps: 5 } as never)).toThrow(/cosineDecay: unknown option\(s\) `decay_steps`/);
    expect(() => s(-1)).toThrow('CosineDecay: invalid value for argument `step`. Expected a number >= 0. Received: step=-1');
    expect(() => scheduleFromConfig({ className: 'Nope', config: {} })).toThrow(/unknown schedule "Nope"/);
  });
});
