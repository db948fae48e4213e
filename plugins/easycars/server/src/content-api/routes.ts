/** Content-API routes; binding `sync-data.read` to a route is also what makes it a grantable token permission. */
export default [{ method: 'GET', path: '/:collection', handler: 'sync-data.read', config: {} }];
