/** The comments written above each attribute of a content type's schema.ts: the schema's own field descriptions. */
import fs from 'fs';
import ts from 'typescript';

const clean = (comment: string) =>
  comment
    .replace(/^\/\*\*?|\*\/$/g, '')
    .split('\n')
    .map((line) => line.replace(/^\s*(\*|\/\/)\s?/, '').trim())
    .join(' ')
    .trim();

/** Attribute name → its comment, from the `attributes: { … }` object literal of a schema.ts file. */
export function attributeComments(file: string): Record<string, string> {
  const text = fs.readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: Record<string, string> = {};
  const visit = (node: ts.Node) => {
    if (
      ts.isPropertyAssignment(node) &&
      node.name.getText(source) === 'attributes' &&
      ts.isObjectLiteralExpression(node.initializer)
    ) {
      for (const property of node.initializer.properties) {
        const name = property.name?.getText(source).replace(/^['"]|['"]$/g, '');
        const ranges = ts.getLeadingCommentRanges(text, property.getFullStart()) ?? [];
        const comment = ranges.map((r) => clean(text.slice(r.pos, r.end))).join(' ');
        if (name && comment) found[name] = comment;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
