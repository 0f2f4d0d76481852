#!/usr/bin/env node
// The `backstop` bin. The package ships TypeScript sources, run through tsx (a dependency), so there is
// no separate compile step to forget: `make install` links this file as node_modules/.bin/backstop.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/cli/main.ts');
await run();
