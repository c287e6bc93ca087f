import { InvalidRequestError } from '../errors/gateway-error.js';

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1_000;

/** `limit` from a query string: 1 to 1000, 100 when absent. */
export function pageLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_PAGE;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new InvalidRequestError(`limit must be an integer from 1 to ${MAX_PAGE}`, 'limit');
  }
  return limit;
}
