export * from './store';
export * from './hash';
export type { HashField } from './fields';
export { usePresenting } from './presenting';
