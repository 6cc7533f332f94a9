import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { isInvalidConfig } from '@headend/ports';
import { readProvisioningConfig } from './config.js';
import { log, ProvisioningModule } from './provisioning.module.js';

/** How long an orderly close may take before a fatal error ends the process anyway. */
const FATAL_CLOSE_MS = 15_000;

let app: INestApplicationContext | undefined;
let ending = false;

/** A consumer stopped: close what can be closed, then exit non-zero so the orchestrator restarts us. */
function fatal(reason: string, error: Error): void {
  if (ending) return;
  ending = true;
  log('fatal', `provisioning stops: ${reason}`, { error: error.message.slice(0, 1_000) });
  setTimeout(() => process.exit(1), FATAL_CLOSE_MS).unref();
  void (app?.close() ?? Promise.resolve()).finally(() => process.exit(1));
}

/** provisioning: validates its environment, connects, reads the configuration, then plans until SIGTERM. */
async function main(): Promise<void> {
  const config = readProvisioningConfig(process.env);
  app = await NestFactory.createApplicationContext(ProvisioningModule.forRoot(config, fatal), {
    logger: ['error', 'warn'],
    abortOnError: false,
  });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
}

main().catch((error: unknown) => {
  const message = isInvalidConfig(error)
    ? `invalid configuration: ${error.message}`
    : error instanceof Error
      ? error.message
      : String(error);
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', msg: 'provisioning failed to start', error: message })}\n`,
  );
  process.exit(1);
});
