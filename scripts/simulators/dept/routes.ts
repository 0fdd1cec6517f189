/**
 * The `/v1` endpoints (spec §4–§7) and the departments each call reaches, which decides where
 * `down` and per-department latency apply (the "prefix routing by deptCode / dataset" of §8).
 */
import type { IncomingHttpHeaders } from 'node:http';

import { DATASETS, isDatasetCode, isDeptCode, LICENSE_TYPE_DEFS, type DeptCode } from './catalog';
import { caseByApplicationNo, caseView, deptOfCaseNo, requireCase, submitCase, submitSupplement, withdrawCase } from './cases';
import { authorize, revoke } from './consent';
import { queryDataset } from './datasets';
import { lookup, searchDataItems } from './information-index';
import { getLicense, licenseFile, searchedLicenseTypes, searchLicenses, verifyLicense } from './licenses';
import type { Runtime } from './runtime';
import type { AppGrant } from './state';
import type { Obj } from './validate';

export interface ApiContext {
  rt: Runtime;
  app: AppGrant;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON object body (`{}` for GET and DELETE). */
  body: Obj;
  headers: IncomingHttpHeaders;
}

export interface ApiRoute {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** Departments this call reaches; empty for the platform's own services (consent, index). */
  depts(ctx: ApiContext): DeptCode[];
  handle(ctx: ApiContext): unknown;
}

function one(dept: DeptCode | undefined): DeptCode[] {
  return dept === undefined ? [] : [dept];
}

function licenceDept(ctx: ApiContext, licenseId: string | undefined): DeptCode[] {
  const licence = licenseId === undefined ? undefined : ctx.rt.state.licenses.get(licenseId);
  return licence ? [LICENSE_TYPE_DEFS[licence.licenseType].issuerDept] : [];
}

function param(ctx: ApiContext, name: string): string {
  return ctx.params[name] ?? '';
}

export const ROUTES: readonly ApiRoute[] = [
  {
    method: 'POST',
    path: '/v1/cases',
    depts: (ctx) => one(isDeptCode(ctx.body.deptCode) ? ctx.body.deptCode : undefined),
    handle: (ctx) => submitCase(ctx.rt, ctx.app, ctx.body),
  },
  {
    method: 'GET',
    path: '/v1/cases',
    depts: (ctx) => {
      const caseNo = ctx.rt.state.caseByApplicationNo.get(ctx.query.get('applicationNo') ?? '');
      return one(caseNo === undefined ? undefined : deptOfCaseNo(caseNo));
    },
    handle: (ctx) => caseView(caseByApplicationNo(ctx.rt, ctx.query.get('applicationNo'))),
  },
  {
    method: 'GET',
    path: '/v1/cases/:caseNo',
    depts: (ctx) => one(deptOfCaseNo(param(ctx, 'caseNo'))),
    handle: (ctx) => caseView(requireCase(ctx.rt, param(ctx, 'caseNo'))),
  },
  {
    method: 'POST',
    path: '/v1/cases/:caseNo/supplements',
    depts: (ctx) => one(deptOfCaseNo(param(ctx, 'caseNo'))),
    handle: (ctx) => submitSupplement(ctx.rt, param(ctx, 'caseNo'), ctx.body),
  },
  {
    method: 'POST',
    path: '/v1/cases/:caseNo/withdraw',
    depts: (ctx) => one(deptOfCaseNo(param(ctx, 'caseNo'))),
    handle: (ctx) => withdrawCase(ctx.rt, param(ctx, 'caseNo'), ctx.body),
  },
  {
    method: 'POST',
    path: '/v1/authorizations',
    depts: () => [],
    handle: (ctx) => authorize(ctx.rt.state, ctx.app, ctx.body),
  },
  {
    method: 'DELETE',
    path: '/v1/authorizations/:authToken',
    depts: () => [],
    handle: (ctx) => revoke(ctx.rt.state, ctx.app, param(ctx, 'authToken')),
  },
  {
    method: 'POST',
    path: '/v1/data/:datasetCode/query',
    depts: (ctx) => {
      const code = param(ctx, 'datasetCode');
      return one(isDatasetCode(code) ? DATASETS[code].deptCode : undefined);
    },
    handle: (ctx) => queryDataset(ctx.rt.state, ctx.app, param(ctx, 'datasetCode'), ctx.body),
  },
  {
    method: 'POST',
    path: '/v1/licenses/search',
    depts: (ctx) => [...new Set(searchedLicenseTypes(ctx.body).map((type) => LICENSE_TYPE_DEFS[type].issuerDept))],
    handle: (ctx) => searchLicenses(ctx.rt.state, ctx.app, ctx.body),
  },
  {
    method: 'POST',
    path: '/v1/licenses/verify',
    depts: (ctx) => licenceDept(ctx, typeof ctx.body.licenseId === 'string' ? ctx.body.licenseId : undefined),
    handle: (ctx) => verifyLicense(ctx.rt.state, ctx.body),
  },
  {
    method: 'GET',
    path: '/v1/licenses/:licenseId',
    depts: (ctx) => licenceDept(ctx, param(ctx, 'licenseId')),
    handle: (ctx) => {
      const token = ctx.headers['x-auth-token'];
      return getLicense(ctx.rt.state, ctx.app, param(ctx, 'licenseId'), Array.isArray(token) ? token[0] : token);
    },
  },
  {
    method: 'POST',
    path: '/v1/licenses/:licenseId/file',
    depts: (ctx) => licenceDept(ctx, param(ctx, 'licenseId')),
    handle: (ctx) => licenseFile(ctx.rt, ctx.app, param(ctx, 'licenseId'), ctx.body),
  },
  {
    method: 'GET',
    path: '/v1/index/data-items',
    depts: () => [],
    handle: (ctx) => searchDataItems(ctx.rt.state, ctx.query),
  },
  {
    method: 'POST',
    path: '/v1/index/lookup',
    depts: () => [],
    handle: (ctx) => lookup(ctx.rt.state, ctx.app, ctx.body, (dept) => ctx.rt.state.deptDown.has(dept)),
  },
];

interface Compiled {
  route: ApiRoute;
  pattern: RegExp;
  names: string[];
}

const COMPILED: readonly Compiled[] = ROUTES.map((route) => {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), names };
});

export type RouteMatch = { route: ApiRoute; params: Record<string, string> } | { route: undefined; methodMismatch: boolean };

/** Finds the route for a request; path parameters are percent-decoded. */
export function matchRoute(method: string, path: string): RouteMatch {
  let methodMismatch = false;
  for (const { route, pattern, names } of COMPILED) {
    const match = pattern.exec(path);
    if (!match) continue;
    if (route.method !== method) {
      methodMismatch = true;
      continue;
    }
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      const raw = match[i + 1] ?? '';
      try {
        params[name] = decodeURIComponent(raw);
      } catch {
        params[name] = raw;
      }
    });
    return { route, params };
  }
  return { route: undefined, methodMismatch };
}
