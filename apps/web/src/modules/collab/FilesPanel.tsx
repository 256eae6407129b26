import { type Attachment, collab } from '@keel/contracts';
import {
  Alert,
  Anchor,
  Box,
  Button,
  FileButton,
  Group,
  Image,
  Paper,
  Progress,
  Skeleton,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import {
  IconAlertCircle,
  IconFile,
  IconFileTypeCsv,
  IconFileTypeDocx,
  IconFileTypePdf,
  IconFileTypePpt,
  IconFileTypeTxt,
  IconFileTypeXls,
  IconPaperclip,
  IconPhoto,
  IconTrash,
  IconUpload,
} from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type DragEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, isApiError, upload } from '../../api/client';
import { endpointQuery } from '../../api/query';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorState } from '../../components/ErrorState';
import { errorMessage } from '../../lib/errors';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useFormat } from '../../lib/use-format';
import { type RecordRef, useRefreshThread } from './queries';

const MAX_MB = collab.ATTACHMENT_MAX_BYTES / 1024 / 1024;
const ACCEPT = collab.ATTACHMENT_EXTENSIONS.map((e) => `.${e}`).join(',');

/** Bytes as "1.2 MB" / "340 KB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function fileIcon(a: Pick<Attachment, 'name' | 'mimeType'>): ReactNode {
  const ext = a.name.split('.').pop()?.toLowerCase();
  const props = { size: 28, stroke: 1.5, 'aria-hidden': true } as const;
  if (a.mimeType.startsWith('image/')) return <IconPhoto {...props} />;
  if (ext === 'pdf') return <IconFileTypePdf {...props} color="var(--mantine-color-red-7)" />;
  if (ext === 'docx' || ext === 'odt')
    return <IconFileTypeDocx {...props} color="var(--mantine-color-blue-7)" />;
  if (ext === 'xlsx' || ext === 'ods')
    return <IconFileTypeXls {...props} color="var(--mantine-color-green-7)" />;
  if (ext === 'pptx') return <IconFileTypePpt {...props} color="var(--mantine-color-orange-7)" />;
  if (ext === 'csv') return <IconFileTypeCsv {...props} />;
  if (ext === 'txt') return <IconFileTypeTxt {...props} />;
  return <IconFile {...props} />;
}

interface UploadState {
  key: number;
  name: string;
  progress: number;
  error: string | null;
}

/** A record's files: thumbnails or type icons, upload by button or drag and drop, delete. */
export function FilesPanel({ record }: { record: RecordRef }) {
  const { t } = useTranslation();
  const format = useFormat();
  const refresh = useRefreshThread();
  const files = useQuery(endpointQuery(collab.listAttachments, { params: record }));
  const [uploads, setUploads] = useState<UploadState[]>([]);
  const [dragging, setDragging] = useState(false);

  const patch = (key: number, change: Partial<UploadState>) =>
    setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));

  const send = async (file: File) => {
    const key = Date.now() + Math.random();
    const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
    const problem =
      file.size > collab.ATTACHMENT_MAX_BYTES
        ? t('collab.files.tooLarge', { name: file.name, size: fileSize(file.size), max: MAX_MB })
        : !(collab.ATTACHMENT_EXTENSIONS as readonly string[]).includes(ext)
          ? t('collab.files.wrongType', { name: file.name })
          : null;
    setUploads((list) => [...list, { key, name: file.name, progress: 0, error: problem }]);
    if (problem) return;
    try {
      await upload(collab.uploadAttachment, {
        params: record,
        file,
        onProgress: (fraction) => patch(key, { progress: fraction }),
      });
      setUploads((list) => list.filter((u) => u.key !== key));
      notifySuccess(t('collab.files.uploaded', { name: file.name }));
      await refresh();
    } catch (error) {
      // The server names what is wrong with the file (size, type) in its field message.
      const reason =
        isApiError(error) && error.errors[0]?.field === 'file'
          ? error.errors[0].message
          : errorMessage(error, t);
      patch(key, { error: t('collab.files.failed', { name: file.name, reason }) });
    }
  };

  const sendAll = (list: File[] | FileList | null) => {
    for (const file of Array.from(list ?? [])) void send(file);
  };

  const remove = useMutation({
    mutationFn: (a: Attachment) => call(collab.deleteAttachment, { params: { id: a.id } }),
    onSuccess: async (_, a) => {
      notifySuccess(t('collab.files.deleted', { name: a.name }));
      await refresh();
    },
    onError: (error) => notifyError(error, t),
  });

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    sendAll(e.dataTransfer.files);
  };

  const items = files.data?.items ?? [];

  return (
    <Box
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={onDrop}
      data-testid="attachment-dropzone"
    >
      <Stack gap="sm">
        <Paper
          withBorder
          p="md"
          radius="md"
          style={{
            borderStyle: 'dashed',
            background: dragging ? 'var(--mantine-color-keel-light)' : undefined,
          }}
        >
          <Group justify="space-between" gap="sm">
            <Group gap="xs" wrap="nowrap" style={{ minWidth: 0, flex: 1 }}>
              <IconUpload size={20} aria-hidden style={{ flexShrink: 0 }} />
              <div style={{ minWidth: 0 }}>
                <Text fz="sm" fw={600}>
                  {t('collab.files.drop')}
                </Text>
                <Text fz="xs" c="dimmed">
                  {t('collab.files.dropHint', { max: MAX_MB })}
                </Text>
              </div>
            </Group>
            <FileButton onChange={(list) => sendAll(list)} accept={ACCEPT} multiple>
              {(props) => (
                <Button
                  {...props}
                  size="xs"
                  leftSection={<IconPaperclip size={14} aria-hidden />}
                  data-testid="attachment-upload"
                >
                  {t('collab.files.upload')}
                </Button>
              )}
            </FileButton>
          </Group>
        </Paper>

        {uploads.map((u) =>
          u.error ? (
            <Alert
              key={u.key}
              color="red"
              icon={<IconAlertCircle size={16} aria-hidden />}
              withCloseButton
              closeButtonLabel={t('common.close')}
              onClose={() => setUploads((list) => list.filter((x) => x.key !== u.key))}
              data-testid="attachment-error"
            >
              {u.error}
            </Alert>
          ) : (
            <Paper key={u.key} withBorder p="xs" radius="md" data-testid="attachment-progress">
              <Text fz="xs" mb={4} truncate>
                {t('collab.files.uploading', { name: u.name })}
              </Text>
              <Progress
                value={Math.round(u.progress * 100)}
                animated
                aria-label={t('collab.files.uploading', { name: u.name })}
              />
            </Paper>
          ),
        )}

        {files.isPending ? (
          <Stack gap="xs">
            <Skeleton height={48} />
            <Skeleton height={48} />
          </Stack>
        ) : files.isError ? (
          <ErrorState error={files.error} onRetry={() => void files.refetch()} />
        ) : items.length === 0 ? (
          <Text fz="sm" c="dimmed" ta="center" py="sm" data-testid="attachments-empty">
            {t('collab.files.none')}
          </Text>
        ) : (
          <Stack gap="xs" data-testid="attachment-list">
            {items.map((a) => (
              <Paper key={a.id} withBorder p="xs" radius="md" data-testid="attachment-item">
                <Group gap="sm" wrap="nowrap">
                  <Anchor
                    href={a.url}
                    target="_blank"
                    rel="noopener"
                    aria-label={t('collab.files.download', { name: a.name })}
                    style={{ flexShrink: 0 }}
                  >
                    {a.thumbnailUrl ? (
                      <Image
                        src={a.thumbnailUrl}
                        alt=""
                        w={48}
                        h={48}
                        radius="sm"
                        fit="cover"
                        loading="lazy"
                      />
                    ) : (
                      <Box
                        w={48}
                        h={48}
                        style={{ display: 'grid', placeItems: 'center' }}
                        c="dimmed"
                      >
                        {fileIcon(a)}
                      </Box>
                    )}
                  </Anchor>
                  <div style={{ minWidth: 0, flex: 1 }}>
                    <Anchor
                      href={a.url}
                      target="_blank"
                      rel="noopener"
                      fz="sm"
                      fw={600}
                      style={{ display: 'block', overflowWrap: 'anywhere' }}
                    >
                      {a.name}
                    </Anchor>
                    <Text fz="xs" c="dimmed">
                      {[
                        fileSize(a.size),
                        a.width && a.height
                          ? t('collab.files.dimensions', { width: a.width, height: a.height })
                          : null,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </Text>
                    <Text fz="xs" c="dimmed">
                      <Tooltip label={format.dateTime(a.createdAt)}>
                        <span>
                          {t('collab.files.by', {
                            name: a.uploadedBy?.name ?? t('collab.activity.system'),
                            when: format.relative(a.createdAt),
                          })}
                        </span>
                      </Tooltip>
                    </Text>
                  </div>
                  {a.canDelete && (
                    <DeleteAttachment
                      attachment={a}
                      onConfirm={() => remove.mutateAsync(a).catch(() => undefined)}
                    />
                  )}
                </Group>
              </Paper>
            ))}
          </Stack>
        )}
      </Stack>
    </Box>
  );
}

function DeleteAttachment({
  attachment,
  onConfirm,
}: {
  attachment: Attachment;
  onConfirm: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  return (
    <Tooltip label={t('collab.files.delete')}>
      <span>
        <ConfirmButton
          variant="subtle"
          color="red"
          size="compact-sm"
          px={6}
          confirmTitle={t('collab.files.deleteConfirm', { name: attachment.name })}
          confirmMessage={t('collab.files.deleteMessage')}
          confirmLabel={t('collab.files.delete')}
          onConfirm={onConfirm}
          aria-label={t('collab.files.deleteConfirm', { name: attachment.name })}
          data-testid="attachment-delete"
        >
          <IconTrash size={16} aria-hidden />
        </ConfirmButton>
      </span>
    </Tooltip>
  );
}
