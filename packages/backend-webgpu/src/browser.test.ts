import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tessera/core';
import { valueAndGrads } from '@tessera/autograd';
import { cpu } from '@tessera/backend-cpu';
import { trainMlp, worstRelative } from './testing/mlp.js';
import type { MlpRun } from './testing/mlp.js';

/**
 * The browser path: the package bundled with esbuild into a page served from 127.0.0.1, run by headless Chromium
 * (playwright-core, Debian's /usr/bin/chromium) on the page's own navigator.gpu — no Dawn package involved. The
 * page trains the test MLP; its loss curve must match the CPU backend's in Node to 1e-4 relative, leaking nothing.
 * Skipped (with a message) where Chromium is not installed (`apt-get install chromium`).
 */
const CHROMIUM = process.env.TESSERA_CHROMIUM ?? '/usr/bin/chromium';
const STEPS = 20;
const hasChromium = existsSync(CHROMIUM);
const SKIP = `browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set TESSERA_CHROMIUM)`;

if (hasChromium) {
  describe('WebGPU in headless Chromium', () => {
    let server: http.Server;
    let url = '';
    beforeAll(async () => {
      const esbuild = await import('esbuild');
      const entry = fileURLToPath(new URL('./testing/browser-entry.ts', import.meta.url));
      const out = await esbuild.build({
        entryPoints: [entry],
        bundle: true,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        conditions: ['tessera-source'],
        write: false,
        logLevel: 'silent',
      });
      const js = out.outputFiles[0]!.text;
      const html = '<!doctype html><meta charset="utf-8"><title>tessera webgpu</title><script type="module" src="/app.js"></script>';
      server = http.createServer((req, res) => {
        const isJs = req.url === '/app.js';
        res.writeHead(200, { 'content-type': isJs ? 'text/javascript' : 'text/html' });
        res.end(isJs ? js : html);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    });
    afterAll(() => {
      server?.close();
    });

    it('trains the MLP in a page and matches the CPU loss curve', async () => {
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=native', '--no-sandbox', '--disable-background-networking', '--headless=new'],
      });
      try {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(url);
        await page.waitForFunction(() => typeof (globalThis as { runMlp?: unknown }).runMlp === 'function');
        const got = (await page.evaluate((steps) => (globalThis as unknown as { runMlp: (s: number) => Promise<unknown> }).runMlp(steps), STEPS)) as MlpRun & { adapter: string };
        expect(errors).toEqual([]);
        const ref = cpu({ name: 'cpu-browser-ref' });
        const want = await trainMlp(tf, valueAndGrads, ref, STEPS);
        tf.removeBackend(ref.name);
        expect(worstRelative(got.losses, want.losses)).toBeLessThan(1e-4);
        expect(got.tensorsAfter).toBe(got.tensorsBefore);
        expect(got.memoryAfter.buffers).toBe(got.memoryBefore.buffers);
        expect(got.memoryAfter.poolBytesInUse).toBe(got.memoryBefore.poolBytesInUse);
      } finally {
        await browser.close();
      }
    });
  });
} else {
  describe('WebGPU in headless Chromium', () => {
    it.skip(SKIP, () => {});
  });
}
