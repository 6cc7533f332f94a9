import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { isInvalidConfig } from '@headend/ports';
import { readProvisioningConfig } from './config.js';
import { ProvisioningModule } from './provisioning.module.js';

/** provisioning: validates its environment, connects, reads the configuration, then plans until SIGTERM. */
async function main(): Promise<void> {
  const config = readProvisioningConfig(process.env);
  const app = await NestFactory.createApplicationContext(ProvisioningModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
}

main().catch((error: unknown) => {
  const message = isInvalidConfig(error) ? `invalid configuration: ${error.message}` : String(error);
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', msg: 'provisioning failed to start', error: message })}\n`,
  );
  process.exit(1);
});
