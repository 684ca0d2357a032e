import pkg from '../../package.json';

/** The product's name as people read it (package.json's `name` is the npm id). */
export const APP_NAME = 'Order Desk';
export const APP_VERSION: string = pkg.version;
/** Folder name of the per-user data directory. */
export const APP_ID: string = pkg.name;
