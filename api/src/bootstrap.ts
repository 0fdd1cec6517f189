/** Production entry: `node dist/bootstrap.js`. Configuration comes from the environment. */
import { join } from 'node:path';
import { Bootstrap } from '@midwayjs/bootstrap';
import { ConfigError, parseConfig } from './common/config';

try {
  parseConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(78);
  }
  throw err;
}

Bootstrap.configure({ appDir: join(__dirname, '..'), baseDir: __dirname }).run();
