/**
 * "Help & support" on every plugin page: who to call (the dealership's own technical support, its EasyCars
 * contact — as entered under Settings → Help & support, nothing made up) and the guide section of the page.
 */
import { useState } from 'react';
import { Box, Button, Flex, Link, Modal, Typography } from '@strapi/design-system';
import { Question } from '@strapi/icons';
import { useLocation } from 'react-router-dom';
import type { SupportContact } from '../../../shared/contracts/settings';
import { guideOf, guideUrl } from '../guides';
import { useGetSupportQuery } from '../services/support';

const Contact = ({ title, contact }: { title: string; contact: SupportContact | null }) => (
  <Flex direction="column" alignItems="flex-start" gap={1} data-testid={`support-${title.toLowerCase().split(' ')[0]}`}>
    <Typography variant="delta" tag="h3">
      {title}
    </Typography>
    {contact ? (
      <>
        <Typography fontWeight="bold">{contact.name}</Typography>
        {contact.email && <Link href={`mailto:${contact.email}`}>{contact.email}</Link>}
        {contact.phone && <Link href={`tel:${contact.phone.replace(/[^\d+]/g, '')}`}>{contact.phone}</Link>}
        {contact.notes && (
          <Typography textColor="neutral600" style={{ whiteSpace: 'pre-line' }}>
            {contact.notes}
          </Typography>
        )}
      </>
    ) : (
      <Typography textColor="neutral600">
        Not set yet: an administrator with “Manage connections and settings” adds it under Settings → Help &amp;
        support.
      </Typography>
    )}
  </Flex>
);

const HelpContent = ({ path }: { path: string }) => {
  const { currentData, isError } = useGetSupportQuery();
  const guide = guideOf(path);
  if (isError) return <Typography>The support contacts could not be loaded. Close this and try again.</Typography>;
  if (!currentData) return <Typography textColor="neutral600">Loading the support contacts…</Typography>;
  const { internal, easycars, documentationUrl } = currentData.data;
  const url = guideUrl(documentationUrl, guide);
  return (
    <Flex direction="column" alignItems="stretch" gap={5}>
      <Box>
        <Typography variant="delta" tag="h3">
          Guide for this page
        </Typography>
        <Box paddingTop={1}>
          {url ? (
            <Link href={url} isExternal>
              {guide.title}: {guide.doc}
            </Link>
          ) : (
            <Typography>
              {guide.title}: <code>docs/{guide.doc}</code> in the plugin's documentation (set the documentation address
              under Settings → Help &amp; support to make this a link).
            </Typography>
          )}
        </Box>
      </Box>
      <Contact title="Technical support" contact={internal} />
      <Contact title="EasyCars support" contact={easycars} />
    </Flex>
  );
};

export const HelpSupport = () => {
  const [open, setOpen] = useState(false);
  const { pathname } = useLocation();
  return (
    <Modal.Root open={open} onOpenChange={setOpen}>
      <Modal.Trigger>
        <Button variant="tertiary" size="S" startIcon={<Question />}>
          Help &amp; support
        </Button>
      </Modal.Trigger>
      <Modal.Content>
        <Modal.Header closeLabel="Close">
          <Modal.Title>Help &amp; support</Modal.Title>
        </Modal.Header>
        <Modal.Body>{open && <HelpContent path={pathname} />}</Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">Close</Button>
          </Modal.Close>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
