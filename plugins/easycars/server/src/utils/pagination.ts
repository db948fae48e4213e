import type { Pagination } from '../../../shared/contracts/sync';

/** The pagination block of a list answer. */
export function paginationOf(page: number, pageSize: number, total: number): Pagination {
  return { page, pageSize, total, pageCount: Math.ceil(total / pageSize) };
}
