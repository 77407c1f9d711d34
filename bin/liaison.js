#!/usr/bin/env node
'use strict';
process.exitCode = require('../dist/cli/liaison.js').main(process.argv.slice(2));
