/**
 * A lead's customer details are recognised under either side's names, in snapshots and in logged bodies (whole or
 * cut short), by the history, the content API and the retention archive alike.
 */
import { syncDataOutputSanitizer } from '../../plugins/easycars/server/src/content-api/sync-data';
import { hideCustomerText } from '../../plugins/easycars/server/src/history/privacy';
import { itemLine, runLine } from '../../plugins/easycars/server/src/retention/plan';
import { isCustomerKey } from '../../plugins/easycars/server/src/utils/customer-data';

const EASYCARS_LEAD = {
  LeadNumber: 'L-1',
  CustomerName: 'Jo Bloggs',
  CustomerEmail: 'jo@example.com',
  CustomerPhone: '0400 111 222',
  CustomerFax: '02 9999 0000',
  Notes: 'Call after five',
  Contacts: [{ Name: 'Jo Bloggs', Mobile: '0411 222 333', CustomerNo: 'C-9' }],
  StockNumber: 'A1',
};
/** Any of the customer's details, or the start of one. */
const ANY_VALUE = /Jo Bloggs|jo@example|0400 111|02 9999|Call after|"0411|"041/;

test.each(['email', 'postCode', 'CustomerEmail', 'customerPhone', 'CustomerFax', 'Notes', 'Mobile', 'message'])(
  '%s is a customer detail',
  (key) => expect(isCustomerKey(key)).toBe(true)
);

test.each(['LeadNumber', 'CustomerNo', 'StockNumber', 'rego', 'regoState', 'price', 'customer'])(
  '%s is not a customer detail',
  (key) => expect(isCustomerKey(key)).toBe(false)
);

test('the history hides them in a whole body and in one cut short, keeping the keys', () => {
  const whole = JSON.stringify(EASYCARS_LEAD);
  const cut = `${whole.slice(0, whole.indexOf('0411') + 3)}…[truncated 120 bytes]`;
  for (const body of [whole, cut]) {
    const hidden = hideCustomerText(body);
    expect(hidden).not.toMatch(ANY_VALUE);
    expect(hidden).toContain('"CustomerEmail":"[hidden]"');
    expect(hidden).toContain('L-1');
  }
  expect(hideCustomerText(whole)).toContain('"CustomerNo":"C-9"');
});

test('the content API drops them from JSON attributes, under EasyCars names too', () => {
  const sanitize = syncDataOutputSanitizer({
    uid: 'plugin::easycars.conflict',
    attributes: { remote: { type: 'json' }, field: { type: 'string' } },
  });
  const out = sanitize({ field: 'email', remote: { ...EASYCARS_LEAD, email: 'jo@example.com' } }) as any;
  expect(JSON.stringify(out)).not.toMatch(ANY_VALUE);
  expect(out.remote).toMatchObject({ LeadNumber: 'L-1', StockNumber: 'A1', Contacts: [{ CustomerNo: 'C-9' }] });
  expect(out.field).toBe('email');
});

test('the retention archive writes none of them', () => {
  const body = JSON.stringify(EASYCARS_LEAD);
  const lines = [
    runLine({ id: 1, apiCalls: [{ endpoint: 'CreateLead', requestBody: body, responseBody: body.slice(0, 90) }] }),
    itemLine({ id: 2, runId: 1, before: null, after: { ...EASYCARS_LEAD, name: 'Jo Bloggs' } }),
  ];
  for (const line of lines) expect(line).not.toMatch(ANY_VALUE);
  expect(lines[0]).toContain('L-1');
});
