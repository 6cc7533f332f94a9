// Tracing starts before anything else is loaded.
import './instrument.js';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { isInvalidConfig } from '@headend/ports';
import { readGatewayConfig } from './config.js';
import { GatewayModule } from './gateway.module.js';
import { installProcessGuard } from './process-guard.js';

const faults = installProcessGuard();

/** cwmp-gateway: validates its environment, connects, then serves CPEs until SIGTERM. */
async function main(): Promise<void> {
  const config = readGatewayConfig(process.env);
  const app = await NestFactory.createApplicationContext(GatewayModule.forRoot(config, faults), {
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
    `${JSON.stringify({ level: 'fatal', msg: 'cwmp-gateway failed to start', error: message })}\n`,
  );
  process.exit(1);
});
