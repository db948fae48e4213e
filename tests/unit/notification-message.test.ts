import { conflictMessage, LISTED } from '../../plugins/easycars/server/src/notifications/message';

const URL = 'https://dealer.example/admin/plugins/easycars/conflicts';

describe('the conflict notification message', () => {
  it('lists each record with its fields, in text and in HTML, and links to the inbox', () => {
    const message = conflictMessage(7, [{ label: 'Lead 42', fields: ['status', 'notes'] }], URL);
    expect(message.title).toBe('1 conflict waiting for review');
    expect(message.text).toBe(
      `Sync run 7 found records changed both here and in EasyCars:\n- Lead 42: status, notes\n\nResolve them in the conflict inbox: ${URL}`
    );
    expect(message.html).toContain('<li><strong>Lead 42</strong>: status, notes</li>');
    expect(message.html).toContain(`<a href="${URL}">`);
  });

  it('escapes what a vehicle title holds for HTML, and lists the first records only', () => {
    const records = Array.from({ length: LISTED + 3 }, (_, i) => ({
      label: `<b>Car ${i}</b> & co`,
      fields: ['price'],
    }));
    const message = conflictMessage(1, records, URL);
    expect(message.title).toBe(`${LISTED + 3} conflicts waiting for review`);
    expect(message.html).not.toContain('<b>');
    expect(message.html).toContain('&lt;b&gt;Car 0&lt;/b&gt; &amp; co');
    expect(message.text).toContain('- and 3 more');
    expect(message.text).not.toContain(`Car ${LISTED}`);
  });
});
