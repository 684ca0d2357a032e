import { runWebHostCli } from './web-cli';

// `npm run start:web -- [--port N] [--data-dir DIR]`
await runWebHostCli(process.argv.slice(2));
