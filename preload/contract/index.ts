export * from './channels';
export * from './schemas';
export type * from './api';
export * from './print';
