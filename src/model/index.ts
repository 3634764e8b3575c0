export * from './config';
export * from './params';
export * from './trace';
export * from './attention';
export * from './layers';
export * from './seq2seq';
export * from './nat';
export * from './rnn';
