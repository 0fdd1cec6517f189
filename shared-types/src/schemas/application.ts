import { z } from 'zod';
import { eLicenceType } from './catalog';
import { courierOrderView } from './courier';
import { paymentView } from './payment';

export const APPLICATION_STATUSES = [
  'draft',
  'submitted',
  'supplement_requested',
  'accepted',
  'accepted_deficient',
  'refused',
  'withdrawn',
  'forwarded',
  'in_review',
  'approved',
  'denied',
  'result_delivered',
  'completed',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const applicationStatus = z.enum(APPLICATION_STATUSES);

export const APPLICATION_STATUS_NAMES: Record<ApplicationStatus, string> = {
  draft: '草稿',
  submitted: '已提交，待受理',
  supplement_requested: '需补正材料',
  accepted: '已受理',
  accepted_deficient: '已容缺受理',
  refused: '不予受理',
  withdrawn: '已撤回',
  forwarded: '已转送部门',
  in_review: '部门审核中',
  approved: '审批通过',
  denied: '审批不通过',
  result_delivered: '结果已送达',
  completed: '已办结',
};

export const LIGHTS = ['green', 'yellow', 'red'] as const;
export type Light = (typeof LIGHTS)[number];

const answers = z.record(z.string().max(64), z.string().max(64));
const formValues = z.record(z.string().max(64), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]));

export const createApplicationBody = z
  .object({
    itemCode: z.string().min(1).max(64).optional(),
    bundleCode: z.string().min(1).max(64).optional(),
    form: formValues.default({}),
    situation: answers.default({}),
    /** apply for someone who authorised you (委托代办): their ID number */
    onBehalfOf: z.string().trim().max(18).optional(),
  })
  .refine((b) => !!b.itemCode !== !!b.bundleCode, { message: '请选择一个事项或一件事', path: ['itemCode'] });
export type CreateApplicationBody = z.input<typeof createApplicationBody>;

export const updateDraftBody = z.object({ form: formValues.optional(), situation: answers.optional() });

export const provideMaterialBody = z.union([
  z.object({ fileId: z.string().min(1).max(64) }),
  z.object({ libraryItemId: z.string().min(1).max(64) }),
  z.object({ eLicenceType }),
]);

export const acceptBody = z.object({
  deficient: z
    .array(z.object({ materialCode: z.string().min(1).max(64), dueWorkingDays: z.number().int().min(1).max(30), way: z.string().trim().min(2, '请说明补齐方式').max(200) }))
    .max(20)
    .optional(),
});
export const refuseBody = z.object({ reason: z.string().trim().min(4, '请写明不予受理的理由').max(500) });
export const supplementBody = z.object({ materials: z.array(z.string().min(1).max(64)).min(1, '请选择需要补正的材料').max(20), reason: z.string().trim().min(4, '请写明需要补正的内容').max(500) });

export const deadlineView = z.object({ due: z.string(), legalDue: z.string().nullable(), workingDaysLeft: z.number(), light: z.enum(LIGHTS) });

export const applicationMaterialView = z.object({
  code: z.string(),
  name: z.string(),
  required: z.boolean(),
  deficiencyAllowed: z.boolean(),
  eLicenceType: z.string().nullable(),
  provided: z.object({ source: z.enum(['upload', 'library', 'e_licence']), fileId: z.string().nullable(), eLicenceType: z.string().nullable(), at: z.string() }).nullable(),
  /** 容缺: to be supplied by `due`, in the stated way */
  deficient: z.object({ due: z.string(), way: z.string() }).nullable(),
  /** asked again by a 补正 request */
  supplementRequested: z.boolean(),
});

export const timelineEntry = z.object({ at: z.string(), status: z.string(), title: z.string(), note: z.string().nullable() });

export const applicationView = z.object({
  id: z.string(),
  applicationNo: z.string(),
  status: applicationStatus,
  statusName: z.string(),
  itemCode: z.string(),
  itemName: z.string(),
  departmentName: z.string(),
  bundleCode: z.string().nullable(),
  applicantName: z.string().nullable().describe('masked'),
  onBehalf: z.boolean(),
  form: formValues,
  situation: answers,
  materials: z.array(applicationMaterialView),
  /** what the resident has to do now, in plain words */
  needed: z.array(z.string()),
  timeline: z.array(timelineEntry),
  deadline: deadlineView.nullable(),
  refusalReason: z.string().nullable(),
  supplement: z.object({ materials: z.array(z.string()), reason: z.string() }).nullable(),
  result: z.object({ outcome: z.string(), note: z.string().nullable() }).nullable(),
  /** the item's fee in fen (分), null when free */
  fee: z.object({ amount: z.number().int(), description: z.string() }).nullable(),
  /** paper originals are asked for: the resident may book a courier pickup (上门取件) */
  originalsNeeded: z.boolean(),
  /** how the result may reach the resident */
  resultDelivery: z.array(z.enum(['electronic', 'window', 'courier'])),
  payments: z.array(paymentView),
  courierOrders: z.array(courierOrderView),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
});
export type ApplicationView = z.infer<typeof applicationView>;

export const createdApplication = z.object({ id: z.string(), applicationNo: z.string(), queryCode: z.string(), status: z.literal('draft') });

export const progressQuery = z.object({ applicationNo: z.string().trim().min(8).max(32), queryCode: z.string().trim().regex(/^\d{6}$/, '查询码为 6 位数字') });
export const progressView = z.object({
  applicationNo: z.string(),
  itemName: z.string(),
  status: applicationStatus,
  statusName: z.string(),
  timeline: z.array(z.object({ at: z.string(), title: z.string() })),
  deadline: deadlineView.nullable(),
});
export type ProgressView = z.infer<typeof progressView>;

export const staffApplicationsQuery = z.object({
  status: applicationStatus.optional(),
  light: z.enum(LIGHTS).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

/** An e-licence the resident holds (fetched from its issuing department); the number masked. */
export const eLicenceView = z.object({
  type: z.string(),
  name: z.string(),
  number: z.string(),
  issuer: z.string(),
  issueDate: z.string().nullable(),
  validTo: z.string().nullable(),
  status: z.string(),
  fetchedAt: z.string(),
});
export type ELicenceView = z.infer<typeof eLicenceView>;
