// The .vsix carries README.md for the Extensions view. vsce refuses relative images unless they can be rewritten
// to a public repository, which this project does not name; so the packaged copy turns each relative image into a
// plain relative link (the repository's README keeps its screenshots). Writes out/README.vsix.md.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const text = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const out = text.replace(/!\[([^\]]*)\]\((?!https?:)([^)]+)\)/g, '[Screenshot: $1]($2)');
fs.mkdirSync(path.join(root, 'out'), { recursive: true });
fs.writeFileSync(path.join(root, 'out', 'README.vsix.md'), out);
