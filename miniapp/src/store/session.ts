import type { StaffSummary } from '@haizhu/shared-types';
import { staffSummary } from '@haizhu/shared-types';
import { STORAGE_KEYS, readStorage, readString, removeStorage, writeStorage } from '../utils/storage';
import { createStore, useStore } from './createStore';

export interface ResidentSession {
  token: string;
  expiresAt: string | null;
}

export interface StaffSession {
  token: string;
  expiresAt: string | null;
  staff: StaffSummary;
}

function notExpired(expiresAt: string | null): boolean {
  if (!expiresAt) return true;
  const ms = Date.parse(expiresAt);
  return Number.isNaN(ms) || ms > Date.now();
}

function loadResident(): ResidentSession | null {
  const token = readString(STORAGE_KEYS.residentToken);
  const expiresAt = readString(STORAGE_KEYS.residentTokenExpiresAt);
  return token && notExpired(expiresAt) ? { token, expiresAt } : null;
}

function loadStaff(): StaffSession | null {
  const token = readString(STORAGE_KEYS.staffToken);
  const expiresAt = readString(STORAGE_KEYS.staffTokenExpiresAt);
  const profile = staffSummary.safeParse(readStorage(STORAGE_KEYS.staffProfile));
  return token && profile.success && notExpired(expiresAt) ? { token, expiresAt, staff: profile.data } : null;
}

/** Residents and staff are separate identities with separate tokens (a clerk may also be a resident). */
export const residentSession = createStore<ResidentSession | null>(loadResident());
export const staffSession = createStore<StaffSession | null>(loadStaff());

/** Set when the server ended the session, so 我的 can say why the person is logged out. */
export const residentSessionExpired = createStore<boolean>(false);

export function saveResidentSession(token: string, expiresAt: string | null): void {
  residentSessionExpired.set(false);
  writeStorage(STORAGE_KEYS.residentToken, token);
  if (expiresAt) writeStorage(STORAGE_KEYS.residentTokenExpiresAt, expiresAt);
  else removeStorage(STORAGE_KEYS.residentTokenExpiresAt);
  residentSession.set({ token, expiresAt });
}

export function clearResidentSession(reason: 'logout' | 'expired' = 'logout'): void {
  residentSessionExpired.set(reason === 'expired');
  removeStorage(STORAGE_KEYS.residentToken);
  removeStorage(STORAGE_KEYS.residentTokenExpiresAt);
  residentSession.set(null);
}

export function saveStaffSession(token: string, expiresAt: string | null, staff: StaffSummary): void {
  writeStorage(STORAGE_KEYS.staffToken, token);
  if (expiresAt) writeStorage(STORAGE_KEYS.staffTokenExpiresAt, expiresAt);
  else removeStorage(STORAGE_KEYS.staffTokenExpiresAt);
  writeStorage(STORAGE_KEYS.staffProfile, staff);
  staffSession.set({ token, expiresAt, staff });
}

export function clearStaffSession(): void {
  removeStorage(STORAGE_KEYS.staffToken);
  removeStorage(STORAGE_KEYS.staffTokenExpiresAt);
  removeStorage(STORAGE_KEYS.staffProfile);
  staffSession.set(null);
}

/** The current resident token, re-checking expiry so a stale token isn't sent. */
export function currentResidentToken(): string | null {
  const s = residentSession.get();
  if (s && !notExpired(s.expiresAt)) {
    clearResidentSession('expired');
    return null;
  }
  return s?.token ?? null;
}

export function currentStaffToken(): string | null {
  const s = staffSession.get();
  if (s && !notExpired(s.expiresAt)) {
    clearStaffSession();
    return null;
  }
  return s?.token ?? null;
}

export function useResidentSession(): ResidentSession | null {
  return useStore(residentSession);
}

export function useResidentSessionExpired(): boolean {
  return useStore(residentSessionExpired);
}

export function useStaffSession(): StaffSession | null {
  return useStore(staffSession);
}
