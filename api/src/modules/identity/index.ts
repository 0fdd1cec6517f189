export { IdentityService, type ResidentIdentity } from './identity.service';
export { StaffService, PERSONAL_DATA_ROLES } from './staff.service';
export { SessionService } from './session.service';
export { AuthMiddleware } from './auth.middleware';
