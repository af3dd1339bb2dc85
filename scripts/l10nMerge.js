#!/usr/bin/env node
// Adds a fragment of translations to l10n/bundle.l10n.zh-cn.json: `node scripts/l10nMerge.js fragment.json`.
// Reads, merges and writes in one go so several people can add texts at once; existing keys keep their place,
// new ones go at the end, and a key already present is only replaced when the fragment says otherwise.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const bundlePath = path.join(__dirname, '..', 'l10n', 'bundle.l10n.zh-cn.json');
const fragment = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const bundle = JSON.parse(fs.readFileSync(bundlePath, 'utf8'));
let added = 0;
let changed = 0;
for (const [key, text] of Object.entries(fragment)) {
  if (typeof text !== 'string') throw new Error(`not a string: ${key}`);
  if (!(key in bundle)) added++;
  else if (bundle[key] !== text) changed++;
  bundle[key] = text;
}
const tmp = `${bundlePath}.${process.pid}.tmp`;
fs.writeFileSync(tmp, `${JSON.stringify(bundle, null, 2)}\n`);
fs.renameSync(tmp, bundlePath);
console.log(`l10n: ${added} added, ${changed} changed, ${Object.keys(bundle).length} in all`);
