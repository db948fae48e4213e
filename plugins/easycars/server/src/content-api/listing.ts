/**
 * Vehicles the stock sync unlisted (sold, gone from the EasyCars feed) stay in the database for history; a website
 * listing stock should not show them by accident. So content-API lists show listed vehicles unless the client
 * filters on listingStatus itself (anywhere in its filters, e.g. inside $or).
 */
function mentionsListingStatus(filters: unknown): boolean {
  if (Array.isArray(filters)) return filters.some(mentionsListingStatus);
  if (!filters || typeof filters !== 'object') return false;
  return Object.entries(filters).some(([key, value]) => key === 'listingStatus' || mentionsListingStatus(value));
}

/** `eq` is GraphQL's operator spelling, `$eq` REST's. */
export function listedUnlessAsked<T>(filters: T, eq: 'eq' | '$eq'): T | Record<string, unknown> {
  if (mentionsListingStatus(filters)) return filters;
  const base = filters && typeof filters === 'object' ? (filters as Record<string, unknown>) : {};
  return { ...base, listingStatus: { [eq]: 'listed' } };
}
