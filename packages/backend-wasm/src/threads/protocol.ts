/**
 * The control block shared by the calling thread and the workers (an Int32Array over a SharedArrayBuffer):
 * one slot of SLOT_WORDS per worker. The caller writes a job and sets the state to JOB; the worker runs it and
 * sets DONE (or FAILED with a message); the caller resets it to IDLE. STOP ends the worker's loop.
 */
export const SLOT_WORDS = 128;
export const STATE = 0;
export const FN = 1;
export const ARGS = 2; // P, T, then up to four int32 arguments
export const MSG_LEN = 8;
export const MSG = 9; // UTF-16 code units of a failure message
export const MSG_MAX = SLOT_WORDS - MSG;

export const IDLE = 0;
export const JOB = 1;
export const DONE = 2;
export const FAILED = 3;
export const STOP = 4;

/** Kernel exports a worker may run, by index (the job's FN word). */
export const KERNEL_FNS = ['ewRun', 'ewF32', 'reduceRows', 'reduceCols', 'mmF32', 'mmGeneric', 'assignRows', 'gather', 'scatterAdd', 'scan'] as const;
