import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiFieldErrors, type FieldMap, type FormErrors } from '../api/form-errors';
import { notifyError } from '../lib/notify';

export interface FormMutationOptions<TValues, TData> {
  /** The form that shows the API's field errors (a Mantine `useForm` result). */
  form: { setErrors: (errors: FormErrors) => void };
  mutationFn: (values: TValues) => Promise<TData>;
  onSuccess?: (data: TData, values: TValues) => unknown;
  /** API field path → form path where they differ (see `apiFieldErrors`). */
  fieldMap?: FieldMap;
}

/**
 * The mutation behind a form: the errors the API reports per field land on those fields, any
 * other failure is an error notification.
 */
export function useFormMutation<TValues, TData>({
  form,
  mutationFn,
  onSuccess,
  fieldMap,
}: FormMutationOptions<TValues, TData>) {
  const { t } = useTranslation();
  return useMutation({
    mutationFn,
    onSuccess: (data: TData, values: TValues) => onSuccess?.(data, values),
    onError: (error) => {
      const errors = apiFieldErrors(error, fieldMap);
      if (Object.keys(errors).length) form.setErrors(errors);
      else notifyError(error, t);
    },
  });
}
