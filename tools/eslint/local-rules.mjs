// The repository's own lint rules, registered in eslint.config.mjs as the plugin `local`.
import { noImportCycle } from './no-import-cycle.mjs';
import { noUnusedLibraryExport } from './no-unused-library-export.mjs';

export default {
  rules: { 'no-import-cycle': noImportCycle, 'no-unused-library-export': noUnusedLibraryExport },
};
