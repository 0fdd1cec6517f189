import { Image, Text, View } from '@tarojs/components';
import type { ConsultationMessageView, ConsultationView } from '@haizhu/shared-types';
import type { FilePreview } from '../../api/fileContent';
import { IS_H5 } from '../../config';
import { useFilePreview } from '../../hooks/useFilePreview';
import { formatChineseDateTime } from '../../utils/datetime';
import { BigButton } from '../BigButton';
import type { Viewer } from './DueLine';

type Attachment = ConsultationMessageView['attachments'][number];
export type OpenFile = (fileId: string) => Promise<FilePreview>;

function sizeLabel(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * One attached file: tapped, it is fetched with the caller's token. The mini-program opens it in
 * WeChat's viewer; H5 shows a picture in place, or offers a PDF in a new window.
 */
function AttachmentItem({ file, open }: { file: Attachment; open: OpenFile }) {
  const pdf = file.mime === 'application/pdf';
  const { preview, shown, loading, error, toggle } = useFilePreview(() => open(file.id));

  return (
    <View className='hz-cs-file' data-testid='consult-attachment' data-id={file.id} data-shown={shown ? 'true' : 'false'}>
      <View className='hz-cs-file__row' hoverClass='hz-cs-file__row--pressed' onClick={() => void toggle()} data-testid='consult-attachment-open'>
        <Text className='hz-cs-file__kind'>{pdf ? 'PDF' : '图片'}</Text>
        <View className='hz-cs-file__main'>
          <Text className='hz-cs-file__name' data-testid='consult-attachment-name'>
            {file.name}
          </Text>
          <Text className='hz-cs-file__sub'>
            {sizeLabel(file.size)} · <Text className='hz-cs-file__action'>{loading ? '正在打开…' : IS_H5 && shown ? '点此收起' : '点此查看'}</Text>
          </Text>
        </View>
      </View>
      {error && (
        <Text className='hz-cs-file__error' data-testid='consult-attachment-error'>
          {error.message}
        </Text>
      )}
      {preview && shown && IS_H5 && preview.kind === 'image' && <Image className='hz-cs-file__image' src={preview.url} mode='widthFix' data-testid='consult-attachment-image' />}
      {preview && shown && IS_H5 && preview.kind === 'pdf' && (
        <BigButton variant='plain' onClick={() => window.open(preview.url, '_blank', 'noopener')} testId='consult-attachment-pdf'>
          在新窗口打开 PDF
        </BigButton>
      )}
    </View>
  );
}

export interface MessagesProps {
  c: ConsultationView;
  viewer: Viewer;
  /** Staff: how the resident is named (masked until revealed). */
  residentName?: string;
  openFile: OpenFile;
}

/**
 * The thread as a conversation, oldest first: the viewer's own side on the right. Staff answers
 * carry the clerk's name and unit as the API gives them.
 */
export function ConsultationMessages({ c, viewer, residentName, openFile }: MessagesProps) {
  const who = (m: ConsultationMessageView) => {
    if (m.author === 'resident') return viewer === 'resident' ? '我' : `提问人 ${residentName ?? ''}`.trim();
    const name = m.authorName ?? '工作人员';
    return `${name}（${c.unit.name}）`;
  };
  return (
    <View className='hz-cs-thread' data-testid='consult-messages'>
      {c.messages.map((m) => {
        const mine = (m.author === 'resident') === (viewer === 'resident');
        return (
          <View key={m.id} className={`hz-cs-msg hz-cs-msg--${m.author}${mine ? ' hz-cs-msg--mine' : ''}`} data-testid='consult-message' data-author={m.author} data-id={m.id}>
            <View className='hz-cs-msg__meta'>
              <Text className='hz-cs-msg__who' data-testid='consult-message-who'>
                {who(m)}
              </Text>
              <Text className='hz-cs-msg__at'>{formatChineseDateTime(m.at)}</Text>
            </View>
            <View className='hz-cs-msg__bubble'>
              <Text className='hz-cs-msg__body' data-testid='consult-message-body' userSelect>
                {m.body}
              </Text>
              {m.attachments.map((f) => (
                <AttachmentItem key={f.id} file={f} open={openFile} />
              ))}
            </View>
          </View>
        );
      })}
    </View>
  );
}
