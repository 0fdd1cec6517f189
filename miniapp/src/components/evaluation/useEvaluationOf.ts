import type { EvaluationTargetType, EvaluationView } from '@haizhu/shared-types';
import { evaluationOf } from '../../api/evaluation';
import { type Resource, useResource } from '../../hooks/useResource';
import { useShownAgain } from '../../hooks/useShownAgain';
import { useResidentSession } from '../../store/session';

/** The resident's rating of one service (null: not rated yet), read again on return from the rating page. */
export function useEvaluationOf(targetType: EvaluationTargetType, targetId: string): Resource<EvaluationView | null> {
  const session = useResidentSession();
  const rating = useResource(session ? `${targetType}:${targetId}:${session.token}` : null, () => evaluationOf(targetType, targetId));
  useShownAgain(rating.reload);
  return rating;
}
