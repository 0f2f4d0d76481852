// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {ERC20} from "solady/tokens/ERC20.sol";
import {Permit} from "test/helpers/Permit.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";

/// @notice The share token: ERC20 with 18 decimals and EIP-2612 permit over the pool's own domain (name
///         "Dai Backstop Syndicate 250", version "1"); no implicit Permit2 allowance.
contract SharesTest is SyndicateUnitBase {
    address internal constant PERMIT2 = 0x000000000022D473030F116dDEE9F6B43aC78BA3;

    address internal signer;
    uint256 internal signerKey;

    function setUp() public override {
        super.setUp();
        (signer, signerKey) = makeAddrAndKey("signer");
        _enlist(signer, 100e18);
    }

    function _domain() internal view returns (bytes32) {
        return Permit.domainSeparator("Dai Backstop Syndicate 250", "1", block.chainid, address(pool));
    }

    function _sign(
        uint256 key,
        address spender,
        uint256 value,
        uint256 nonce,
        uint256 deadline
    ) internal view returns (uint8 v, bytes32 r, bytes32 s) {
        (v, r, s) = vm.sign(key, Permit.eip2612Digest(_domain(), signer, spender, value, nonce, deadline));
    }

    function test_shares_erc20Metadata() public view {
        assertEq(pool.decimals(), 18);
        assertEq(pool.DOMAIN_SEPARATOR(), _domain());
    }

    function test_shares_transferAndTransferFrom() public {
        vm.prank(signer);
        assertTrue(pool.transfer(alice, 30e18));
        vm.prank(signer);
        pool.approve(bob, 20e18);
        vm.prank(bob);
        assertTrue(pool.transferFrom(signer, carol, 20e18));
        assertEq(pool.balanceOf(signer), 50e18);
        assertEq(pool.balanceOf(alice), 30e18);
        assertEq(pool.balanceOf(carol), 20e18);
        assertEq(pool.allowance(signer, bob), 0);
        assertEq(pool.totalSupply(), 100e18);
        vm.prank(alice);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.transfer, (bob, 30e18 + 1)),
            abi.encodeWithSelector(ERC20.InsufficientBalance.selector)
        );
    }

    function test_shares_permit() public {
        uint256 deadline = block.timestamp + 1 days;
        (uint8 v, bytes32 r, bytes32 s) = _sign(signerKey, bob, 40e18, 0, deadline);
        vm.prank(makeAddr("relayer"));
        pool.permit(signer, bob, 40e18, deadline, v, r, s);
        assertEq(pool.allowance(signer, bob), 40e18);
        assertEq(pool.nonces(signer), 1);
        vm.prank(bob);
        pool.transferFrom(signer, bob, 40e18);
        assertEq(pool.balanceOf(bob), 40e18);
    }

    function test_shares_permitReplay_reverts() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(signerKey, bob, 40e18, 0, block.timestamp);
        pool.permit(signer, bob, 40e18, block.timestamp, v, r, s);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.permit, (signer, bob, 40e18, block.timestamp, v, r, s)),
            abi.encodeWithSelector(ERC20.InvalidPermit.selector)
        );
    }

    function test_shares_permitExpired_reverts() public {
        uint256 deadline = block.timestamp - 1;
        (uint8 v, bytes32 r, bytes32 s) = _sign(signerKey, bob, 40e18, 0, deadline);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.permit, (signer, bob, 40e18, deadline, v, r, s)),
            abi.encodeWithSelector(ERC20.PermitExpired.selector)
        );
    }

    function test_shares_permitWrongSigner_reverts() public {
        (, uint256 otherKey) = makeAddrAndKey("other");
        (uint8 v, bytes32 r, bytes32 s) = _sign(otherKey, bob, 40e18, 0, block.timestamp);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.permit, (signer, bob, 40e18, block.timestamp, v, r, s)),
            abi.encodeWithSelector(ERC20.InvalidPermit.selector)
        );
    }

    /// @dev A signature for one tier's shares is no good on another tier (different name, address).
    function test_shares_permitBoundToThisPool() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(signerKey, bob, 40e18, 0, block.timestamp);
        pool = _newPool(120e18);
        _assertRevert(
            address(pool),
            abi.encodeCall(pool.permit, (signer, bob, 40e18, block.timestamp, v, r, s)),
            abi.encodeWithSelector(ERC20.InvalidPermit.selector)
        );
    }

    function test_shares_noImplicitPermit2Allowance() public view {
        assertEq(pool.allowance(signer, PERMIT2), 0);
    }
}
