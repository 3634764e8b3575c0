export * from './store';
export * from './hash';
export * from './charVocab';
export type { HashField } from './fields';
export { usePresenting } from './presenting';
