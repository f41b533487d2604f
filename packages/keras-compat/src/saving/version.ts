/** What Tessera writes in model.json's `generatedBy`, `keras_version` and `backend`. */
export const TESSERA_KERAS_VERSION = '0.1.0';
export const GENERATED_BY = `Tessera @tessera/keras-compat v${TESSERA_KERAS_VERSION}`;
export const KERAS_VERSION = `tessera-keras-compat ${TESSERA_KERAS_VERSION}`;
export const BACKEND = 'tessera';
export const LAYERS_MODEL_FORMAT = 'layers-model';
