/**
 * What a failed request through the data layer gives back: Strapi's error body (`{ status, name, message,
 * details }`), or an error of RTK Query itself. These helpers read it without caring which.
 */
import { useCallback } from 'react';
import { useAPIErrorHandler, type BaseQueryError } from '@strapi/strapi/admin';

/** The HTTP status of a failed request, when the error carries one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** The `details` the server sent with an error, when it sent any. */
export function detailsOf(error: unknown): unknown {
  return (error as { details?: unknown } | null | undefined)?.details;
}

/** Turns a failed request into the sentence Strapi's own pages would show for it. */
export function useErrorMessage(): (error: unknown) => string {
  const { _unstableFormatAPIError: format } = useAPIErrorHandler();
  return useCallback((error: unknown) => format(error as BaseQueryError), [format]);
}
