#!/usr/bin/env node
'use strict';
require('./support/run-built-app')('demo', 'hotshot-demo');
