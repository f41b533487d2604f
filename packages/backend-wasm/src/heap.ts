/** Typed-array views of the linear memory, re-created whenever the memory has grown. */
export class Heap {
  private buffer: ArrayBufferLike | null = null;
  u8!: Uint8Array;
  i32!: Int32Array;
  u32!: Uint32Array;
  f32!: Float32Array;
  f64!: Float64Array;

  constructor(readonly memory: WebAssembly.Memory) {
    this.refresh();
  }

  /** Call after anything that may have grown the memory (any allocation), before touching the views. */
  refresh(): this {
    const b = this.memory.buffer;
    if (b !== this.buffer) {
      this.buffer = b;
      this.u8 = new Uint8Array(b);
      this.i32 = new Int32Array(b);
      this.u32 = new Uint32Array(b);
      this.f32 = new Float32Array(b);
      this.f64 = new Float64Array(b);
    }
    return this;
  }
}
