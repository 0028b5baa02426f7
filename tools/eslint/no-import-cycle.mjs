// ESLint rule `local/no-import-cycle`: a module may not import, directly or through others, a module that imports
// it back. Cycles tie rooms together so that neither can be read, tested or moved alone (issue 22).
import { cycleThrough } from './import-graph.mjs';

export const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'forbid import cycles between the repository’s modules' },
    schema: [],
    messages: { cycle: 'Import cycle: {{chain}}. Break it (move the shared part down, or pass a callback).' },
  },
  create(context) {
    return {
      Program(node) {
        const chain = cycleThrough(context.filename, context.sourceCode.text);
        if (chain) context.report({ node, messageId: 'cycle', data: { chain: chain.join(' -> ') } });
      },
    };
  },
};
