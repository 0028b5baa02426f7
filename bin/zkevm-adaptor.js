#!/usr/bin/env node
'use strict';
require('./support/run-built-app')('zkevm-adaptor', 'zkevm-adaptor');
