import './index.scss';

export { cancelFailure, confirmCancel } from './cancel';
export { ChoiceRow } from './ChoiceRow';
export { InfoRow } from './InfoRow';
export { LiveNote } from './LiveNote';
export { NoShowRecord, RestrictionNotice } from './Restriction';
export { StatusTag } from './StatusTag';
