import { Destroy, Init, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import type pg from 'pg';
import { type Clock, systemClock } from './clock';
import { type AppConfig, parseConfig } from './config';
import { BlindIndex, FieldCipher } from './crypto';
import { Logger } from './logger';
import { createDb, type Db } from '../db/database';

/**
 * The process-wide parts every context uses: configuration (parsed once), the database, the
 * logger, field encryption and the clock. Nothing in here is state another process needs.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class Platform {
  config!: AppConfig;
  db!: Db;
  pool!: pg.Pool;
  logger!: Logger;
  cipher!: FieldCipher;
  blindIndex!: BlindIndex;
  /** Replaceable by tests that need to stand at a given instant. */
  clock: Clock = systemClock;

  @Init()
  init(): void {
    this.config = parseConfig();
    const { db, pool } = createDb(this.config.databaseUrl, this.config.dbPoolMax);
    this.db = db;
    this.pool = pool;
    this.logger = new Logger(this.config.log.level, this.config.log.file);
    const c = this.config.crypto;
    this.cipher = new FieldCipher(c.keys, c.activeKeyId, c.mode);
    this.blindIndex = new BlindIndex(c.blindIndexKey, c.mode);
  }

  @Destroy()
  async close(): Promise<void> {
    await this.db.destroy();
  }
}
