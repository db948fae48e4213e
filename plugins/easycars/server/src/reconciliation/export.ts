/**
 * A reconciliation report as files: CSV (every discrepancy, one row per differing field, Excel-safe) and PDF (A4,
 * the summary and a table per category, capped: pdfmake lays out in memory, so the CSV is the complete one).
 */
import path from 'path';
import { stringify } from 'csv-stringify';
import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { Readable } from 'stream';
import type { Core } from '@strapi/strapi';
import {
  DISCREPANCY_CATEGORIES,
  DISCREPANCY_ENTITIES,
  DISCREPANCY_SEVERITIES,
  type Discrepancy,
  type Reconciliation,
} from '../../../shared/contracts/reconciliation';
import { getService } from '../utils/get-service';

/** Rows the CSV holds at most (far beyond a real report; keeps one export bounded). */
const CSV_LIMIT = 200_000;
/** Rows the PDF shows at most, over all its tables. */
export const PDF_ROW_CAP = 5000;
/** Discrepancies read per query while exporting. */
const PAGE = 2000;

const CATEGORY_TITLES = {
  missing_local: 'In EasyCars, not on the site',
  missing_remote: 'On the site, not in EasyCars',
  mismatch: 'On both, with different values',
} as const;
const ENTITY_TITLES = { vehicle: 'Vehicles', lead: 'Leads' } as const;

const cell = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);

/** The report's discrepancies page by page, in id order. */
async function* discrepanciesOf(
  strapi: Core.Strapi,
  report: Reconciliation,
  showCustomers: boolean,
  limit: number
): AsyncGenerator<Discrepancy> {
  const reports = getService('reconciliations', { strapi });
  let page = 1;
  let seen = 0;
  for (;;) {
    const { data } = await reports.discrepancies(report.id, { page, pageSize: PAGE } as any, showCustomers);
    for (const d of data) {
      if (seen++ >= limit) return;
      yield d;
    }
    if (data.length < PAGE) return;
    page += 1;
  }
}

export async function reportCsv(
  strapi: Core.Strapi,
  report: Reconciliation,
  showCustomers: boolean
): Promise<Readable> {
  const out = stringify({
    header: true,
    bom: true,
    record_delimiter: 'windows',
    escape_formulas: true,
    columns: [
      'discrepancyId',
      'entity',
      'category',
      'severity',
      'externalKey',
      'localId',
      'label',
      'field',
      'local',
      'remote',
    ],
  });
  // written as the rows are read; the stream's back-pressure is not needed at these sizes
  void (async () => {
    try {
      for await (const d of discrepanciesOf(strapi, report, showCustomers, CSV_LIMIT)) {
        const base = [d.id, d.entity, d.category, d.severity, d.externalKey ?? '', d.localId ?? '', d.label];
        const fields = d.fields.length > 0 ? d.fields : [{ field: '', local: null, remote: null }];
        for (const f of fields) out.write([...base, f.field, cell(f.local), cell(f.remote)]);
      }
      out.end();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return out;
}

const fontFile = (name: string) =>
  path.join(path.dirname(require.resolve('pdfmake/package.json')), 'build/fonts/Roboto', name);

let configured = false;
function pdfEngine() {
  if (!configured) {
    // never fetch a URL, and read only its own fonts from disk
    pdfmake.setUrlAccessPolicy(() => false);
    const fontDir = path.dirname(fontFile('Roboto-Regular.ttf'));
    pdfmake.setLocalAccessPolicy((file: string) => path.resolve(file).startsWith(fontDir));
    pdfmake.setFonts({
      Roboto: {
        normal: fontFile('Roboto-Regular.ttf'),
        bold: fontFile('Roboto-Medium.ttf'),
        italics: fontFile('Roboto-Italic.ttf'),
        bolditalics: fontFile('Roboto-MediumItalic.ttf'),
      },
    });
    configured = true;
  }
  return pdfmake;
}

/** Fields of one row the PDF shows, and how much of each value: laying out long text is what makes a PDF slow. */
const PDF_FIELDS_PER_ROW = 4;
const PDF_VALUE_CHARS = 60;

const short = (value: unknown) => {
  const text = cell(value) || '—';
  return text.length > PDF_VALUE_CHARS ? `${text.slice(0, PDF_VALUE_CHARS - 1)}…` : text;
};

/** A row's differing fields for the PDF: the first few, values cut short; the CSV has them all in full. */
const fieldsText = (d: Discrepancy) => {
  const shown = d.fields.slice(0, PDF_FIELDS_PER_ROW).map((f) => `${f.field}: ${short(f.local)} → ${short(f.remote)}`);
  const more = d.fields.length - PDF_FIELDS_PER_ROW;
  return [...shown, ...(more > 0 ? [`and ${more} more (see the CSV)`] : [])].join('\n');
};

export async function reportPdf(
  strapi: Core.Strapi,
  report: Reconciliation,
  options: { showCustomers: boolean; exportedBy: string | null; site?: string }
): Promise<Buffer> {
  const groups = new Map<string, Discrepancy[]>();
  let total = 0;
  for await (const d of discrepanciesOf(strapi, report, options.showCustomers, PDF_ROW_CAP)) {
    const key = `${d.entity}:${d.category}`;
    const group = groups.get(key);
    if (group) group.push(d);
    else groups.set(key, [d]);
    total += 1;
  }
  const listed =
    DISCREPANCY_ENTITIES.reduce((n, e) => n + DISCREPANCY_CATEGORIES.reduce((m, c) => m + report.counts[e][c], 0), 0) ||
    total;
  const site = options.site ?? (strapi.config.get('server.url') as string | undefined) ?? 'EasyCars for Strapi';
  const when = report.finishedAt ?? report.startedAt ?? report.queuedAt ?? '';

  const content: Content[] = [
    { text: 'Data reconciliation report', style: 'title' },
    {
      columns: [
        {
          text: [
            { text: 'Site: ', bold: true },
            site || '—',
            '\n',
            { text: 'Connection: ', bold: true },
            report.connectionName ?? report.connectionId,
          ],
        },
        {
          text: [
            { text: 'Date: ', bold: true },
            when ? new Date(when).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—',
            '\n',
            { text: 'Run by: ', bold: true },
            report.trigger === 'scheduled' ? 'the schedule' : (report.startedBy ?? '—'),
            '\n',
            { text: 'Exported by: ', bold: true },
            options.exportedBy ?? '—',
          ],
        },
      ],
      margin: [0, 0, 0, 10],
    },
    { text: 'Summary', style: 'heading' },
    {
      table: {
        headerRows: 1,
        widths: ['*', 'auto', 'auto', 'auto'],
        body: [
          ['', ...DISCREPANCY_CATEGORIES.map((c) => ({ text: CATEGORY_TITLES[c], bold: true }))],
          ...DISCREPANCY_ENTITIES.map((e) => [
            { text: ENTITY_TITLES[e], bold: true },
            ...DISCREPANCY_CATEGORIES.map((c) => String(report.counts[e][c])),
          ]),
        ],
      },
      margin: [0, 0, 0, 6],
    },
    {
      text:
        DISCREPANCY_SEVERITIES.map((s) => `${s}: ${report.counts.severity[s]}`).join('   ·   ') +
        `   ·   ignored: ${report.counts.ignored}`,
      margin: [0, 0, 0, 6],
    },
    ...(report.leadWalk
      ? [{ text: report.leadWalk.summary, italics: true, fontSize: 8, margin: [0, 0, 0, 10] } as Content]
      : []),
  ];
  if (listed > total) {
    content.push({ text: `First ${total} rows — the CSV has all ${listed}.`, bold: true, margin: [0, 0, 0, 10] });
  }
  for (const entity of DISCREPANCY_ENTITIES) {
    for (const category of DISCREPANCY_CATEGORIES) {
      const rows = groups.get(`${entity}:${category}`) ?? [];
      if (rows.length === 0) continue;
      content.push({
        text: `${ENTITY_TITLES[entity]} — ${CATEGORY_TITLES[category]} (${report.counts[entity][category]})`,
        style: 'heading',
      });
      content.push({
        table: {
          headerRows: 1,
          widths: ['auto', 'auto', '*', '*'],
          body: [
            ['Record', 'Severity', 'Name', 'Fields (site → EasyCars)'].map((text) => ({ text, bold: true })),
            ...rows.map((d) => [d.externalKey ?? d.localId ?? '', d.severity, d.label, fieldsText(d)]),
          ],
        },
        layout: 'lightHorizontalLines',
        fontSize: 8,
      });
    }
  }
  if (total === 0) content.push({ text: 'The site and EasyCars agree: nothing to report.', margin: [0, 10, 0, 0] });

  const doc: TDocumentDefinitions = {
    pageSize: 'A4',
    pageMargins: [36, 40, 36, 40],
    info: { title: `EasyCars reconciliation ${report.id}` },
    defaultStyle: { font: 'Roboto', fontSize: 9 },
    styles: {
      title: { fontSize: 16, bold: true, margin: [0, 0, 0, 8] },
      heading: { fontSize: 11, bold: true, margin: [0, 8, 0, 4] },
    },
    content,
    footer: (page: number, pages: number) => ({ text: `Page ${page} of ${pages}`, alignment: 'center', fontSize: 8 }),
  };
  return (await pdfEngine().createPdf(doc).getBuffer()) as Buffer;
}
