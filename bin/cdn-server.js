#!/usr/bin/env node
'use strict';
require('./support/run-built-app')('cdn-server', 'cdn-server');
