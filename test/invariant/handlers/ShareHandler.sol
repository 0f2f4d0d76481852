// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {IDaiBackstopSyndicate as I} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {Permit} from "test/helpers/Permit.sol";
import {ContributorBase} from "test/invariant/handlers/ContributorBase.sol";
import {Ghost} from "test/invariant/handlers/Ghost.sol";

/// @title ShareHandler: the contributors' share moves
/// @notice The contributors send shares to one another, during rounds as well: `transfer`, and an EIP-2612
///         `permit` (signed with the contributor's key, submitted by a third party) followed by the
///         spender's `transferFrom`. Sometimes the sender first tries to send shares to the pool itself,
///         whose balance is the escrow of requests: that must revert `SharesToPool()`, byte for byte. Each
///         move is reported to the Ghost (the DAI value moves with the shares, the MKR earned stays), and a
///         newcomer's claimable MKR must not move (property 6). The ContributorHandler routes the moves of
///         its `aroundBid` here (`transferAs`). At the end of a run, the last move: each contributor's full
///         exit (`defectAll`, afterInvariant).
contract ShareHandler is ContributorBase {
    mapping(address => uint256) internal _keys;
    /// @dev May call `transferAs`.
    address internal immutable contributorHandler;

    /// @dev The contributors' addresses and keys, derived as the ContributorHandler derives them.
    constructor(Ghost ghost_, address contributorHandler_) ContributorBase(ghost_) {
        for (uint256 i; i < ACTORS; ++i) {
            (address a, uint256 key) = makeAddrAndKey(string.concat("contributor", vm.toString(i)));
            require(a == ghost_.contributors()[i], "ShareHandler/contributors");
            _actors.push(a);
            _keys[a] = key;
        }
        contributorHandler = contributorHandler_;
    }

    // ================================================================ targets

    /// @notice A contributor sends shares to another (during a round as well).
    function transferShares(uint256 fromSeed, uint256 toSeed, uint256 amountSeed) external {
        _count("shares.transfer");
        _transferShares(_actor(fromSeed), _actor(toSeed), amountSeed);
    }

    /// @notice A contributor signs an EIP-2612 permit for its shares; a third party submits it and the
    ///         spender moves them with transferFrom.
    function permitShares(
        uint256 ownerSeed,
        uint256 spenderSeed,
        uint256 toSeed,
        uint256 amountSeed
    ) external {
        _count("shares.permitShares");
        address from = _actor(ownerSeed);
        address spender = _actor(spenderSeed);
        address to = _actor(toSeed);
        uint256 balance = pool.balanceOf(from);
        if (balance == 0) return _skip("permitShares.noShares");
        uint256 amount = _bound(amountSeed, 0, balance);
        uint256 deadline = block.timestamp + (amountSeed % 1 days);

        bytes32 digest =
            Permit.eip2612Digest(pool.DOMAIN_SEPARATOR(), from, spender, amount, pool.nonces(from), deadline);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(_keys[from], digest);
        pool.permit(from, spender, amount, deadline, v, r, s);
        if (_rare(amountSeed >> 1, 2 * PROBE_ODDS)) {
            _probeRevert(
                spender,
                abi.encodeCall(I.transferFrom, (from, address(pool), amount)),
                abi.encodeWithSelector(I.SharesToPool.selector),
                "2: shares sent to the pool (transferFrom)"
            );
        }
        (uint256 mkrTo, bool newcomer) = _beforeReceiving(to, from);
        vm.prank(spender);
        pool.transferFrom(from, to, amount);
        if (pool.allowance(from, spender) != 0) ghost.onViewMismatch("permit allowance left");
        ghost.onTransfer(from, to, amount);
        _afterReceiving(to, mkrTo, newcomer, "transferFrom");
    }

    // ================================================================ for the ContributorHandler

    /// @notice `from` sends shares to `to` (at the edge of a bid).
    function transferAs(address from, address to, uint256 amountSeed) external {
        require(msg.sender == contributorHandler, "ShareHandler/not-contributors");
        _transferShares(from, to, amountSeed);
    }

    // ================================================================ for the test's afterInvariant

    /// @notice `a` defects all its shares, if that pays anything. Returns false if it reverted.
    function defectAll(address a) external returns (bool ok) {
        uint256 balance = pool.balanceOf(a);
        if (balance == 0 || _defectError(a, balance).length != 0) return true;
        uint256 daiBefore = _daiOf(a);
        uint256 mkrBefore = mkr.balanceOf(a);
        bool halted = pool.halted();
        vm.prank(a);
        try pool.defect(balance) returns (uint256 daiWad, uint256 mkrWad) {
            _received(a, daiWad, mkrWad, daiBefore, mkrBefore, "defect");
            ghost.onDefect(a, balance, daiWad, mkrWad, halted);
            return true;
        } catch (bytes memory err) {
            ghost.onWrongRevert(err);
            return false;
        }
    }

    // ================================================================ internals

    /// @dev `from` sends shares to `to`; sometimes first a probe of sending them to the pool itself (its
    ///      balance is the escrow of requests), which must revert `SharesToPool()`.
    function _transferShares(address from, address to, uint256 amountSeed) internal {
        uint256 balance = pool.balanceOf(from);
        if (balance == 0) return _skip("transfer.noShares");
        uint256 amount = _bound(amountSeed, 0, balance);
        if (_rare(amountSeed >> 1, 2 * PROBE_ODDS)) {
            _probeRevert(
                from,
                abi.encodeCall(I.transfer, (address(pool), amount)),
                abi.encodeWithSelector(I.SharesToPool.selector),
                "2: shares sent to the pool"
            );
        }
        (uint256 mkrTo, bool newcomer) = _beforeReceiving(to, from);
        vm.prank(from);
        pool.transfer(to, amount);
        ghost.onTransfer(from, to, amount);
        if (amount != 0) _afterReceiving(to, mkrTo, newcomer, "transfer");
    }
}
