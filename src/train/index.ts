export * from './schedule';
export * from './optimizer';
export * from './trainer';
export * from './nat_trainer';
export * from './guided_attention';
export * from './validate';
export * from './rnn_trainer';
export * from './by_length';
