// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {SafeTransferLib} from "solady/utils/SafeTransferLib.sol";
import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {TTL} from "test/helpers/March2020.sol";
import {Permit} from "test/helpers/Permit.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";

/// @notice enlistWithPermit: DAI's own (pre-EIP-2612) permit, signed for real over DAI's EIP-712 domain,
///         then enlist, in one transaction. A permit someone already submitted is ignored; a bad one
///         leaves no allowance and the DAI transfer fails.
contract EnlistWithPermitTest is SyndicateUnitBase {
    address internal holder;
    uint256 internal holderKey;

    function setUp() public override {
        super.setUp();
        (holder, holderKey) = makeAddrAndKey("holder");
        _giveDai(holder, 10_000e18);
    }

    /// @dev DAI's domain, built here from its parts rather than read from the token.
    function _domain() internal view returns (bytes32) {
        return Permit.domainSeparator("Dai Stablecoin", "1", block.chainid, address(mcd.dai));
    }

    function _sign(
        uint256 key,
        address h,
        address spender,
        uint256 nonce,
        uint256 expiry,
        bool allowed
    ) internal view returns (uint8 v, bytes32 r, bytes32 s) {
        (v, r, s) = vm.sign(key, Permit.daiDigest(_domain(), h, spender, nonce, expiry, allowed));
    }

    function _expectFailedPermit(uint8 v, bytes32 r, bytes32 s, uint256 nonce, uint256 expiry) internal {
        vm.prank(holder);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enlistWithPermit, (1000e18, nonce, expiry, v, r, s)),
            abi.encodeWithSelector(SafeTransferLib.TransferFromFailed.selector)
        );
        assertEq(mcd.dai.allowance(holder, address(pool)), 0, "no allowance");
        assertEq(pool.balanceOf(holder), 0, "no shares");
        assertEq(mcd.dai.balanceOf(holder), 10_000e18, "DAI untouched");
    }

    function test_enlistWithPermit_domainMatchesDai() public view {
        assertEq(_domain(), mcd.dai.DOMAIN_SEPARATOR());
        assertEq(Permit.DAI_PERMIT_TYPEHASH, mcd.dai.PERMIT_TYPEHASH());
    }

    function test_enlistWithPermit_joinsInOneTransaction() public {
        uint256 expiry = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _sign(holderKey, holder, address(pool), 0, expiry, true);
        assertEq(mcd.dai.allowance(holder, address(pool)), 0);

        vm.expectEmit(address(pool));
        emit IDaiBackstopSyndicate.Enlisted(holder, 1000e18, 1000e18);
        vm.prank(holder);
        uint256 shares = pool.enlistWithPermit(1000e18, 0, expiry, v, r, s);

        assertEq(shares, 1000e18);
        assertEq(pool.balanceOf(holder), 1000e18);
        assertEq(mcd.dai.balanceOf(holder), 9000e18);
        assertEq(mcd.dai.nonces(holder), 1, "permit used");
        assertEq(mcd.dai.allowance(holder, address(pool)), type(uint256).max, "DAI permit allows max");
        _assertBooks(1000e18, 0, 0);
    }

    function test_enlistWithPermit_expiryZeroNeverExpires() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(holderKey, holder, address(pool), 0, 0, true);
        vm.warp(block.timestamp + 3650 days);
        vm.prank(holder);
        assertEq(pool.enlistWithPermit(1000e18, 0, 0, v, r, s), 1000e18);
    }

    /// @dev Someone copies the permit from the mempool and submits it first: the deposit still goes through.
    function test_enlistWithPermit_frontRunPermitStillEnlists() public {
        uint256 expiry = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _sign(holderKey, holder, address(pool), 0, expiry, true);
        vm.prank(makeAddr("frontRunner"));
        mcd.dai.permit(holder, address(pool), 0, expiry, true, v, r, s);
        assertEq(mcd.dai.nonces(holder), 1);

        vm.prank(holder);
        uint256 shares = pool.enlistWithPermit(1000e18, 0, expiry, v, r, s);
        assertEq(shares, 1000e18);
        assertEq(mcd.dai.nonces(holder), 1, "permit not replayed");
        assertEq(mcd.dai.balanceOf(holder), 9000e18);
    }

    /// @dev An existing approval is enough even with a junk signature.
    function test_enlistWithPermit_junkSignatureWithApproval_enlists() public {
        vm.prank(holder);
        mcd.dai.approve(address(pool), 1000e18);
        vm.prank(holder);
        assertEq(pool.enlistWithPermit(1000e18, 0, 0, 27, bytes32(0), bytes32(0)), 1000e18);
        assertEq(mcd.dai.nonces(holder), 0);
    }

    function test_enlistWithPermit_expired_reverts() public {
        uint256 expiry = block.timestamp - 1;
        (uint8 v, bytes32 r, bytes32 s) = _sign(holderKey, holder, address(pool), 0, expiry, true);
        _expectFailedPermit(v, r, s, 0, expiry);
    }

    function test_enlistWithPermit_wrongSigner_reverts() public {
        (, uint256 otherKey) = makeAddrAndKey("other");
        (uint8 v, bytes32 r, bytes32 s) = _sign(otherKey, holder, address(pool), 0, 0, true);
        _expectFailedPermit(v, r, s, 0, 0);
    }

    function test_enlistWithPermit_wrongNonce_reverts() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(holderKey, holder, address(pool), 1, 0, true);
        _expectFailedPermit(v, r, s, 1, 0);
    }

    function test_enlistWithPermit_permitForAnotherSpender_reverts() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(holderKey, holder, makeAddr("otherSpender"), 0, 0, true);
        _expectFailedPermit(v, r, s, 0, 0);
    }

    /// @dev A signed `allowed = false` permit is never what the pool submits.
    function test_enlistWithPermit_disallowingPermit_reverts() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(holderKey, holder, address(pool), 0, 0, false);
        _expectFailedPermit(v, r, s, 0, 0);
    }

    /// @dev The permit is applied for msg.sender only: nobody can spend the holder's signature for
    /// themselves.
    function test_enlistWithPermit_someoneElsesPermit_reverts() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(holderKey, holder, address(pool), 0, 0, true);
        address thief = makeAddr("thief");
        _giveDai(thief, 1000e18);
        vm.prank(thief);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enlistWithPermit, (1000e18, 0, 0, v, r, s)),
            abi.encodeWithSelector(SafeTransferLib.TransferFromFailed.selector)
        );
        assertEq(mcd.dai.nonces(holder), 0);
        assertEq(mcd.dai.allowance(holder, address(pool)), 0);
    }

    /// @dev The whole transaction reverts: the permit is not consumed either.
    function test_enlistWithPermit_halted_revertsAndKeepsPermit() public {
        _halt();
        (uint8 v, bytes32 r, bytes32 s) = _sign(holderKey, holder, address(pool), 0, 0, true);
        vm.prank(holder);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enlistWithPermit, (1000e18, 0, 0, v, r, s)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.PoolHalted.selector)
        );
        assertEq(mcd.dai.nonces(holder), 0);
        assertEq(mcd.dai.allowance(holder, address(pool)), 0);
    }

    function test_enlistWithPermit_sameGuardsAsEnlist() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(holderKey, holder, address(pool), 0, 0, true);
        vm.prank(holder);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enlistWithPermit, (0, 0, 0, v, r, s)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.ZeroAmount.selector)
        );

        // A round open (here with its position due): `RoundOpen`, and the permit is not consumed.
        _enlist(alice, BID);
        _enter(_kick());
        vm.warp(block.timestamp + TTL + 1);
        vm.prank(holder);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.enlistWithPermit, (1e18, 0, 0, v, r, s)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.RoundOpen.selector, 0)
        );
        assertEq(mcd.dai.nonces(holder), 0);
    }
}
