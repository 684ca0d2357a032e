export * from './channels';
export * from './schemas';
export type * from './api';
export * from './print';
export * from './orders';
export * from './actions';
export * from './sync';
export * from './settings';
export * from './support';
