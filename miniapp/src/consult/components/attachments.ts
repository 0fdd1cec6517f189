import { useRef, useState } from 'react';
import { uploadMaterialFile, type UploadedFile } from '../../api/application';
import { type ApiError, toApiError } from '../../api/errors';
import { MAX_ATTACHMENTS } from '../../api/consultation';
import { pickFile, type PickKind } from '../../apply/components/filePicker';

export interface AttachmentUploads {
  files: UploadedFile[];
  /** 0–100 while a file uploads, else null. */
  progress: number | null;
  error: ApiError | null;
  busy: boolean;
  full: boolean;
  add(kind: PickKind): Promise<void>;
  remove(id: string): void;
  cancel(): void;
  reset(): void;
}

/**
 * A message's attachments: photos or files picked and uploaded one at a time with progress
 * (the same picker and upload as 申办's materials), kept out of 我的材料库.
 */
export function useAttachmentUploads(): AttachmentUploads {
  const [files, setFiles] = useState<UploadedFile[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const abortRef = useRef<(() => void) | null>(null);
  const cancelled = useRef(false);
  const busy = progress !== null;

  const add = async (kind: PickKind) => {
    if (busy || files.length >= MAX_ATTACHMENTS) return;
    setError(null);
    try {
      const picked = await pickFile(kind);
      if (!picked) return;
      cancelled.current = false;
      setProgress(0);
      const handle = uploadMaterialFile(picked, { onProgress: setProgress });
      abortRef.current = handle.abort;
      const file = await handle.done;
      setFiles((fs) => (fs.some((f) => f.id === file.id) ? fs : [...fs, file]));
    } catch (e) {
      // The resident's own 取消 is not a failure to report.
      if (!cancelled.current) setError(toApiError(e));
    } finally {
      abortRef.current = null;
      setProgress(null);
    }
  };

  return {
    files,
    progress,
    error,
    busy,
    full: files.length >= MAX_ATTACHMENTS,
    add,
    remove: (id) => setFiles((fs) => fs.filter((f) => f.id !== id)),
    cancel: () => {
      cancelled.current = true;
      abortRef.current?.();
    },
    reset: () => {
      setFiles([]);
      setError(null);
    },
  };
}
