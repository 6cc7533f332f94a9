/**
 * Preloaded into a server process by the gateway benchmark (`node --import <this file> ...`): the
 * first SIGUSR2 starts a V8 CPU profile, the next one writes it to $BENCH_CPU_PROFILE (a
 * .cpuprofile for Chrome DevTools or speedscope). So the profile covers the measured run only,
 * not start-up, warm-up or idle time.
 */
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';

const target = process.env.BENCH_CPU_PROFILE;
if (target) {
  const session = new Session();
  session.connect();
  let running = false;
  process.on('SIGUSR2', () => {
    void (async () => {
      if (!running) {
        running = true;
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 1000 });
        await session.post('Profiler.start');
        process.stderr.write('bench: CPU profile started\n');
        return;
      }
      running = false;
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(target, JSON.stringify(profile));
      process.stderr.write(`bench: CPU profile written to ${target}\n`);
    })();
  });
}
