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

/**
 * A page's code (a route chunk) failed to load: the network dropped, or a redeploy replaced the
 * file names this document knows. Only a reload fetches the new names.
 */
export function isChunkLoadError(error: unknown): boolean {
  return (
    error instanceof Error &&
    /^(Failed to fetch dynamically imported module|error loading dynamically imported module|Importing a module script failed|Unable to preload CSS)/.test(
      error.message,
    )
  );
}
