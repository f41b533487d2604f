/// <reference types="@webgpu/types" preserve="true" />
import type { BackendV1 } from '@tessera/core';
import { WebGpuBackend } from './backend.js';
import type { GpuHandle } from './runtime/handle.js';
import { noAdapter, noWebGpu } from './errors.js';

export interface WebGpuBackendOptions {
  /** Registry name; change it to run two WebGPU backends side by side. Default 'webgpu'. */
  name?: string;
  /**
   * The WebGPU entry point. Default: `navigator.gpu` where it exists (browsers, Deno), else the npm package
   * `webgpu` (Dawn for Node) if it is installed.
   */
  gpu?: GPU;
  /** An adapter to create the device from (skips requestAdapter). */
  adapter?: GPUAdapter;
  /**
   * A device to run on (skips adapter and device creation). The backend then shares it: it does not destroy it
   * on dispose, and it wraps its own work in error scopes, which may also catch errors of other code using it.
   */
  device?: GPUDevice;
  /** Passed to requestAdapter. */
  powerPreference?: GPUPowerPreference;
  /** Flags for Dawn's `create()` when the `webgpu` package is loaded here (e.g. ['backend=vulkan']). */
  dawnFlags?: string[];
  /** Bytes of freed GPU buffers kept for reuse (default 256 MiB). */
  maxPooledBytes?: number;
}

/** The Dawn GPU object, created once per process: Dawn's instance is expensive and may only exist once. */
let dawnGpu: Promise<GPU | null> | null = null;

async function nodeGpu(flags: string[]): Promise<GPU | null> {
  const spec = 'webgpu';
  try {
    // A computed specifier keeps bundlers from pulling the Node-only package into browser builds.
    const mod = (await import(/* @vite-ignore */ spec)) as { create: (flags: string[]) => GPU; globals?: object };
    return mod.create(flags);
  } catch (err) {
    if (err && typeof err === 'object' && 'code' in err && (err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return null;
    throw err;
  }
}

/** Finds a WebGPU entry point: the given one, navigator.gpu, or Dawn through the `webgpu` package in Node. */
export async function findGpu(options: Pick<WebGpuBackendOptions, 'gpu' | 'dawnFlags'> = {}): Promise<GPU> {
  if (options.gpu) return options.gpu;
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return nav.gpu;
  const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';
  if (!isNode) throw noWebGpu('navigator.gpu is undefined');
  dawnGpu ??= nodeGpu(options.dawnFlags ?? []);
  const gpu = await dawnGpu;
  if (!gpu) throw noWebGpu('Node has no navigator.gpu and the npm package `webgpu` is not installed: run `npm install webgpu`');
  return gpu;
}

/** Limits worth raising to the adapter's maximum: big tensors and kernels with many inputs. */
const RAISED_LIMITS = ['maxStorageBufferBindingSize', 'maxBufferSize', 'maxStorageBuffersPerShaderStage', 'maxComputeWorkgroupStorageSize'] as const;

function describeAdapter(adapter: GPUAdapter): string {
  const info = (adapter as { info?: GPUAdapterInfo }).info;
  if (!info) return 'unknown adapter';
  return [info.vendor, info.architecture, info.device, info.description].filter((s) => s).join(' ') || 'unknown adapter';
}

/**
 * Creates a WebGPU backend. Async because adapters and devices are; nothing happens at import, and nothing is
 * registered until you pass the backend to `setBackend`. Throws a WebGpuError saying how to get WebGPU when there
 * is no adapter.
 */
export async function webgpu(options: WebGpuBackendOptions = {}): Promise<BackendV1<GpuHandle>> {
  const name = options.name ?? 'webgpu';
  const maxPooledBytes = options.maxPooledBytes ?? 256 * 1024 * 1024;
  if (!(maxPooledBytes >= 0)) {
    throw new TypeError(`webgpu: invalid value for argument \`options.maxPooledBytes\`. Expected a number >= 0. Received: ${String(options.maxPooledBytes)}`);
  }
  if (options.device) {
    return new WebGpuBackend({ name, device: options.device, ownsDevice: false, adapterInfo: 'device given by the caller', maxPooledBytes });
  }
  let adapter = options.adapter ?? null;
  if (!adapter) {
    const gpu = await findGpu(options);
    adapter = await gpu.requestAdapter(options.powerPreference ? { powerPreference: options.powerPreference } : undefined);
    if (!adapter) throw noAdapter();
  }
  const requiredLimits: Record<string, number> = {};
  for (const k of RAISED_LIMITS) {
    const v = adapter.limits[k];
    if (typeof v === 'number') requiredLimits[k] = v;
  }
  const device = await adapter.requestDevice({ requiredLimits });
  return new WebGpuBackend({ name, device, ownsDevice: true, adapterInfo: describeAdapter(adapter), maxPooledBytes });
}

/** Whether a WebGPU adapter can be had here (for tests and feature detection); never throws. */
export async function hasWebGpu(options: Pick<WebGpuBackendOptions, 'gpu' | 'dawnFlags'> = {}): Promise<boolean> {
  try {
    const gpu = await findGpu(options);
    return (await gpu.requestAdapter()) !== null;
  } catch {
    return false;
  }
}
