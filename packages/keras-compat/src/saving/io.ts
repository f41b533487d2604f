/** tfjs-style `io`: handlers for model.save / loadLayersModel. */
export { withSaveHandler, fromMemory, memory, MemoryHandler } from './handlers/memory.js';
export { fileSystem, NodeFileSystem } from './handlers/file.js';
export { browserLocalStorage, BrowserLocalStorage } from './handlers/local-storage.js';
export type { StorageLike } from './handlers/local-storage.js';
export { browserIndexedDB, BrowserIndexedDB } from './handlers/indexed-db.js';
export type { IDBFactoryLike } from './handlers/indexed-db.js';
export { http, HttpLoader } from './handlers/http.js';
export { getSaveHandler, getLoadHandler } from './handlers/router.js';
export type { IOHandler, ModelArtifacts, ModelArtifactsInfo, ModelJSON, SaveResult, SaveConfig, TrainingConfig, WeightsManifestEntry, WeightsManifestGroup } from './types.js';
