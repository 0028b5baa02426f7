#!/usr/bin/env node
'use strict';
require('./support/run-built-app')('zkevm-node', 'zkevm-node');
