/**
 * The failure and refusal messages the admin pages word themselves, read from their sources with the TypeScript
 * compiler (no page is run). A text counts when the page shows it where it tells a user something went wrong or was
 * refused:
 * - `toggleNotification({ type: 'danger' | 'warning', message })` and any `{ variant | type: 'danger' | 'warning',
 *   title, message }` object (test outcomes, clean-up outcomes);
 * - an `<Alert>` whose variant can be danger or warning: its title and its own text;
 * - text in a `<Typography textColor="danger…">` (or `"warning…"`);
 * - an error state set by hand: `setFormError(…)`, `setProblem(…)`, `setFailure(…)`, `set…Error(…)`;
 * - an `<EmptyStateLayout>` with the warning icon, or one that says the user's role may not do something;
 * - a field check's own wording (`… is required`, `… must be …`);
 * - as a safety net, any other text of the admin that words a failure (`could not`, `failed`, `refused`, …): it is a
 *   message, or troubleshooting-messages.ts says why it is not one (a chart's description, a unit's name).
 * One-word labels (a badge, a status) are not messages.
 * Parts that vary (`${…}`, `{…}`) read `…`. A text made entirely elsewhere (`errorMessage(error)`, a run's
 * `errorMessage`) is the server's message and is collected on the server side.
 */
import fs from 'fs';
import path from 'path';
import ts from 'typescript';

const root = path.resolve(__dirname, '..', '..');
export const ADMIN = 'plugins/easycars/admin/src';

const FAILURE_TONE = /^(danger|warning)/;
const FIELD_CHECK = /^(… )?(is required|must be|is invalid)\b/;
const ROLE_REFUSAL = /\b(allowed to|may manage|your role|permission)\b/i;
const FAILURE_WORDS = /\b(could not|cannot|can no longer|did not|was not|were not|failed|refused|not allowed)\b/i;
const ERROR_SETTER = /^set(\w*Error|Problem|Failure)$/;
const VARIES = '…';

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sources(rel);
    return /\.tsx?$/.test(entry.name) ? [rel] : [];
  });
}

/** The texts an expression can show: each branch of a condition, `…` for what varies; none when all of it varies. */
function textsOf(node: ts.Node | undefined, consts: Map<string, string>): string[] {
  if (!node) return [];
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) {
    const text = node.head.text + node.templateSpans.map((s) => VARIES + s.literal.text).join('');
    return [text];
  }
  if (ts.isParenthesizedExpression(node) || ts.isJsxExpression(node)) return textsOf(node.expression, consts);
  if (ts.isConditionalExpression(node)) return [...textsOf(node.whenTrue, consts), ...textsOf(node.whenFalse, consts)];
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    // `a ?? 'fallback'`, `a || 'fallback'`: the fallback is the page's own text
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken)
      return textsOf(node.right, consts);
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return textsOf(node.right, consts);
    if (op === ts.SyntaxKind.PlusToken) {
      const [left, right] = [textsOf(node.left, consts), textsOf(node.right, consts)];
      if (left.length === 0 && right.length === 0) return [];
      return [(left[0] ?? VARIES) + (right[0] ?? VARIES)];
    }
  }
  if (ts.isIdentifier(node) && consts.has(node.text)) return [consts.get(node.text) as string];
  return [];
}

/**
 * A JSX element's own wording: its text and literal children, `…` for each expression child that varies; each
 * branch when its only child is a condition.
 */
function jsxTexts(children: ts.NodeArray<ts.JsxChild>, consts: Map<string, string>): string[] {
  const used = children.filter((child) => !(ts.isJsxText(child) && child.containsOnlyTriviaWhiteSpaces));
  if (used.length === 1 && ts.isJsxExpression(used[0])) return textsOf(used[0], consts);
  const parts = children.map((child) => {
    if (ts.isJsxText(child)) return child.text;
    if (ts.isJsxExpression(child)) return textsOf(child, consts)[0] ?? VARIES;
    return '';
  });
  return [parts.join('')];
}

function attribute(node: ts.JsxOpeningLikeElement, name: string): ts.JsxAttribute | undefined {
  return node.attributes.properties.find(
    (p): p is ts.JsxAttribute => ts.isJsxAttribute(p) && p.name.getText() === name
  );
}

/** The texts an attribute (`title="…"`, `content={…}`) can show. */
function attributeTexts(node: ts.JsxOpeningLikeElement, name: string, consts: Map<string, string>): string[] {
  const init = attribute(node, name)?.initializer;
  return init ? textsOf(init, consts) : [];
}

/** Whether an attribute or property can take a danger or warning tone (a literal, or a condition over literals). */
function failureTone(value: ts.Node | undefined, consts: Map<string, string>): boolean {
  if (!value) return false;
  const tones = textsOf(value, consts);
  // a tone that comes from elsewhere (`outcome.variant`, `alert.severity`) is judged where it is made
  return tones.some((t) => FAILURE_TONE.test(t));
}

/** Each message as `<file below admin/src> <its text>`, the text shortened. */
export function adminMessages(): string[] {
  const found = new Set<string>();
  for (const file of sources(ADMIN)) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
    const consts = new Map<string, string>();
    const shown: string[] = [];
    const add = (message: string) => {
      const text = message.replace(/\s+/g, ' ').trim();
      // a one-word label (a badge, a status) is not a message, nor are parts that all vary
      if (/\S \S/.test(text.replace(/ ?…/g, ''))) shown.push(text);
    };

    const visit = (node: ts.Node): void => {
      // a message kept in a constant (`const CHECK_FIELDS = '…'`) reads as its text where it is used
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
        if (ts.isStringLiteralLike(node.initializer)) consts.set(node.name.text, node.initializer.text);
      }
      if (ts.isStringLiteralLike(node) || ts.isTemplateExpression(node)) {
        for (const t of textsOf(node, consts)) if (FIELD_CHECK.test(t)) add(t);
      }
      if (ts.isObjectLiteralExpression(node)) {
        const prop = (name: string) =>
          node.properties.find(
            (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === name
          )?.initializer;
        if (failureTone(prop('variant') ?? prop('type'), consts)) {
          for (const t of [...textsOf(prop('title'), consts), ...textsOf(prop('message'), consts)]) add(t);
        }
      }
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && ERROR_SETTER.test(node.expression.text)) {
        for (const t of textsOf(node.arguments[0], consts)) add(t);
      }
      if (ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node)) {
        const opening = ts.isJsxElement(node) ? node.openingElement : node;
        const own = ts.isJsxElement(node) ? jsxTexts(node.children, consts) : [];
        const name = opening.tagName.getText();
        if (name === 'Alert' && failureTone(attribute(opening, 'variant')?.initializer, consts)) {
          for (const t of attributeTexts(opening, 'title', consts)) add(t);
          own.forEach(add);
        }
        if (name === 'Typography' && failureTone(attribute(opening, 'textColor')?.initializer, consts))
          own.forEach(add);
        if (name === 'EmptyStateLayout') {
          const warns = attribute(opening, 'icon')?.getText().includes('WarningCircle') ?? false;
          for (const t of attributeTexts(opening, 'content', consts)) if (warns || ROLE_REFUSAL.test(t)) add(t);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);

    // the safety net: any other wording of a failure in this file, wherever the page shows it
    const fragment = (node: ts.Node): void => {
      const literal =
        ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) || ts.isJsxText(node) ? node.text : '';
      const text = literal.replace(/\s+/g, ' ').trim();
      if (FAILURE_WORDS.test(text) && !shown.some((s) => s.includes(text))) add(text);
      ts.forEachChild(node, fragment);
    };
    fragment(source);
    for (const text of shown) found.add(`${file.slice(ADMIN.length + 1)} ${text.slice(0, 60)}`);
  }
  return [...found].sort();
}
