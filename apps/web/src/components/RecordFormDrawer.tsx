import { type UseFormReturnType, useForm } from '@mantine/form';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { zodFormErrors } from '../api/form-errors';
import { useRefresh } from '../api/query';
import { notifySuccess } from '../lib/notify';
import { FormDrawer } from './FormDrawer';
import { useFormMutation } from './use-form-mutation';

// biome-ignore lint/suspicious/noExplicitAny: Mantine's own constraint for form values.
type FormValues = Record<string, any>;

export interface RecordFormOptions<T extends { id: string }, V extends FormValues> {
  opened: boolean;
  /** The record being edited; null while creating one. */
  record: T | null;
  /** The form's values for a record (or the defaults for a new one). */
  toValues: (record: T | null) => V;
  /** The contract schema checked before sending (and on blur); none leaves checking to the API. */
  schema?: z.ZodType | undefined;
  /** Creates (record null) or updates the record; resolves with what was saved. */
  save: (values: V, record: T | null) => Promise<T>;
  onSaved: (saved: T) => unknown;
}

/**
 * A form bound to a create/update endpoint: filled from the record each time the drawer opens,
 * checked against the contract schema, and showing the API's field errors on its fields.
 */
export function useRecordForm<T extends { id: string }, V extends FormValues>({
  opened,
  record,
  toValues,
  schema,
  save,
  onSaved,
}: RecordFormOptions<T, V>) {
  const form = useForm<V>({
    initialValues: toValues(record),
    validate: schema ? (values) => zodFormErrors(schema, values) : undefined,
    validateInputOnBlur: Boolean(schema),
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the drawer opens
  useEffect(() => {
    if (opened) {
      form.setValues(toValues(record));
      form.clearErrors();
    }
  }, [opened, record?.id]);
  const mutation = useFormMutation({
    form,
    mutationFn: (values: V) => save(values, record),
    onSuccess: onSaved,
  });
  return { form, mutation, onSubmit: form.onSubmit((values) => mutation.mutate(values)) };
}

interface RecordFormDrawerProps<T extends { id: string }, V extends FormValues>
  extends Omit<RecordFormOptions<T, V>, 'onSaved'> {
  onClose: () => void;
  title: string;
  /** The name the "Saved …" notification uses. */
  savedName: (saved: T) => string;
  /** The list to refresh after a save (by operationId); the record's history refreshes too. */
  listOperationId: string;
  children: (form: UseFormReturnType<V>) => ReactNode;
}

/** The create/edit drawer of a record: save, say so, refresh its list and history, close. */
export function RecordFormDrawer<T extends { id: string }, V extends FormValues>({
  onClose,
  title,
  savedName,
  listOperationId,
  children,
  ...options
}: RecordFormDrawerProps<T, V>) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const { form, mutation, onSubmit } = useRecordForm({
    ...options,
    onSaved: async (saved) => {
      notifySuccess(t('common.savedName', { name: savedName(saved) }));
      await refresh(listOperationId, 'getRecordHistory');
      onClose();
    },
  });
  return (
    <FormDrawer
      opened={options.opened}
      onClose={onClose}
      title={title}
      onSubmit={onSubmit}
      submitting={mutation.isPending}
    >
      {children(form)}
    </FormDrawer>
  );
}
