/**
 * Leads are personal data. Strapi's read-only API token type is granted every find/findOne, so the website's token
 * would read every lead; it is refused here. A custom token or a users-permissions role given the lead actions
 * explicitly (and a full-access token) still pass; Strapi's own permission check runs before this.
 */
export default (policyContext: {
  state?: { auth?: { strategy?: { name?: string }; credentials?: { type?: string } } };
}) => {
  const auth = policyContext.state?.auth;
  return !(auth?.strategy?.name === 'content-api-token' && auth.credentials?.type === 'read-only');
};
