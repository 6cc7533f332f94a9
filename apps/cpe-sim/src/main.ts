/**
 * cpe-sim: runs a fleet of simulated CPEs against an ACS. Thin on purpose: the CLI is in cli.ts,
 * the fleet in fleet.ts, the device behaviour in @headend/cpe-model.
 */
import { appendFileSync } from 'node:fs';
import { CliError, parseCli, USAGE } from './cli.js';
import { startFleet } from './fleet.js';
import { progressLine } from './progress.js';

async function main(): Promise<number> {
  let cli;
  try {
    cli = parseCli(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    process.stderr.write(`cpe-sim: ${e.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (cli.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { journal } = cli;
  // Synchronous: a line is whole on disk before the next session, even if the process is killed.
  const onSession =
    journal === undefined
      ? undefined
      : (device: string, session: object): void =>
          appendFileSync(journal, `${JSON.stringify({ device, ...session })}\n`);
  const fleet = await startFleet({ ...cli.fleet, onSession });
  if (fleet.crPort !== undefined)
    process.stderr.write(`cpe-sim: connection requests on port ${fleet.crPort}\n`);
  let previous = fleet.stats();
  const progress =
    cli.progressSeconds > 0
      ? setInterval(() => {
          const now = fleet.stats();
          process.stderr.write(`${progressLine(previous, now)}\n`);
          previous = now;
        }, cli.progressSeconds * 1000)
      : undefined;
  await new Promise<void>((resolve) => {
    const timer =
      cli.durationSeconds === undefined ? undefined : setTimeout(resolve, cli.durationSeconds * 1000);
    const onSignal = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      resolve();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  if (progress !== undefined) clearInterval(progress);
  await fleet.stop();
  const stats = fleet.stats();
  process.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
  if (stats.failureSamples.tls !== undefined) {
    process.stderr.write(
      `cpe-sim: ${stats.failureSamples.tls}; --insecure accepts any certificate, --ca-file trusts a CA\n`,
    );
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`cpe-sim: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
