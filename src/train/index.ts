export * from './schedule';
export * from './optimizer';
export * from './trainer';
