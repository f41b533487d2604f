import { ARGS, DONE, FAILED, FN, JOB, KERNEL_FNS, MSG, MSG_LEN, MSG_MAX, SLOT_WORDS, STATE, STOP } from './protocol.js';

/**
 * The worker's program, as source text: started with `new Worker(source, { eval: true })` in Node and from a
 * Blob URL in browsers, so no separate file has to be found next to the bundle. It instantiates the kernels on
 * the shared memory, reports ready, then runs jobs from its control slot until told to stop.
 */
function body(): string {
  return `
const FNS = ${JSON.stringify(KERNEL_FNS)};
function serve(init, post) {
  const { module, memory, control, slot } = init;
  const ctrl = new Int32Array(control);
  const base = slot * ${SLOT_WORDS};
  WebAssembly.instantiate(module, { env: { memory, abort() { throw new Error('kernel aborted'); } } }).then(
    (instance) => {
      const ex = instance.exports;
      post({ ready: true });
      for (;;) {
        let s = Atomics.load(ctrl, base + ${STATE});
        while (s !== ${JOB} && s !== ${STOP}) {
          Atomics.wait(ctrl, base + ${STATE}, s);
          s = Atomics.load(ctrl, base + ${STATE});
        }
        if (s === ${STOP}) break;
        let state = ${DONE};
        try {
          const a = base + ${ARGS};
          ex[FNS[ctrl[base + ${FN}]]](ctrl[a], ctrl[a + 1], ctrl[a + 2], ctrl[a + 3], ctrl[a + 4], ctrl[a + 5]);
        } catch (err) {
          const text = String(err && err.message || err).slice(0, ${MSG_MAX});
          ctrl[base + ${MSG_LEN}] = text.length;
          for (let i = 0; i < text.length; i++) ctrl[base + ${MSG} + i] = text.charCodeAt(i);
          state = ${FAILED};
        }
        Atomics.store(ctrl, base + ${STATE}, state);
        Atomics.notify(ctrl, base + ${STATE});
      }
    },
    (err) => post({ error: String(err && err.message || err) }),
  );
}
`;
}

/** Node: the script a worker_threads Worker evaluates. */
export function nodeWorkerSource(): string {
  return `${body()}
const { parentPort } = require('node:worker_threads');
parentPort.once('message', (init) => serve(init, (m) => parentPort.postMessage(m)));
`;
}

/** Browsers: the script of a classic Web Worker. */
export function browserWorkerSource(): string {
  return `${body()}
self.onmessage = (e) => { self.onmessage = null; serve(e.data, (m) => self.postMessage(m)); };
`;
}
