// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {LibNote} from "test/mcd/LibNote.sol";
import {Vat} from "test/mcd/Vat.sol";

/// @title Jug: stability fee accrual (dss 1.0 behaviour)
/// @notice `drip(ilk)` compounds `base + duty` [ray per second] since `rho` into the ilk's rate
///         and credits the fees to the Vow in the Vat.
contract Jug is LibNote {
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
        require(wards[msg.sender] == 1, "Jug/not-authorized");
        _;
    }

    // --- Data ---
    struct Ilk {
        uint256 duty; // Collateral-specific, per-second stability fee [ray]
        uint256 rho; // Time of the last drip [unix time]
    }

    /// @notice Per-ilk fee and last drip time
    mapping(bytes32 => Ilk) public ilks;
    /// @notice The ledger
    Vat public vat;
    /// @notice Receives the fees (the Vow)
    address public vow;
    /// @notice Global, per-second stability fee added to every duty [ray]
    uint256 public base;

    uint256 internal constant ONE = 10 ** 27;

    constructor(address vat_) {
        wards[msg.sender] = 1;
        vat = Vat(vat_);
    }

    // --- Math ---
    /// @dev x^n in base b fixed point, rounding half up at every step (as mainnet's rpow)
    function rpow(uint256 x, uint256 n, uint256 b) internal pure returns (uint256 z) {
        if (x == 0) return n == 0 ? b : 0;
        z = n % 2 == 0 ? b : x;
        uint256 half = b / 2;
        for (n /= 2; n > 0; n /= 2) {
            x = (x * x + half) / b;
            if (n % 2 == 1) z = (z * x + half) / b;
        }
    }

    function diff(uint256 x, uint256 y) internal pure returns (int256) {
        require(x <= uint256(type(int256).max) && y <= uint256(type(int256).max));
        // casting to 'int256' is safe because both are at most int256.max (checked above)
        // forge-lint: disable-next-line(unsafe-typecast)
        return int256(x) - int256(y);
    }

    // --- Administration ---
    /// @notice Start fee accrual for `ilk` with duty 1.0 [ray]
    function init(bytes32 ilk) external note auth {
        Ilk storage i = ilks[ilk];
        require(i.duty == 0, "Jug/ilk-already-init");
        i.duty = ONE;
        i.rho = block.timestamp;
    }

    /// @notice Set an ilk parameter: "duty" [ray per second]; the ilk must have been dripped this block
    function file(bytes32 ilk, bytes32 what, uint256 data) external note auth {
        // forge-lint: disable-next-line(block-timestamp)
        require(block.timestamp == ilks[ilk].rho, "Jug/rho-not-updated");
        if (what == "duty") ilks[ilk].duty = data;
        else revert("Jug/file-unrecognized-param");
    }

    /// @notice Set a global parameter: "base" [ray per second]
    function file(bytes32 what, uint256 data) external note auth {
        if (what == "base") base = data;
        else revert("Jug/file-unrecognized-param");
    }

    /// @notice Set a global address: "vow"
    function file(bytes32 what, address data) external note auth {
        if (what == "vow") vow = data;
        else revert("Jug/file-unrecognized-param");
    }

    // --- Stability Fee Collection ---
    /// @notice Accrue `ilk`'s fees since the last drip; returns the new rate [ray]
    function drip(bytes32 ilk) external note returns (uint256 rate) {
        // forge-lint: disable-next-line(block-timestamp)
        require(block.timestamp >= ilks[ilk].rho, "Jug/invalid-now");
        (, uint256 prev,,,) = vat.ilks(ilk);
        rate = rpow(base + ilks[ilk].duty, block.timestamp - ilks[ilk].rho, ONE) * prev / ONE;
        vat.fold(ilk, vow, diff(rate, prev));
        ilks[ilk].rho = block.timestamp;
    }
}
