import { Text, View } from '@tarojs/components';
import { RECTIFICATION_RATINGS, RECTIFICATION_RATING_NAMES, appealBody, rectificationRatingBody, type EvaluationView, type RectificationView } from '@haizhu/shared-types';
import { useState } from 'react';
import { appealRectification, rateRectification } from '../../api/evaluation';
import { BigButton } from '../../components/BigButton';
import { BottomSheet, SheetError, SheetOption } from '../../components/BottomSheet';
import { TextAreaField } from '../../components/FormField';
import { useSubmit } from '../../hooks/useSubmit';

type Rating = (typeof RECTIFICATION_RATINGS)[number];

const APPEAL_MAX = appealBody.shape.reason.maxLength ?? 500;
const RATING_COMMENT_MAX = rectificationRatingBody.shape.comment.unwrap().maxLength ?? 500;

interface SheetProps {
  ev: EvaluationView;
  /** the department or hall in words */
  unit: string;
  onDone(r: RectificationView, message: string): void;
  onClose(): void;
}

/** 申诉: the resident disagrees with the handling; it goes back to the unit once, with a new deadline. */
export function AppealSheet({ ev, unit, onDone, onClose }: SheetProps) {
  const { pending, error, send } = useSubmit(onDone);
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<string | undefined>();
  const confirm = () => {
    const parsed = appealBody.safeParse({ reason });
    if (!parsed.success) {
      setInvalid(parsed.error.issues[0]?.message ?? '请写明申诉理由');
      return;
    }
    setInvalid(undefined);
    void send(() => appealRectification(ev.id, parsed.data.reason), '已提交申诉');
  };
  return (
    <BottomSheet
      open
      title='对处理结果申诉'
      onClose={onClose}
      testId='mine-appeal-sheet'
      footer={
        <BigButton onClick={confirm} loading={pending} loadingText='正在提交…' testId='mine-appeal-confirm'>
          提交申诉
        </BigButton>
      }
    >
      <Text className='ev-hint'>认为{unit}的处理不到位，可以申诉一次。申诉后会重新处理，整改期限重新计算。如仍有异议，可拨打 12345 热线。</Text>
      <TextAreaField
        inputClass='hz-ev-textarea'
        counterClass='hz-ev-count'
        label='申诉理由'
        value={reason}
        max={APPEAL_MAX}
        placeholder='如：只是口头答复，问题仍未解决'
        error={invalid}
        testId='mine-appeal-reason'
        onChange={(v) => {
          setReason(v);
          setInvalid(undefined);
        }}
      />
      <SheetError error={error} testId='mine-appeal-error' />
    </BottomSheet>
  );
}

/** 评价整改结果: 满意 / 基本满意 / 不满意, which closes the rectification. */
export function RectificationRatingSheet({ ev, onDone, onClose }: SheetProps) {
  const { pending, error, send } = useSubmit(onDone);
  const [rating, setRating] = useState<Rating | null>(null);
  const [comment, setComment] = useState('');
  const [invalid, setInvalid] = useState<{ rating?: string; comment?: string }>({});
  const confirm = () => {
    const trimmed = comment.trim();
    const parsed = rectificationRatingBody.safeParse({ rating: rating ?? undefined, ...(trimmed ? { comment: trimmed } : {}) });
    if (!parsed.success) {
      const found: { rating?: string; comment?: string } = {};
      for (const issue of parsed.error.issues) {
        if (issue.path[0] === 'rating') found.rating ??= '请选择您对整改结果的评价';
        if (issue.path[0] === 'comment') found.comment ??= issue.message;
      }
      setInvalid(found);
      return;
    }
    setInvalid({});
    void send(() => rateRectification(ev.id, parsed.data), '已评价整改结果');
  };
  return (
    <BottomSheet
      open
      title='评价整改结果'
      onClose={onClose}
      testId='mine-rect-rating-sheet'
      footer={
        <BigButton onClick={confirm} loading={pending} loadingText='正在提交…' testId='mine-rect-rating-confirm'>
          提交评价
        </BigButton>
      }
    >
      <Text className='ev-hint'>您对这次差评的整改和答复满意吗？评价后整改结束。</Text>
      {RECTIFICATION_RATINGS.map((r) => (
        <SheetOption
          key={r}
          on={rating === r}
          label={RECTIFICATION_RATING_NAMES[r]}
          testId='mine-rect-rating-option'
          code={r}
          onPick={() => {
            setRating(r);
            setInvalid((i) => ({ ...i, rating: undefined }));
          }}
        />
      ))}
      {invalid.rating && (
        <Text className='hz-form-error' data-testid='mine-rect-rating-error'>
          {invalid.rating}
        </Text>
      )}
      <View className='ev-section-gap'>
        <TextAreaField
          inputClass='hz-ev-textarea'
          counterClass='hz-ev-count'
          label='补充说明（可不写）'
          value={comment}
          max={RATING_COMMENT_MAX}
          placeholder='如：已经解决了，谢谢'
          error={invalid.comment}
          testId='mine-rect-rating-comment'
          onChange={(v) => {
            setComment(v);
            setInvalid((i) => ({ ...i, comment: undefined }));
          }}
        />
      </View>
      <SheetError error={error} testId='mine-rect-rating-api-error' />
    </BottomSheet>
  );
}
