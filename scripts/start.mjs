// `npm start`, after `electron-vite build`: starts Electron when it can run on this machine and the
// browser host otherwise (main/host/start.ts decides). The host runs from the TypeScript sources,
// so tsx is registered first.
import { register } from 'tsx/esm/api';

register();
await import('../main/host/start.ts');
