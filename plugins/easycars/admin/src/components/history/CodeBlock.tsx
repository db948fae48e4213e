import { Box } from '@strapi/design-system';

/** Text as sent or stored (a body, a stack): kept whole, wrapped so it never widens the page, scrolled when long. */
export const CodeBlock = ({ children, label }: { children: string; label: string }) => (
  <Box
    tag="pre"
    aria-label={label}
    background="neutral100"
    hasRadius
    padding={3}
    margin={0}
    maxHeight="32rem"
    overflow="auto"
    fontSize={1}
    style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', fontFamily: 'monospace' }}
  >
    {children}
  </Box>
);

/** JSON laid out for reading; anything else (a truncated body) as it is. */
export function readable(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
