import { describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { HelpRequested, commandFor, isMain, parseCli, useBackend } from './cli.js';

const SPEC = {
  epochs: { kind: 'int', default: 5, min: 1, help: 'epochs' },
  rate: { kind: 'float', default: 0.1, help: 'rate' },
  cell: { kind: 'string', default: 'lstm', choices: ['lstm', 'gru'], help: 'cell' },
  fast: { kind: 'flag', help: 'go fast' },
} as const;

describe('the examples command line', () => {
  it('gives typed defaults and parses values', () => {
    expect(parseCli([], SPEC, 'demo', 'about')).toEqual({ epochs: 5, rate: 0.1, cell: 'lstm', fast: false, backend: 'cpu' });
    expect(parseCli(['--epochs', '12', '--rate=1e-3', '--cell', 'gru', '--fast', '--backend', 'cpu'], SPEC, 'demo', 'about')).toEqual({
      epochs: 12,
      rate: 0.001,
      cell: 'gru',
      fast: true,
      backend: 'cpu',
    });
  });

  it('rejects bad values, naming the option, what was expected and what was received', () => {
    expect(() => parseCli(['--epochs', '1.5'], SPEC, 'demo', '')).toThrow('demo: invalid value for --epochs. Expected an integer >= 1. Received: 1.5');
    expect(() => parseCli(['--epochs', '0'], SPEC, 'demo', '')).toThrow('Expected an integer >= 1. Received: 0');
    expect(() => parseCli(['--rate', ''], SPEC, 'demo', '')).toThrow('invalid value for --rate. Expected a number. Received: ');
    expect(() => parseCli(['--cell', 'rnn'], SPEC, 'demo', '')).toThrow('invalid value for --cell. Expected one of lstm, gru. Received: rnn');
    expect(() => parseCli(['--backend', 'webgpu'], SPEC, 'demo', '')).toThrow('invalid value for --backend. Expected one of cpu. Received: webgpu');
    expect(() => parseCli(['--epochz', '3'], SPEC, 'demo', '')).toThrow(/demo: Unknown option '--epochz'[\s\S]*Usage:/);
    expect(() => parseCli(['extra'], SPEC, 'demo', '')).toThrow(/positional argument/);
  });

  it('--help lists every option with its default and the command to run', () => {
    let help = '';
    try {
      parseCli(['--help'], SPEC, 'demo', 'What the demo does.');
    } catch (e) {
      expect(e).toBeInstanceOf(HelpRequested);
      help = (e as Error).message;
    }
    expect(help).toContain('What the demo does.');
    expect(help).toContain(`Usage: ${commandFor('demo')} [options]`);
    expect(help).toMatch(/--epochs <number>\s+epochs \(default 5\)/);
    expect(help).toMatch(/--cell <lstm\|gru>\s+cell \(default lstm\)/);
    expect(help).toMatch(/--fast\s+go fast\n/);
    expect(help).toMatch(/--backend <cpu>/);
    expect(commandFor('demo')).toBe('node --conditions=tessera-source --import tsx apps/examples/src/demo.ts');
  });

  it('useBackend sets the named backend once and reuses it; isMain is false under the test runner', async () => {
    await useBackend('cpu');
    const first = tf.getBackend();
    await useBackend('cpu');
    expect(tf.getBackend()).toBe(first);
    expect(first.name).toBe('cpu');
    await expect(useBackend('tpu')).rejects.toThrow("Unknown backend 'tpu'. Available: cpu.");
    expect(isMain(import.meta.url)).toBe(false);
  });
});
