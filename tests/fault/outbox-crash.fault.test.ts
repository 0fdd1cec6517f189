import { api, armCrash, crashed, DEPT_SIM, clearCrashes, eventually, STAFF_PASSWORD, verifiedResident, whenUp } from './support/http';

afterAll(clearCrashes);

/*
 * Crash injection on the real stack: the API process kills itself (SIGKILL, no cleanup) inside the
 * acceptance's transaction, between acceptance and the department call, and after the department
 * took the case but before we recorded it. The cluster starts a new process each time; the case
 * must still reach the department exactly once, as the department simulator's own records show.
 */

it('reaches the department exactly once through three crashes, and the crashed transaction leaves no trace', async () => {
  const admin = (await api<{ token: string }>('POST', '/api/v1/staff/auth/login', undefined, { username: 'admin', password: STAFF_PASSWORD })).body.token;
  const imported = await api('POST', '/api/v1/staff/catalog/import', admin, {
    format: 'haizhu-catalogue/v1',
    departments: [{ code: 'HZ-RSJ', name: '广州市海珠区人力资源和社会保障局' }],
    items: [{ itemCode: 'FAULT-RS-1', name: '故障演练事项', departmentCode: 'HZ-RSJ', category: '社保', guide: { legalDays: 20, promisedDays: 5, fee: { free: true, description: '不收费' }, maxVisits: 0, places: [] }, materials: [], onlineApply: true }],
    bundles: [],
  });
  expect(imported.status).toBe(200);
  const resident = await verifiedResident('fault');
  const draft = await api<{ id: string; applicationNo: string }>('POST', '/api/v1/applications', resident, { itemCode: 'FAULT-RS-1' });
  const reviewer = (await api<{ token: string }>('POST', '/api/v1/staff/auth/login', undefined, { username: 'reviewer-rs', password: STAFF_PASSWORD })).body.token;

  armCrash('application.submit.before_commit', 'dept_submit.before_call', 'dept_submit.after_call');
  // ① The process dies inside the submission's transaction: the request fails and nothing is kept.
  await expect(api('POST', `/api/v1/applications/${draft.body.id}/submit`, resident)).rejects.toThrow();
  expect(crashed('application.submit.before_commit')).toBe(true);
  const untouched = await whenUp(() => api<{ status: string; timeline: { status: string }[] }>('GET', `/api/v1/applications/${draft.body.id}`, resident));
  expect(untouched.body.status).toBe('draft');
  expect(untouched.body.timeline.some((e) => e.status === 'submitted')).toBe(false);

  // The resident tries again on the new process; acceptance enqueues the delivery, and ② and ③
  // then kill the process running that job, before and after the department call.
  expect((await whenUp(() => api<{ status: string }>('POST', `/api/v1/applications/${draft.body.id}/submit`, resident))).body.status).toBe('submitted');
  // The job may start (and kill the process) before the acceptance's answer is written: the
  // acceptance committed all the same, which is what the case shows.
  await api('POST', `/api/v1/staff/applications/${draft.body.id}/accept`, reviewer, {}).catch(() => undefined);
  const forwarded = await eventually(() => api<{ status: string; timeline: { status: string; title: string }[] }>('GET', `/api/v1/applications/${draft.body.id}`, resident), (r) => r.body.timeline.some((e) => e.status === 'forwarded'), 90_000);
  expect(crashed('dept_submit.before_call')).toBe(true);
  expect(crashed('dept_submit.after_call')).toBe(true);
  expect(forwarded.body.timeline.filter((e) => e.status === 'submitted')).toHaveLength(1);
  expect(forwarded.body.timeline.filter((e) => e.status === 'accepted')).toHaveLength(1);
  // (The department's receipt is a note written in the same status: count the forwarding itself.)
  expect(forwarded.body.timeline.filter((e) => e.status === 'forwarded' && e.title.startsWith('已转送'))).toHaveLength(1);

  // The department's own records: one case, however many times it was sent.
  const dept = DEPT_SIM;
  const cases = (await (await fetch(`${dept}/__sim/cases?applicationNo=${draft.body.applicationNo}`)).json()) as unknown[];
  expect(cases).toHaveLength(1);
  const submissions = (await (await fetch(`${dept}/__sim/submissions?applicationNo=${draft.body.applicationNo}`)).json()) as unknown[];
  expect(submissions.length).toBeGreaterThanOrEqual(2);
});
