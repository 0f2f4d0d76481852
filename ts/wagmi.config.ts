// Typed ABIs for the syndicate, the factory and every local MCD contract, generated into
// generated/contracts.ts from the Forge artifacts `make build` compiled into ../out. Build output:
// ignored by git, removed by `make clean`, never edited. Only src/chain/ imports it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { defineConfig } from '@wagmi/cli';
import { foundry } from '@wagmi/cli/plugins';

// The artifacts, by file under out/ (contract names clash across files: Mkr.sol also holds
// DSAuthority, Osm.sol an OsmSource interface). No address here: addresses are read at run time.
// The syndicate's whole surface is the interface ISyndicate (its own functions, events and errors, and
// the views its fallback runs from SyndicateViews by delegatecall); the contract's own artifact lacks
// the views but carries the share token's ERC20 events and token errors (src/chain/abis.ts joins them).
const ARTIFACTS = [
  'ISyndicate.sol/ISyndicate.json',
  'DaiBackstopSyndicate.sol/DaiBackstopSyndicate.json',
  'SyndicateFactory.sol/SyndicateFactory.json',
  'Vat.sol/Vat.json',
  'Vow.sol/Vow.json',
  'Flopper.sol/Flopper.json',
  'KissingFlopper.sol/KissingFlopper.json',
  'Flipper.sol/Flipper.json',
  'Cat.sol/Cat.json',
  'Spotter.sol/Spotter.json',
  'Jug.sol/Jug.json',
  'DaiJoin.sol/DaiJoin.json',
  'GemJoin.sol/GemJoin.json',
  'Dai.sol/Dai.json',
  'Mkr.sol/Mkr.json',
  'MkrAuthority.sol/MkrAuthority.json',
  'Osm.sol/OSM.json',
  'PriceFeed.sol/PriceFeed.json',
  'Weth.sol/Weth.json',
  // The replay of March 2020 (test/replay): the flip replayer and the spell casting McdDeploy's profiles
  'FlipReplayer.sol/FlipReplayer.json',
  'McdSpell.sol/McdSpell.json',
];

// The plugin skips an include that matches nothing; a renamed contract must fail the build instead.
const missing = ARTIFACTS.filter((path) => !existsSync(`../out/${path}`));
if (missing.length > 0) {
  throw new Error(`wagmi: no artifact ${missing.join(', ')} in ../out (run make build; a contract renamed? update wagmi.config.ts)`);
}

// The plugin asks `forge config` where out/ is; point it at the npm platform binary (the Makefile
// passes FORGE; the npm launcher in node_modules/.bin would do as well for this read-only call).
const forgePath =
  process.env.FORGE ?? execFileSync(process.execPath, ['../tools/foundry-bin.mjs', 'forge'], { encoding: 'utf8' }).trim();

export default defineConfig({
  out: 'generated/contracts.ts',
  plugins: [
    foundry({
      project: '..',
      artifacts: 'out',
      include: ARTIFACTS,
      forge: { build: false, rebuild: false, path: forgePath },
    }),
  ],
});
