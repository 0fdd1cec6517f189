import './index.scss';

export { ConsultationStatusTag } from './StatusTag';
export { DueLine, dueText, type Viewer } from './DueLine';
export { ConsultationMessages, type OpenFile } from './Messages';
export { BodyField } from './BodyField';
