/** The text of a PDF, as a reader's copy-and-paste would give it, to check what an exported report says. */
// the package's index reads a sample file when it is not required by another module: take the parser itself
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parsePdf = require('pdf-parse/lib/pdf-parse.js') as (data: Buffer) => Promise<{ text: string; numpages: number }>;

export async function pdfText(pdf: Buffer): Promise<string> {
  return (await parsePdf(pdf)).text;
}
