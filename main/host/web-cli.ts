import { parseHostArgs, USAGE, type HostArgs } from './args';
import { APP_NAME, APP_VERSION } from './app-meta';
import { errorField, followDesk, openDeskLog } from './desk-log';
import { startWebHost } from './web';

/**
 * The browser host as a command: prints where the desk runs (with its token) and serves until
 * Ctrl-C. Used by `npm run start:web` and by `npm start` when Electron cannot run.
 */
export async function runWebHostCli(argv: string[]): Promise<void> {
  let args: HostArgs;
  try {
    args = parseHostArgs(argv);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  let web: Awaited<ReturnType<typeof startWebHost>>;
  const log = openDeskLog(args.dataDir);
  log.logger.info(
    { event: 'start', version: APP_VERSION, host: 'browser', platform: process.platform },
    'start',
  );
  try {
    web = await startWebHost({
      port: args.port,
      dataDir: args.dataDir,
      onError: (err, context) =>
        log.logger.error({ event: 'error', context, err: errorField(err) }, context),
      ...(args.connection ? { connection: args.connection } : {}),
    });
  } catch (err) {
    log.logger.error(
      { event: 'error', context: 'start failed', err: errorField(err) },
      'start failed',
    );
    await log.close();
    const e = err as NodeJS.ErrnoException;
    const reason =
      e.code === 'EADDRINUSE'
        ? `port ${args.port} is already in use (choose another with --port)`
        : e instanceof Error
          ? e.message
          : String(err);
    console.error(`${APP_NAME} could not start: ${reason}`);
    process.exitCode = 1;
    return;
  }
  const runtime = web.runtime;
  followDesk(runtime.events, () => runtime.session()?.db ?? null, log.logger);
  const info = runtime.info();
  const source = web.runtime.sandboxUrl
    ? `demo mode, local sandbox at ${web.runtime.sandboxUrl}`
    : `VTEX: ${info.connection ?? 'account'}`;
  console.log(`${APP_NAME} ${APP_VERSION} (${source}; data in ${args.dataDir})`);
  console.log(`Open ${web.host.url}`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    web.close().then(
      async () => {
        log.logger.info({ event: 'quit' }, 'quit');
        await log.close();
        process.exit(0);
      },
      (err: unknown) => {
        console.error(`${APP_NAME} did not stop cleanly:`, err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
