import './index.scss';

export { CaseStatusTag, outcomeText, statusTone } from './CaseStatusTag';
export { DeadlineLine, LightBadge, LIGHT_NAMES, deadlineText } from './Deadline';
export { CourierStatusTag, PaymentStatusTag } from './MoneyTags';
export { Timeline, type TimelineItem } from './Timeline';
