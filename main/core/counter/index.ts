export * from './store';
export * from './sale';
export * from './settings';
