// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Flopper} from "test/mcd/Flopper.sol";
import {Vow} from "test/mcd/Vow.sol";

/// @title KissingFlopper: the debt auction as mainnet's Flopper deployed in July 2020 (MIP19)
/// @notice Same ABI as Flopper. Differences, as on mainnet from July 2020:
///         - on the first dent (tic == 0, the high bidder is still the Vow) it calls
///           `vow.kiss(min(bid, vow.Ash()))`, so the dai paid clears on-auction debt at once and
///           `vow.flop()` is not blocked by "Vow/surplus-not-zero";
///         - a bidder who already holds the high bid pays nothing again when lowering the lot
///           (the "double liquidity" fix).
contract KissingFlopper is Flopper {
    constructor(address vat_, address gem_) Flopper(vat_, gem_) {}

    function _pay(Bid storage b, uint256 bid) internal override {
        if (msg.sender == b.guy) return;
        vat.move(msg.sender, b.guy, bid);
        // on the first dent, clear as much on-auction debt as the dai just paid allows
        if (b.tic == 0) {
            Vow vow_ = Vow(b.guy);
            uint256 ash = vow_.Ash(); // [rad]
            vow_.kiss(bid < ash ? bid : ash);
        }
        b.guy = msg.sender;
    }
}
