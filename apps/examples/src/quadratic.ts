import * as tf from '@tessera/core';

/** The course's quadratic-equation program: the real roots of a·x² + b·x + c = 0 computed with tensor ops. */
export async function quadraticRoots(a: number, b: number, c: number): Promise<[number, number]> {
  const roots = tf.tidy(() => {
    const [A, B, C] = [tf.scalar(a), tf.scalar(b), tf.scalar(c)];
    const disc = B.square().sub(A.mul(C).mul(4));
    const sq = tf.sqrt(disc);
    const twoA = A.mul(2);
    return tf.stack([B.neg().add(sq).div(twoA), B.neg().sub(sq).div(twoA)]);
  });
  const [r1, r2] = Array.from(await roots.data());
  roots.dispose();
  return [r1!, r2!];
}
