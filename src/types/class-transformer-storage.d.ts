// class-transformer ships this module's types as types/storage.d.ts, which the cjs path does not point at.
declare module 'class-transformer/cjs/storage.js' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage.js';
}
