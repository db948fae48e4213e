import {
  maskTail,
  redactBody,
  redactBodyBytes,
  redactJson,
  redactJsonText,
  redactUrl,
  scrubSecrets,
  truncateBytes,
  REDACTED,
} from '../../plugins/easycars/server/src/easycars';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJDbGllbnRJRCI6ImFiYyIsImV4cCI6MTcwMDAwMDAwMH0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('maskTail', () => {
  it('keeps the last 4 characters', () => {
    expect(maskTail('EC103815')).toBe('••••3815');
    expect(maskTail('8a1f7c2e-0000-4000-8000-00000000abcd', 4)).toBe('••••abcd');
  });
  it('hides values no longer than the visible part entirely', () => {
    expect(maskTail('3815')).toBe('••••');
    expect(maskTail('')).toBe('••••');
    expect(maskTail(null)).toBe('');
  });
  it('honours a custom width', () => {
    expect(maskTail('EC103815', 2)).toBe('••••15');
  });
});

describe('redactJson', () => {
  it('redacts secrets and tokens, masks identifiers, at any depth', () => {
    const out = redactJson({
      AccountNumber: 'EC103815',
      AccountSecret: 'b0f4c0de-1111-2222-3333-444455556666',
      Nested: [{ ClientID: 'client-guid-1234', ClientSecret: 'cs', Token: JWT, authorization: 'Bearer x' }],
      Notes: `leaked ${JWT} here`,
      Price: 25000,
      Empty: null,
    });
    expect(out).toEqual({
      AccountNumber: '••••3815',
      AccountSecret: REDACTED,
      Nested: [{ ClientID: '••••1234', ClientSecret: REDACTED, Token: REDACTED, authorization: REDACTED }],
      Notes: `leaked ${REDACTED} here`,
      Price: 25000,
      Empty: null,
    });
  });
  it('leaves null tokens alone (nothing to hide)', () => {
    expect(redactJson({ Token: null, ErrorMessage: 'x' })).toEqual({ Token: null, ErrorMessage: 'x' });
  });
});

describe('redactJsonText', () => {
  it('redacts key/value pairs in text that is not valid JSON, even cut off', () => {
    const text = '{"AccountNumber":"EC103815","AccountSecret":"abcdef123456","Token":"' + JWT.slice(0, 20);
    const out = redactJsonText(text);
    expect(out).not.toContain('abcdef123456');
    expect(out).not.toContain('EC103815');
    expect(out).not.toContain(JWT.slice(0, 20));
    expect(out).toContain('"AccountNumber":"••••3815"');
  });
});

describe('scrubSecrets', () => {
  it('replaces known secrets (also URL-encoded) and masks identifiers', () => {
    const out = scrubSecrets(
      'secret a+b/c==secret here a%2Bb%2Fc%3D%3Dsecret, account EC103815',
      ['a+b/c==secret'],
      ['EC103815']
    );
    expect(out).toBe(`secret ${REDACTED} here ${REDACTED}, account ••••3815`);
  });
  it('ignores values too short to be secrets', () => {
    expect(scrubSecrets('a b c', ['a'])).toBe('a b c');
  });
});

describe('truncateBytes', () => {
  it('keeps short text', () => {
    expect(truncateBytes('abc', 10)).toBe('abc');
  });
  it('cuts and says how much was left out', () => {
    expect(truncateBytes('abcdefghij', 4)).toBe('abcd…[truncated 6 bytes]');
  });
  it('never splits a multi-byte character', () => {
    const out = truncateBytes('ééé', 3); // 6 bytes; byte 3 is inside the 2nd é
    expect(out).toBe('é…[truncated 4 bytes]');
  });
});

describe('redactBody', () => {
  const secrets = ['b0f4c0de-1111-2222-3333-444455556666'];
  it('redacts a JSON body', () => {
    const body = JSON.stringify({ AccountNumber: 'EC103815', AccountSecret: secrets[0], LeadNumber: '000017' });
    expect(redactBody(body, { secrets })).toBe(
      '{"AccountNumber":"••••3815","AccountSecret":"[redacted]","LeadNumber":"000017"}'
    );
  });
  it('scrubs secrets echoed in free text', () => {
    const body = JSON.stringify({ Code: 7, ErrorMessage: `bad secret ${secrets[0]}` });
    expect(redactBody(body, { secrets })).not.toContain(secrets[0]);
  });
  it('handles non-JSON bodies', () => {
    expect(redactBody(`<html>${JWT}</html>`)).toBe(`<html>${REDACTED}</html>`);
  });
  it('passes empty and missing bodies through', () => {
    expect(redactBody('')).toBe('');
    expect(redactBody(undefined)).toBeUndefined();
  });
  it('truncates beyond the limit (default 4 KB)', () => {
    const body = JSON.stringify({
      StockList: Array.from({ length: 200 }, (_, i) => ({ StockNumber: String(i), AdvDescription: 'x'.repeat(50) })),
    });
    const out = redactBody(body)!;
    expect(Buffer.byteLength(out.replace(/…\[truncated \d+ bytes\]$/, ''))).toBeLessThanOrEqual(4096);
    const m = /…\[truncated (\d+) bytes\]$/.exec(out);
    expect(m).not.toBeNull();
    expect(4096 - 3 + Number(m![1])).toBeLessThanOrEqual(Buffer.byteLength(body));
    expect(redactBody(body, { limit: 100 })!.startsWith('{"StockList":[{"StockNumber":"0"')).toBe(true);
  });
  it('redacts very large bodies by prefix, still hiding secrets', () => {
    const body = JSON.stringify({
      AccountSecret: secrets[0],
      StockList: Array.from({ length: 3000 }, () => ({ AdvDescription: 'y'.repeat(100) })),
    });
    expect(body.length).toBeGreaterThan(256 * 1024);
    const out = redactBody(body, { secrets })!;
    expect(out).not.toContain(secrets[0]);
    const m = /…\[truncated (\d+) bytes\]$/.exec(out)!;
    // Shown part + left-out part = the redacted body (the secret shrank to "[redacted]").
    const accounted = Buffer.byteLength(out) - Buffer.byteLength(m[0]) + Number(m[1]);
    expect(accounted).toBe(Buffer.byteLength(body) - secrets[0].length + REDACTED.length);
  });
});

describe('redactBodyBytes', () => {
  const secrets = ['b0f4c0de-1111-2222-3333-444455556666'];
  it('logs a large answer kept as bytes exactly as its text, decoding only the part shown', () => {
    // multi-byte characters around the cut: the prefix must not split one
    const body = JSON.stringify({
      AccountSecret: secrets[0],
      StockList: Array.from({ length: 3000 }, (_, i) => ({ StockNumber: String(i), AdvDescription: 'ü€'.repeat(40) })),
    });
    const bytes = Buffer.from(body);
    expect(bytes.length).toBeGreaterThan(256 * 1024);
    for (const limit of [100, 4096, 4097, 4098]) {
      expect(redactBodyBytes(bytes, { secrets, limit })).toBe(redactBody(body, { secrets, limit }));
    }
    expect(redactBodyBytes(bytes, { secrets })).not.toContain(secrets[0]);
  });
  it('redacts a small answer kept as bytes structurally, as its text', () => {
    const body = JSON.stringify({ Token: JWT, ClientID: 'abcdef123456', Code: 0 });
    expect(redactBodyBytes(Buffer.from(body))).toBe(redactBody(body));
  });
});

describe('redactUrl', () => {
  it('redacts the client secret and masks the client id in RequestToken URLs', () => {
    const url =
      'https://testmy.easycars.com.au/TestECService/StockService/RequestToken?ClientID=11111111-2222-3333-4444-555566667777&ClientSecret=99999999-8888-7777-6666-555544443333';
    const out = redactUrl(url);
    expect(out).toBe(
      'https://testmy.easycars.com.au/TestECService/StockService/RequestToken?ClientID=••••7777&ClientSecret=[redacted]'
    );
  });
  it('drops user info and leaves plain URLs alone', () => {
    expect(redactUrl('http://user:pw@localhost:1234/a/b')).toBe('http://localhost:1234/a/b');
  });
  it('drops the query of unparseable URLs', () => {
    expect(redactUrl('not a url?ClientSecret=x')).toBe('not a url');
  });
});
