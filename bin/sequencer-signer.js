#!/usr/bin/env node
'use strict';
require('./support/run-built-app')('sequencer-signer', 'sequencer-signer');
