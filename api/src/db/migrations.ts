import type { Migration, MigrationProvider } from 'kysely';
import * as platform001 from '../common/migrations/001_platform';
import * as platform002 from '../common/migrations/002_job_workers';
import * as application001 from '../modules/application/migrations/001_application';
import * as appointment001 from '../modules/appointment/migrations/001_appointment';
import * as audit001 from '../modules/audit/migrations/001_audit';
import * as catalog001 from '../modules/catalog/migrations/001_catalog';
import * as material001 from '../modules/material/migrations/001_material';
import * as material002 from '../modules/material/migrations/002_e_licences';
import * as deptGateway001 from '../modules/dept-gateway/migrations/001_dept_gateway';
import * as payment001 from '../modules/payment/migrations/001_payment';
import * as courier001 from '../modules/courier/migrations/001_courier';
import * as identity001 from '../modules/identity/migrations/001_identity';
import * as identity002 from '../modules/identity/migrations/002_ga_check';
import * as evaluation001 from '../modules/evaluation/migrations/001_evaluation';
import * as notification001 from '../modules/notification/migrations/001_notification';
import * as notification002 from '../modules/notification/migrations/002_sending';
import * as consultation001 from '../modules/consultation/migrations/001_consultation';

/**
 * Every context keeps its migrations in its own folder; this list orders them globally. Names
 * start with a sortable stamp and are never renamed once released.
 */
const MIGRATIONS: Record<string, Migration> = {
  '2026112201_platform': platform001,
  '2026112202_identity': identity001,
  '2026112203_audit': audit001,
  '2026112204_catalog': catalog001,
  '2026112205_appointment': appointment001,
  '2026112206_material': material001,
  '2026112207_application': application001,
  '2026112208_dept_gateway': deptGateway001,
  '2026112209_e_licences': material002,
  '2026112210_payment': payment001,
  '2026112211_courier': courier001,
  '2026112212_ga_check': identity002,
  '2026112213_evaluation': evaluation001,
  '2026112214_consultation': consultation001,
  '2026112215_notification': notification001,
  '2026112216_notification_sending': notification002,
  '2026112217_job_workers': platform002,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
