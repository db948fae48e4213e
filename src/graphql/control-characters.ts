/**
 * The GraphQL endpoint parses its own body, so the control-character guard of the other routes never sees it: this
 * Apollo plugin refuses control characters (tab and line breaks allowed) in the variables and in the string
 * literals of an operation before it runs, with a 400 naming where they are, instead of a database error.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, visit, type DocumentNode } from 'graphql';
import {
  CONTROL_CHARACTERS_EXCEPT_LINE_BREAKS,
  NO_CONTROL_CHARACTERS,
} from '../../plugins/easycars/shared/contracts/fields';
import { pathsMatching } from '../middlewares/control-characters';

/** The arguments ("filters.make.eq") whose literal strings hold a control character. */
function literalsMatching(document: DocumentNode): string[] {
  const found: string[] = [];
  const path: string[] = [];
  visit(document, {
    Argument: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
    ObjectField: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
    StringValue(node) {
      if (CONTROL_CHARACTERS_EXCEPT_LINE_BREAKS.test(node.value)) found.push(path.join('.') || 'query');
    },
  });
  return found;
}

export const refuseControlCharacters: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document }) {
        const fields = [
          ...pathsMatching(request.variables ?? {}, CONTROL_CHARACTERS_EXCEPT_LINE_BREAKS).map((p) => `variables.${p}`),
          ...literalsMatching(document),
        ];
        if (fields.length === 0) return;
        throw new GraphQLError(fields.map((field) => `${field} ${NO_CONTROL_CHARACTERS}`).join('; '), {
          extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
        });
      },
    };
  },
};
