import { logout } from '../api/auth';
import { clearResidentSession } from '../store/session';

/**
 * Asks the server to end the session, then forgets the token whatever the answer: a person who
 * taps 退出登录 on a flaky network must still end up logged out on this phone.
 */
export async function logoutResident(): Promise<void> {
  try {
    await logout();
  } catch {
    // The token expires server-side on its own.
  } finally {
    clearResidentSession();
  }
}
