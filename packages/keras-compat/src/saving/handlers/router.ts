import type { IOHandler } from '../types.js';
import { FILE_SCHEME, fileSystem } from './file.js';
import { LOCAL_STORAGE_SCHEME, browserLocalStorage } from './local-storage.js';
import { INDEXED_DB_SCHEME, browserIndexedDB } from './indexed-db.js';
import { http } from './http.js';

const SCHEMES = `'file://path' (Node), 'localstorage://name', 'indexeddb://name' (browser)`;

function route(url: string, forSave: boolean, who: string): IOHandler {
  if (typeof url !== 'string') throw new TypeError(`${who}: expected a URL string or an IOHandler. Received: ${typeof url}`);
  if (url.startsWith(FILE_SCHEME)) return fileSystem(url);
  if (url.startsWith(LOCAL_STORAGE_SCHEME)) return browserLocalStorage(url);
  if (url.startsWith(INDEXED_DB_SCHEME)) return browserIndexedDB(url);
  if (/^https?:\/\//i.test(url)) {
    if (forSave) throw new Error(`${who}: saving over HTTP is not supported ('${url}'). Use ${SCHEMES} or an IOHandler.`);
    return http(url);
  }
  throw new Error(`${who}: no handler for '${url}'. Use ${SCHEMES}${forSave ? '' : ", 'http(s)://.../model.json'"} or an IOHandler (io.withSaveHandler, io.fromMemory).`);
}

export function getSaveHandler(url: string, who = 'save'): IOHandler {
  return route(url, true, who);
}

export function getLoadHandler(url: string, who = 'loadLayersModel'): IOHandler {
  return route(url, false, who);
}
