import Taro from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { type ApiError, toApiError } from '../api/errors';
import type { FilePreview } from '../api/fileContent';
import { IS_H5 } from '../config';

export interface FilePreviewState {
  /** The file once fetched (fetched once, kept until the component goes). */
  preview: FilePreview | null;
  /** H5 shows it in place while this is true. */
  shown: boolean;
  loading: boolean;
  error: ApiError | null;
  /** A tap: fetches the file and opens it (WeChat's viewer) or shows it (H5); on H5 a second tap folds it away. */
  toggle(): Promise<void>;
}

/** A protected file behind a tap, fetched with the viewer's token by `open`. */
export function useFilePreview(open: () => Promise<FilePreview>): FilePreviewState {
  const [preview, setPreview] = useState<FilePreview | null>(null);
  const [shown, setShown] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const previewRef = useRef<FilePreview | null>(null);
  useEffect(() => () => previewRef.current?.release(), []);

  const toggle = async () => {
    if (loading) return;
    if (IS_H5 && shown) {
      setShown(false);
      return;
    }
    setLoading(true);
    setError(null);
    try {
      const p = preview ?? (await open());
      previewRef.current = p;
      setPreview(p);
      setShown(true);
      if (!IS_H5) {
        if (p.kind === 'pdf') await Taro.openDocument({ filePath: p.url, fileType: 'pdf' });
        else await Taro.previewImage({ urls: [p.url] });
      }
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setLoading(false);
    }
  };

  return { preview, shown, loading, error, toggle };
}
