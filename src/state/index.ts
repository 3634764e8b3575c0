export * from './store';
export * from './hash';
export * from './charVocab';
