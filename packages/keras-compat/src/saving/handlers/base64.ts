/** ArrayBuffer ↔ base64 with the standard btoa/atob (browsers and Node ≥ 16), in chunks to bound the call stack. */
export function arrayBufferToBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function base64ToArrayBuffer(str: string, where: string): ArrayBuffer {
  let s: string;
  try {
    s = atob(str);
  } catch {
    throw new Error(`${where}: the stored weight data is not valid base64.`);
  }
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out.buffer;
}
