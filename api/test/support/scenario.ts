import { randomBytes } from 'node:crypto';
import { idCheckDigit, type StaffRole } from '@haizhu/shared-types';
import { StaffService } from '../../src/modules/identity';
import { MaterialService } from '../../src/modules/material';
import type { TestApp } from './app';

/** A fresh, valid 18-digit ID number (Haizhu address code, a random adult birth date). */
export function newIdNumber(): string {
  const year = 1950 + (randomBytes(1)[0] as number) % 50;
  const month = String(1 + ((randomBytes(1)[0] as number) % 12)).padStart(2, '0');
  const day = String(1 + ((randomBytes(1)[0] as number) % 28)).padStart(2, '0');
  const seq = String(randomBytes(2).readUInt16BE(0) % 1000).padStart(3, '0');
  const body = `440105${year}${month}${day}${seq}`;
  return body + idCheckDigit(body);
}

export function uniqueOpenid(): string {
  return `o-test-${randomBytes(8).toString('hex')}`;
}

export interface GivenResident {
  id: string;
  token: string;
  openid: string;
  auth: { Authorization: string };
  name?: string;
  idNumber?: string;
}

/** Logs a new resident in through the WeChat simulator (magic code), optionally verified. */
export async function givenResident(t: TestApp, opts: { verified?: boolean; name?: string } = {}): Promise<GivenResident> {
  const openid = uniqueOpenid();
  const res = await t.http().post('/api/v1/auth/wechat-login').send({ code: `sim:${openid}` });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  const given: GivenResident = { id: res.body.resident.id, token: res.body.token, openid, auth: { Authorization: `Bearer ${res.body.token}` } };
  if (opts.verified) {
    const name = opts.name ?? '张三';
    const idNumber = newIdNumber();
    const v = await t.http().post('/api/v1/me/real-name').set(given.auth).send({ name, idNumber });
    if (v.status !== 200) throw new Error(`real-name failed: ${v.status} ${JSON.stringify(v.body)}`);
    Object.assign(given, { name, idNumber });
  }
  return given;
}

/** A staff account with the given roles, logged in. */
export async function givenStaff(
  t: TestApp,
  roles: StaffRole[],
  scope: { hallId?: string; departmentCode?: string } = {},
): Promise<{ username: string; password: string; token: string; auth: { Authorization: string } }> {
  const username = `staff-${randomBytes(5).toString('hex')}`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const staff = await t.app.getApplicationContext().getAsync(StaffService);
  await staff.upsertAccount({ username, displayName: '测试工作人员', password, roles, ...scope });
  const res = await t.http().post('/api/v1/staff/auth/login').send({ username, password });
  if (res.status !== 200) throw new Error(`staff login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { username, password, token: res.body.token, auth: { Authorization: `Bearer ${res.body.token}` } };
}

/** Calls a WeChat simulator control (`/__sim/...`). */
export async function wechatSim<T = { code: string }>(t: TestApp, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${t.wechat.url}/__sim/${path}`, { method: 'POST', body: JSON.stringify(body) });
  return (await res.json()) as T;
}

/** The resident holds a valid e-licence of this type, as if fetched from its department (免提交). */
export async function givenLicence(t: TestApp, residentId: string, type: string): Promise<void> {
  const materials = await t.app.getApplicationContext().getAsync(MaterialService);
  await materials.saveLicence(residentId, { type, licenceId: `LIC-${randomBytes(4).toString('hex')}`, name: '电子证照', number: '440105199001011234', issuer: '测试发证机关', issueDate: '2020-01-01', validTo: null, status: 'VALID' });
}
