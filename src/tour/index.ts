/** The forward-pass tour as data: steps, runs and model loading (no UI). */
export * from './steps';
export * from './run';
export * from './models';
export * from './tensors';
export * from './map';
