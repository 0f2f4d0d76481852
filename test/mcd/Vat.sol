// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

/// @title Vat: the core ledger of the local MCD (dss 1.0 behaviour)
/// @notice Holds vault balances (ink/art), collateral (gem), internal dai and system debt (sin).
///         Units: wad = 1e18, ray = 1e27, rad = 1e45. Internal dai is in rad. Like mainnet's,
///         every non-view function logs the Vat's own anonymous `LogNote`.
contract Vat {
    // --- Auth ---
    /// @notice 1 if the address may call auth functions
    mapping(address => uint256) public wards;

    /// @notice Grant auth to `usr` (only while live, as on mainnet)
    function rely(address usr) external note auth {
        require(live == 1, "Vat/not-live");
        wards[usr] = 1;
    }

    /// @notice Revoke auth from `usr` (only while live, as on mainnet)
    function deny(address usr) external note auth {
        require(live == 1, "Vat/not-live");
        wards[usr] = 0;
    }

    modifier auth() {
        require(wards[msg.sender] == 1, "Vat/not-authorized");
        _;
    }

    /// @notice can[bit][usr] == 1: `usr` may move `bit`'s dai and gem
    mapping(address => mapping(address => uint256)) public can;

    /// @notice Allow `usr` to move the caller's dai and gem
    function hope(address usr) external note {
        can[msg.sender][usr] = 1;
    }

    /// @notice Revoke `usr`'s permission over the caller's dai and gem
    function nope(address usr) external note {
        can[msg.sender][usr] = 0;
    }

    /// @dev Like mainnet's, reads `can[bit][usr]` even when `bit == usr` (mainnet ORs both sides
    ///      without short-circuit): that SLOAD is part of what move/flux/frob cost on mainnet.
    function wish(address bit, address usr) internal view returns (bool) {
        return _either(bit == usr, can[bit][usr] == 1);
    }

    /// @dev x || y with both sides evaluated, as mainnet's either()
    function _either(bool x, bool y) internal pure returns (bool) {
        return x || y;
    }

    /// @dev x && y with both sides evaluated, as mainnet's both()
    function _both(bool x, bool y) internal pure returns (bool) {
        return x && y;
    }

    // --- Data ---
    struct Ilk {
        uint256 Art; // Total normalised debt      [wad]
        uint256 rate; // Accumulated rates         [ray]
        uint256 spot; // Price with safety margin  [ray]
        uint256 line; // Debt ceiling              [rad]
        uint256 dust; // Urn debt floor            [rad]
    }

    struct Urn {
        uint256 ink; // Locked collateral  [wad]
        uint256 art; // Normalised debt    [wad]
    }

    /// @notice Collateral types
    mapping(bytes32 => Ilk) public ilks;
    /// @notice Vaults, by ilk and owner
    mapping(bytes32 => mapping(address => Urn)) public urns;
    /// @notice Free collateral, by ilk and owner [wad]
    mapping(bytes32 => mapping(address => uint256)) public gem;
    /// @notice Internal dai balances [rad]
    mapping(address => uint256) public dai;
    /// @notice Unbacked debt balances [rad]
    mapping(address => uint256) public sin;

    /// @notice Total dai issued [rad]
    uint256 public debt;
    /// @notice Total unbacked dai [rad]
    uint256 public vice;
    /// @notice Total debt ceiling [rad]
    uint256 public Line;
    /// @notice 1 while the system is live, 0 after cage
    uint256 public live;

    // --- Logs ---
    /// @notice Logged by every Vat function but the views (anonymous). Unlike LibNote's event,
    ///         the Vat's has no caller topic: its topics are the selector and the first three
    ///         calldata words; `data` is the first 224 bytes of the calldata.
    event LogNote(
        bytes4 indexed sig, bytes32 indexed arg1, bytes32 indexed arg2, bytes32 indexed arg3, bytes data
    ) anonymous;

    /// @dev After the body: write the ABI encoding of `bytes data` (offset 0x20, length 224, then
    ///      224 bytes of calldata, zero-padded or cut: 288 bytes) at the free memory pointer, claim
    ///      it and log it with the selector and the first three calldata words as topics.
    modifier note() {
        _;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(0x40, add(ptr, 288))
            mstore(ptr, 0x20)
            mstore(add(ptr, 0x20), 224)
            calldatacopy(add(ptr, 0x40), 0, 224)
            log4(
                ptr,
                288,
                shl(224, shr(224, calldataload(0))),
                calldataload(4),
                calldataload(36),
                calldataload(68)
            )
        }
    }

    constructor() {
        wards[msg.sender] = 1;
        live = 1;
    }

    // --- Math ---
    function _add(uint256 x, int256 y) internal pure returns (uint256) {
        // casting to 'uint256' is safe because the sign is checked first (and -y overflows on int256.min)
        // forge-lint: disable-next-line(unsafe-typecast)
        return y >= 0 ? x + uint256(y) : x - uint256(-y);
    }

    function _mul(uint256 x, int256 y) internal pure returns (int256) {
        require(x <= uint256(type(int256).max));
        // casting to 'int256' is safe because x <= int256.max is required above
        // forge-lint: disable-next-line(unsafe-typecast)
        return int256(x) * y;
    }

    // --- Administration ---
    /// @notice Initialise collateral type `ilk` (rate = 1 ray)
    function init(bytes32 ilk) external note auth {
        require(ilks[ilk].rate == 0, "Vat/ilk-already-init");
        ilks[ilk].rate = 10 ** 27;
    }

    /// @notice Set a global parameter: "Line" [rad]
    function file(bytes32 what, uint256 data) external note auth {
        require(live == 1, "Vat/not-live");
        if (what == "Line") Line = data;
        else revert("Vat/file-unrecognized-param");
    }

    /// @notice Set an ilk parameter: "spot" [ray], "line" [rad], "dust" [rad]
    function file(bytes32 ilk, bytes32 what, uint256 data) external note auth {
        require(live == 1, "Vat/not-live");
        if (what == "spot") ilks[ilk].spot = data;
        else if (what == "line") ilks[ilk].line = data;
        else if (what == "dust") ilks[ilk].dust = data;
        else revert("Vat/file-unrecognized-param");
    }

    /// @notice Shut the ledger down
    function cage() external note auth {
        live = 0;
    }

    // --- Fungibility ---
    /// @notice Adjust `usr`'s free collateral by `wad` [wad] (used by joins)
    function slip(bytes32 ilk, address usr, int256 wad) external note auth {
        gem[ilk][usr] = _add(gem[ilk][usr], wad);
    }

    /// @notice Move `wad` [wad] of free collateral from `src` to `dst`
    function flux(bytes32 ilk, address src, address dst, uint256 wad) external note {
        require(wish(src, msg.sender), "Vat/not-allowed");
        gem[ilk][src] -= wad;
        gem[ilk][dst] += wad;
    }

    /// @notice Move `rad` [rad] of internal dai from `src` to `dst`
    function move(address src, address dst, uint256 rad) external note {
        require(wish(src, msg.sender), "Vat/not-allowed");
        dai[src] -= rad;
        dai[dst] += rad;
    }

    // --- CDP Manipulation ---
    /// @notice Change vault `u`: lock `dink` [wad] of `v`'s gem and draw `dart` [wad, normalised]
    ///         of debt as dai to `w`. Negative values free collateral / repay debt.
    function frob(bytes32 i, address u, address v, address w, int256 dink, int256 dart) external note {
        require(live == 1, "Vat/not-live");

        Urn memory urn = urns[i][u];
        Ilk memory ilk = ilks[i];
        require(ilk.rate != 0, "Vat/ilk-not-init");

        urn.ink = _add(urn.ink, dink);
        urn.art = _add(urn.art, dart);
        ilk.Art = _add(ilk.Art, dart);

        int256 dtab = _mul(ilk.rate, dart); // [rad]
        uint256 tab = ilk.rate * urn.art; // [rad]
        debt = _add(debt, dtab);

        // Every condition is evaluated in full (no short-circuit), as on mainnet: `Line` and the three
        // `can` entries are always read, and the products always computed.
        bool lessRisky = _both(dart <= 0, dink >= 0);
        // either debt has decreased, or the ceilings are not exceeded
        require(
            _either(dart <= 0, _both(ilk.Art * ilk.rate <= ilk.line, debt <= Line)), "Vat/ceiling-exceeded"
        );
        // either the urn is no riskier than before, or it is safe
        require(_either(lessRisky, tab <= urn.ink * ilk.spot), "Vat/not-safe");
        // either the urn is no riskier than before, or its owner consents
        require(_either(lessRisky, wish(u, msg.sender)), "Vat/not-allowed-u");
        // the collateral source consents
        require(_either(dink <= 0, wish(v, msg.sender)), "Vat/not-allowed-v");
        // the debt destination consents
        require(_either(dart >= 0, wish(w, msg.sender)), "Vat/not-allowed-w");
        // the urn has no debt, or a non-dusty amount
        require(_either(urn.art == 0, tab >= ilk.dust), "Vat/dust");

        gem[i][v] = _add(gem[i][v], -dink);
        dai[w] = _add(dai[w], dtab);

        urns[i][u] = urn;
        ilks[i] = ilk;
    }

    // --- CDP Fungibility ---
    /// @notice Split or merge vaults: move `dink` [wad] of ink and `dart` [wad] of art from `src` to `dst`
    function fork(bytes32 ilk, address src, address dst, int256 dink, int256 dart) external note {
        Urn storage u = urns[ilk][src];
        Urn storage v = urns[ilk][dst];
        Ilk storage i = ilks[ilk];

        u.ink = _add(u.ink, -dink);
        u.art = _add(u.art, -dart);
        v.ink = _add(v.ink, dink);
        v.art = _add(v.art, dart);

        uint256 utab = u.art * i.rate; // [rad]
        uint256 vtab = v.art * i.rate; // [rad]

        // both sides consent
        require(_both(wish(src, msg.sender), wish(dst, msg.sender)), "Vat/not-allowed");
        // both sides safe
        require(utab <= u.ink * i.spot, "Vat/not-safe-src");
        require(vtab <= v.ink * i.spot, "Vat/not-safe-dst");
        // both sides non-dusty
        require(_either(utab >= i.dust, u.art == 0), "Vat/dust-src");
        require(_either(vtab >= i.dust, v.art == 0), "Vat/dust-dst");
    }

    // --- CDP Confiscation ---
    /// @notice Seize vault `u`: `dink` [wad] of ink goes to `v`'s gem, `-dart*rate` [rad] of debt to `w`'s
    // sin
    function grab(bytes32 i, address u, address v, address w, int256 dink, int256 dart) external note auth {
        Urn storage urn = urns[i][u];
        Ilk storage ilk = ilks[i];

        urn.ink = _add(urn.ink, dink);
        urn.art = _add(urn.art, dart);
        ilk.Art = _add(ilk.Art, dart);

        int256 dtab = _mul(ilk.rate, dart); // [rad]

        gem[i][v] = _add(gem[i][v], -dink);
        sin[w] = _add(sin[w], -dtab);
        vice = _add(vice, -dtab);
    }

    // --- Settlement ---
    /// @notice Cancel `rad` [rad] of the caller's sin against the same amount of its dai
    function heal(uint256 rad) external note {
        address u = msg.sender;
        sin[u] -= rad;
        dai[u] -= rad;
        vice -= rad;
        debt -= rad;
    }

    /// @notice Mint `rad` [rad] of unbacked dai to `v`, charging the same amount of sin to `u`
    function suck(address u, address v, uint256 rad) external note auth {
        sin[u] += rad;
        dai[v] += rad;
        vice += rad;
        debt += rad;
    }

    // --- Rates ---
    /// @notice Change ilk `i`'s rate by `rate` [ray] and credit `u` with `Art*rate` [rad]
    function fold(bytes32 i, address u, int256 rate) external note auth {
        require(live == 1, "Vat/not-live");
        Ilk storage ilk = ilks[i];
        ilk.rate = _add(ilk.rate, rate);
        int256 rad = _mul(ilk.Art, rate); // [rad]
        dai[u] = _add(dai[u], rad);
        debt = _add(debt, rad);
    }
}
