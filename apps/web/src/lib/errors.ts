import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';

/** A human sentence for any error: known codes are translated, others use the server's detail. */
export function errorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    switch (error.status) {
      case 0:
        return t('errors.network');
      case 403:
        return t('errors.forbidden');
      case 404:
        return t('errors.notFound');
      case 429:
        return t('errors.rateLimited');
    }
    if (error.status >= 500) return t('errors.server');
    return error.detail || t('errors.generic');
  }
  return t('errors.generic');
}
