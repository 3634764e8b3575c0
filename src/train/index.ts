export * from './schedule';
export * from './optimizer';
export * from './trainer';
export * from './nat_trainer';
export * from './rnn_trainer';
export * from './by_length';
