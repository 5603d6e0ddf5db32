#!/usr/bin/env node
"use strict";
// Committed so npm can link the bin at install time, before the build has produced dist/.
require("../dist/cli/main.js").runFromProcess();
