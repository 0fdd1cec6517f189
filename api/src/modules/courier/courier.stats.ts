import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import type { SelectQueryBuilder } from 'kysely';
import { Platform } from '../../common/platform';
import type { DB } from '../../db/schema';

/** Once the courier has the parcel, the originals are on their way: the resident need not come. */
const COLLECTED = ['picked_up', 'in_transit', 'delivering', 'signed'] as const;

/** Courier facts for the stats context. Read-only. */
@Provide()
@Scope(ScopeEnum.Singleton)
export class CourierStats {
  @Inject()
  platform!: Platform;

  /** Cases whose paper originals a courier collected (上门取件): a select another context splices into its aggregate. */
  originalsCollected(): SelectQueryBuilder<DB, 'courier_orders', { application_id: string }> {
    return this.platform.db.selectFrom('courier_orders').select('application_id').where('kind', '=', 'pickup').where('status', 'in', [...COLLECTED]);
  }
}
