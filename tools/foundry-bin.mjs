#!/usr/bin/env node
// Prints the path of a Foundry binary (forge, anvil, cast) installed by the @foundry-rs npm packages.
// The packages' own launcher (node_modules/.bin/forge) drops the binary's exit status (1.7.1): a
// failing `forge fmt --check` or `forge build` exits 0 through it. The Makefile therefore runs the
// platform binary itself, found here.
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const tool = process.argv[2];
if (!['forge', 'anvil', 'cast'].includes(tool)) {
  console.error('usage: foundry-bin.mjs forge|anvil|cast');
  process.exit(2);
}
const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch] ?? process.arch;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const exe = process.platform === 'win32' ? `${tool}.exe` : tool;
const binary = join(root, 'node_modules', '@foundry-rs', `${tool}-${process.platform}-${arch}`, 'bin', exe);
if (!existsSync(binary)) {
  console.error(
    `foundry-bin: no ${tool} binary for ${process.platform}-${arch} in node_modules (run make install, ` +
      `or install Foundry natively and set ${tool.toUpperCase()}=/path/to/${tool})`,
  );
  process.exit(1);
}
console.log(relative(process.cwd(), binary));
