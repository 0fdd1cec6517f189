/**
 * The information index (信息索引, §7): what data items exist, who holds them and under which
 * sharing class; and, for one resident, which departments hold data, presence only.
 */
import { DATA_ITEMS, DEPT_CODES, type DataItem, type DeptCode } from './catalog';
import { nameMustMatch, parseSubject, useToken } from './consent';
import { DeptError, FieldError } from './errors';
import type { AppGrant, Person, SimState } from './state';
import { reqArray, optString, type Obj } from './validate';

/** An item's sharing class follows its dataset's (which `/__sim/config {shareTypes}` may change). */
function itemView(state: SimState, item: DataItem): Record<string, unknown> {
  const { presence: _presence, ...view } = item;
  return { ...view, shareType: item.datasetCode === null ? item.shareType : state.config.shareTypes[item.datasetCode] };
}

/** `GET /v1/index/data-items?keyword=&deptCode=`: keyword matches the code, name, condition or a field name. */
export function searchDataItems(state: SimState, query: URLSearchParams): Record<string, unknown> {
  const keyword = (query.get('keyword') ?? '').trim().toLowerCase();
  const deptCode = query.get('deptCode');
  if (deptCode !== null && deptCode !== '' && !(DEPT_CODES as readonly string[]).includes(deptCode)) throw new FieldError('deptCode', `must be one of ${DEPT_CODES.join(', ')}`);
  if ([...keyword].length > 50) throw new FieldError('keyword', 'must be at most 50 characters');
  const items = DATA_ITEMS.filter((item) => {
    if (deptCode !== null && deptCode !== '' && item.deptCode !== deptCode) return false;
    if (keyword === '') return true;
    const haystack = [item.dataItemCode, item.name, item.shareCondition ?? '', ...item.fields.map((f) => `${f.code} ${f.name}`)].join(' ').toLowerCase();
    return haystack.includes(keyword);
  });
  return { items: items.map((item) => itemView(state, item)) };
}

function hasData(person: Person | undefined, item: DataItem): boolean {
  if (!person) return false;
  switch (item.presence) {
    case 'socialInsurance':
      return person.socialInsurance.length > 0;
    case 'marriage':
      return person.marriage !== null;
    case 'household':
      return person.household !== null;
    case 'birth':
      return person.birth !== null;
    case 'none':
      return false;
  }
}

/**
 * `POST /v1/index/lookup`: per item, whether its holder has data for the subject. A department in
 * `down` mode answers `hasData:null`. Not-shared items are refused (10005); a token for the subject
 * is needed when any requested item is conditional.
 */
export function lookup(state: SimState, app: AppGrant, body: Obj, isDown: (dept: DeptCode) => boolean): Record<string, unknown> {
  const subject = parseSubject(body, 'subject');
  const codes = reqArray(body, 'dataItemCodes', '', { min: 1, max: 50 });
  const items = codes.map((code, i) => {
    const item = DATA_ITEMS.find((candidate) => candidate.dataItemCode === code);
    if (!item) throw new FieldError(`dataItemCodes[${i}]`, 'is not in the information index');
    return item;
  });
  const shareTypes = items.map((item) => itemView(state, item).shareType);
  const refused = items.find((_item, i) => shareTypes[i] === 'NOT_SHARED');
  if (refused) throw new DeptError('10005', `${refused.dataItemCode} is not shared`, { dataItemCode: refused.dataItemCode });
  const authToken = optString(body, 'authToken', '', { max: 128 });
  if (shareTypes.includes('CONDITIONAL') || authToken !== undefined) useToken(state, app, authToken, { subjectIdNumber: subject.idNumber });
  nameMustMatch(state, subject, 'subject');
  const person = state.people.get(subject.idNumber);
  return {
    results: items.map((item) => ({
      dataItemCode: item.dataItemCode,
      holders: [{ deptCode: item.deptCode, hasData: isDown(item.deptCode) ? null : hasData(person, item) }],
    })),
  };
}
