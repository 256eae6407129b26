import type { AnyEndpoint } from '@keel/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { notifyError, notifySuccess } from '../lib/notify';

/**
 * Archive or restore a record through its two endpoints, then refresh its list (by the list's
 * operationId) and history.
 */
export function useArchiveToggle(options: {
  archive: AnyEndpoint;
  restore: AnyEndpoint;
  listOperationId: string;
  onDone?: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; name: string; action: 'archive' | 'restore' }) =>
      (call as unknown as (e: AnyEndpoint, i: { params: { id: string } }) => Promise<unknown>)(
        action === 'archive' ? options.archive : options.restore,
        { params: { id } },
      ),
    onSuccess: async (_, { name, action }) => {
      notifySuccess(
        action === 'archive'
          ? t('common.archivedName', { name })
          : t('common.restoredName', { name }),
      );
      await queryClient.invalidateQueries({ queryKey: [options.listOperationId] });
      await queryClient.invalidateQueries({ queryKey: ['getRecordHistory'] });
      options.onDone?.();
    },
    onError: (error) => notifyError(error, t),
  });
}
