#!/usr/bin/env node
'use strict';
// Runs the compiled app; 'npm install' builds it through the prepare script.
const path = require('node:path');
const entry = path.join(__dirname, '..', 'dist', 'apps', 'sequencer-signer', 'src', 'main.js');
try {
  require.resolve(entry);
} catch {
  process.stderr.write("sequencer-signer: not built yet; run 'npm run build' in " + path.join(__dirname, '..') + '\n');
  process.exit(1);
}
require(entry);
