import './index.scss';

export { EvaluationEntry } from './EvaluationEntry';
export { EvaluationSummary, LevelStars, RectificationStatusTag } from './EvaluationSummary';
export { unitWord } from './words';
export { useEvaluationOf } from './useEvaluationOf';
