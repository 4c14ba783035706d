/**
 * Runs the example: `node dist/main.js` with the variables `readConfig` names.
 */
import { readConfig } from './config.js';
import { startServer } from './server.js';

const running = await startServer(readConfig(process.env));
console.info({ event: 'app.listening', url: running.url });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await running.close();
    process.exit(0);
  });
}
