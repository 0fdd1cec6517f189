import { Text, View } from '@tarojs/components';
import { MAX_ATTACHMENTS } from '../../api/consultation';
import type { AttachmentUploads } from './attachments';

function sizeLabel(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** The attached files with 删除, the upload in progress with 取消, and 拍照 / 从手机选择 until the limit. */
export function AttachmentPicker({ uploads: u, testId, error, disabled = false }: { uploads: AttachmentUploads; testId: string; error?: string | null; disabled?: boolean }) {
  return (
    <View className={`cs-attach${error ? ' cs-attach--invalid' : ''}`} data-testid={testId} data-count={u.files.length}>
      <Text className='cs-attach__label'>附件（可不加）</Text>
      <Text className='cs-attach__hint'>照片或 PDF，最多 {MAX_ATTACHMENTS} 个。只有答复您的工作人员能看到。</Text>
      {u.files.map((f) => (
        <View key={f.id} className='cs-attach__file' data-testid={`${testId}-file`} data-id={f.id}>
          <Text className='cs-attach__kind'>{f.mime === 'application/pdf' ? 'PDF' : '图片'}</Text>
          <Text className='cs-attach__name'>
            {f.name}（{sizeLabel(f.size)}）
          </Text>
          {!disabled && (
            <Text className='cs-attach__remove' data-testid={`${testId}-remove`} onClick={() => u.remove(f.id)}>
              删除
            </Text>
          )}
        </View>
      ))}
      {u.progress !== null && (
        <View className='cs-upload' data-testid={`${testId}-progress`} data-progress={u.progress}>
          <View className='cs-upload__bar'>
            <View className='cs-upload__fill' style={{ width: `${u.progress}%` }} />
          </View>
          <View className='cs-upload__row'>
            <Text className='cs-upload__text'>正在上传 {u.progress}%</Text>
            <Text className='cs-upload__cancel' data-testid={`${testId}-cancel`} onClick={u.cancel}>
              取消
            </Text>
          </View>
        </View>
      )}
      {u.error && (
        <View className='hz-alert cs-attach__alert' data-testid={`${testId}-error`}>
          {u.error.message}
        </View>
      )}
      {error && (
        <Text className='hz-form-error' data-testid={`${testId}-invalid`}>
          {error}
        </Text>
      )}
      {!u.busy && !u.full && !disabled && (
        <View className='cs-attach__actions'>
          <View className='cs-action' data-testid={`${testId}-camera`} hoverClass='cs-action--pressed' onClick={() => void u.add('camera')}>
            <Text>拍照</Text>
          </View>
          <View className='cs-action' data-testid={`${testId}-choose`} hoverClass='cs-action--pressed' onClick={() => void u.add('file')}>
            <Text>从手机选择</Text>
          </View>
        </View>
      )}
    </View>
  );
}
