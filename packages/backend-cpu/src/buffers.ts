// Every CPU buffer is the typed array core's typedArrayFor makes for its dtype.
export { typedArrayFor as newArray } from '@tessera/core';
