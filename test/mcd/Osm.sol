// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {LibNote} from "test/mcd/LibNote.sol";

/// @notice The price source an OSM reads (mainnet: the Median; locally: PriceFeed)
// solhint-disable-next-line interface-starts-with-i
interface OsmSource {
    function peek() external view returns (bytes32, bool);
}

/// @title OSM: the Oracle Security Module (mainnet behaviour)
/// @notice Delays the source price by one `hop`: `poke` moves `nxt` to `cur` and reads the source
///         into `nxt`, at most once per hop. Readers (`peek`, `peep`, `read`) must be whitelisted
///         with `kiss`. Prices are in wad (1e18), carried as bytes32.
contract OSM is LibNote {
    // --- Auth ---
    /// @notice 1 if the address may call auth functions
    mapping(address => uint256) public wards;

    /// @notice Grant auth to `usr`
    function rely(address usr) external note auth {
        wards[usr] = 1;
    }

    /// @notice Revoke auth from `usr`
    function deny(address usr) external note auth {
        wards[usr] = 0;
    }

    modifier auth() {
        require(wards[msg.sender] == 1, "OSM/not-authorized");
        _;
    }

    // --- Stop ---
    /// @notice 1 while poke is disabled
    uint256 public stopped;

    modifier stoppable() {
        require(stopped == 0, "OSM/is-stopped");
        _;
    }

    struct Feed {
        uint128 val; // price [wad]
        uint128 has; // 1 if set
    }

    /// @notice The source read on poke
    address public src;
    /// @notice Minimum time between pokes [seconds]
    uint16 public hop = 3600;
    /// @notice Start of the hop in which the last poke happened [unix time]
    uint64 public zzz;
    /// @notice Current (delayed) price. Internal on mainnet; public here for tests.
    Feed public cur;
    /// @notice Next price, current after the next poke. Internal on mainnet; public here for tests.
    Feed public nxt;
    /// @notice 1 if the address may read the prices
    mapping(address => uint256) public bud;

    modifier toll() {
        require(bud[msg.sender] == 1, "OSM/contract-not-whitelisted");
        _;
    }

    event LogValue(bytes32 val);

    constructor(address src_) {
        wards[msg.sender] = 1;
        src = src_;
    }

    /// @notice Disable poke (auth)
    function stop() external note auth {
        stopped = 1;
    }

    /// @notice Enable poke (auth)
    function start() external note auth {
        stopped = 0;
    }

    /// @notice Read from `src_` from now on (auth)
    function change(address src_) external note auth {
        src = src_;
    }

    /// @notice Set the hop to `ts` [seconds] (auth)
    function step(uint16 ts) external auth {
        require(ts > 0, "OSM/ts-is-zero");
        hop = ts;
    }

    /// @notice Clear both prices and stop (auth)
    function void() external note auth {
        cur = nxt = Feed(0, 0);
        stopped = 1;
    }

    function prev(uint256 ts) internal view returns (uint64) {
        require(hop != 0, "OSM/hop-is-zero");
        // casting to 'uint64' is safe for any block timestamp before the year 500 billion
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint64(ts - (ts % hop));
    }

    /// @notice Whether a hop has passed since the last poke
    function pass() public view returns (bool ok) {
        // forge-lint: disable-next-line(block-timestamp)
        return block.timestamp >= zzz + hop;
    }

    /// @notice Advance: cur = nxt, nxt = source price. Does nothing if the source has no price.
    function poke() external note stoppable {
        require(pass(), "OSM/not-passed");
        (bytes32 wut, bool ok) = OsmSource(src).peek();
        if (ok) {
            cur = nxt;
            // casting to 'uint128' truncates like mainnet's uint128(uint(wut))
            // forge-lint: disable-next-line(unsafe-typecast)
            nxt = Feed(uint128(uint256(wut)), 1);
            zzz = prev(block.timestamp);
            emit LogValue(bytes32(uint256(cur.val)));
        }
    }

    /// @notice Current price [wad] and whether it is set (whitelisted readers)
    function peek() external view toll returns (bytes32, bool) {
        return (bytes32(uint256(cur.val)), cur.has == 1);
    }

    /// @notice Next price [wad] and whether it is set (whitelisted readers)
    function peep() external view toll returns (bytes32, bool) {
        return (bytes32(uint256(nxt.val)), nxt.has == 1);
    }

    /// @notice Current price [wad]; reverts when unset (whitelisted readers)
    function read() external view toll returns (bytes32) {
        require(cur.has == 1, "OSM/no-current-value");
        return bytes32(uint256(cur.val));
    }

    /// @notice Whitelist reader `a` (auth)
    function kiss(address a) external note auth {
        require(a != address(0), "OSM/no-contract-0");
        bud[a] = 1;
    }

    /// @notice Remove reader `a` (auth)
    function diss(address a) external note auth {
        bud[a] = 0;
    }

    /// @notice Whitelist every reader in `a` (auth)
    function kiss(address[] calldata a) external note auth {
        for (uint256 i = 0; i < a.length; i++) {
            require(a[i] != address(0), "OSM/no-contract-0");
            bud[a[i]] = 1;
        }
    }

    /// @notice Remove every reader in `a` (auth)
    function diss(address[] calldata a) external note auth {
        for (uint256 i = 0; i < a.length; i++) {
            bud[a[i]] = 0;
        }
    }
}
