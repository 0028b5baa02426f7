'use strict';
// Shared by the scripts in bin/ (this folder is not one of them: the Dockerfile links only bin/*.js onto PATH).
const path = require('node:path');

const root = path.join(__dirname, '..', '..');

/**
 * Runs the compiled `apps/<app>` ('npm install' builds it through the prepare script), or exits 1 saying how to
 * build it; `command` is the name the user typed, used in that message.
 */
module.exports = function runBuiltApp(app, command) {
  const entry = path.join(root, 'dist', 'apps', app, 'src', 'main.js');
  try {
    require.resolve(entry);
  } catch {
    process.stderr.write(command + ": not built yet; run 'npm run build' in " + root + '\n');
    process.exit(1);
  }
  require(entry);
};
