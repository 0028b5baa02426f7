#!/usr/bin/env node
'use strict';
require('./support/run-built-app')('hotshot-poster', 'hotshot-poster');
