// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {Permit} from "test/helpers/Permit.sol";
import {Dai} from "test/mcd/Dai.sol";

/// @notice Unit tests of the local MCD's DAI token, including the pre-EIP-2612 permit.
contract DaiTest is Test {
    Dai internal dai;
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    uint256 internal holderKey = 0xA11CE;
    address internal holder;

    event Transfer(address indexed src, address indexed dst, uint256 wad);
    event Approval(address indexed src, address indexed guy, uint256 wad);

    function setUp() public {
        dai = new Dai(block.chainid);
        holder = vm.addr(holderKey);
        dai.mint(alice, 100 ether);
    }

    function _sign(
        address spender,
        uint256 nonce,
        uint256 expiry,
        bool allowed
    ) internal view returns (uint8 v, bytes32 r, bytes32 s) {
        (v, r, s) = vm.sign(
            holderKey, Permit.daiDigest(dai.DOMAIN_SEPARATOR(), holder, spender, nonce, expiry, allowed)
        );
    }

    // --- metadata ---

    function test_metadata_matchesMainnet() public view {
        assertEq(dai.name(), "Dai Stablecoin");
        assertEq(dai.symbol(), "DAI");
        assertEq(dai.version(), "1");
        assertEq(dai.decimals(), 18);
        assertEq(dai.PERMIT_TYPEHASH(), 0xea2aa0a1be11a07ed86d755c93467f4f82362b452371d1ba94d1715123511acb);
        assertEq(dai.PERMIT_TYPEHASH(), Permit.DAI_PERMIT_TYPEHASH);
    }

    function test_DOMAIN_SEPARATOR_usesConstructorChainId() public {
        Dai mainnetDai = new Dai(1);
        bytes32 expected = Permit.domainSeparator("Dai Stablecoin", "1", uint256(1), address(mainnetDai));
        assertEq(mainnetDai.DOMAIN_SEPARATOR(), expected);
        assertTrue(mainnetDai.DOMAIN_SEPARATOR() != dai.DOMAIN_SEPARATOR());
    }

    // --- auth ---

    function test_rely_grantsMint() public {
        dai.rely(bob);
        assertEq(dai.wards(bob), 1);
        vm.prank(bob);
        dai.mint(bob, 1 ether);
        assertEq(dai.balanceOf(bob), 1 ether);
    }

    function test_deny_revokesMint() public {
        dai.rely(bob);
        dai.deny(bob);
        assertEq(dai.wards(bob), 0);
        vm.prank(bob);
        vm.expectRevert(bytes("Dai/not-authorized"));
        dai.mint(bob, 1);
    }

    function test_rely_revertsWhenNotAuthorized() public {
        vm.prank(bob);
        vm.expectRevert(bytes("Dai/not-authorized"));
        dai.rely(bob);
    }

    function test_deny_revertsWhenNotAuthorized() public {
        vm.prank(bob);
        vm.expectRevert(bytes("Dai/not-authorized"));
        dai.deny(address(this));
    }

    // --- mint / burn ---

    function test_mint_increasesBalanceAndSupply() public {
        vm.expectEmit(true, true, false, true, address(dai));
        emit Transfer(address(0), bob, 5 ether);
        dai.mint(bob, 5 ether);
        assertEq(dai.balanceOf(bob), 5 ether);
        assertEq(dai.totalSupply(), 105 ether);
    }

    function test_mint_revertsWhenNotAuthorized() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Dai/not-authorized"));
        dai.mint(alice, 1);
    }

    function test_burn_byHolder() public {
        vm.prank(alice);
        dai.burn(alice, 40 ether);
        assertEq(dai.balanceOf(alice), 60 ether);
        assertEq(dai.totalSupply(), 60 ether);
    }

    function test_burn_byApprovedSpenderSpendsAllowance() public {
        vm.prank(alice);
        dai.approve(bob, 50 ether);
        vm.prank(bob);
        dai.burn(alice, 30 ether);
        assertEq(dai.balanceOf(alice), 70 ether);
        assertEq(dai.allowance(alice, bob), 20 ether);
    }

    function test_burn_maxAllowanceNotDecreased() public {
        vm.prank(alice);
        dai.approve(bob, type(uint256).max);
        vm.prank(bob);
        dai.burn(alice, 30 ether);
        assertEq(dai.allowance(alice, bob), type(uint256).max);
    }

    function test_burn_revertsWhenInsufficientBalance() public {
        vm.prank(alice);
        vm.expectRevert(bytes("Dai/insufficient-balance"));
        dai.burn(alice, 100 ether + 1);
    }

    function test_burn_revertsWhenInsufficientAllowance() public {
        vm.prank(alice);
        dai.approve(bob, 1 ether);
        vm.prank(bob);
        vm.expectRevert(bytes("Dai/insufficient-allowance"));
        dai.burn(alice, 1 ether + 1);
    }

    // --- ERC20 ---

    function test_transfer_movesBalance() public {
        vm.prank(alice);
        assertTrue(dai.transfer(bob, 10 ether));
        assertEq(dai.balanceOf(alice), 90 ether);
        assertEq(dai.balanceOf(bob), 10 ether);
    }

    function test_transfer_revertsWhenInsufficientBalance() public {
        vm.prank(bob);
        vm.expectRevert(bytes("Dai/insufficient-balance"));
        dai.transfer(alice, 1);
    }

    function test_approve_setsAllowanceAndEmits() public {
        vm.expectEmit(true, true, false, true, address(dai));
        emit Approval(alice, bob, 3 ether);
        vm.prank(alice);
        assertTrue(dai.approve(bob, 3 ether));
        assertEq(dai.allowance(alice, bob), 3 ether);
    }

    function test_transferFrom_spendsAllowance() public {
        vm.prank(alice);
        dai.approve(bob, 10 ether);
        vm.prank(bob);
        assertTrue(dai.transferFrom(alice, bob, 4 ether));
        assertEq(dai.balanceOf(bob), 4 ether);
        assertEq(dai.allowance(alice, bob), 6 ether);
    }

    function test_transferFrom_revertsWhenInsufficientAllowance() public {
        vm.prank(bob);
        vm.expectRevert(bytes("Dai/insufficient-allowance"));
        dai.transferFrom(alice, bob, 1);
    }

    function test_transferFrom_balanceCheckedBeforeAllowance() public {
        vm.prank(bob);
        vm.expectRevert(bytes("Dai/insufficient-balance"));
        dai.transferFrom(alice, bob, 100 ether + 1);
    }

    function test_push_sendsFromCaller() public {
        vm.prank(alice);
        dai.push(bob, 1 ether);
        assertEq(dai.balanceOf(bob), 1 ether);
        assertEq(dai.balanceOf(alice), 99 ether);
    }

    function test_pull_takesFromUsrWithAllowance() public {
        vm.prank(alice);
        dai.approve(bob, 2 ether);
        vm.prank(bob);
        dai.pull(alice, 2 ether);
        assertEq(dai.balanceOf(bob), 2 ether);
        assertEq(dai.allowance(alice, bob), 0);
    }

    function test_pull_revertsWithoutAllowance() public {
        vm.prank(bob);
        vm.expectRevert(bytes("Dai/insufficient-allowance"));
        dai.pull(alice, 1);
    }

    function test_move_transfersBetweenThirdParties() public {
        vm.prank(alice);
        dai.approve(address(this), 5 ether);
        dai.move(alice, bob, 5 ether);
        assertEq(dai.balanceOf(bob), 5 ether);
        assertEq(dai.allowance(alice, address(this)), 0);
    }

    // --- permit ---

    function test_permit_setsMaxAllowanceAndBumpsNonce() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(bob, 0, 0, true);
        dai.permit(holder, bob, 0, 0, true, v, r, s);
        assertEq(dai.allowance(holder, bob), type(uint256).max);
        assertEq(dai.nonces(holder), 1);
    }

    function test_permit_disallowSetsZero() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(bob, 0, 0, true);
        dai.permit(holder, bob, 0, 0, true, v, r, s);
        (v, r, s) = _sign(bob, 1, block.timestamp + 1 hours, false);
        dai.permit(holder, bob, 1, block.timestamp + 1 hours, false, v, r, s);
        assertEq(dai.allowance(holder, bob), 0);
        assertEq(dai.nonces(holder), 2);
    }

    function test_permit_revertsForZeroHolder() public {
        vm.expectRevert(bytes("Dai/invalid-address-0"));
        dai.permit(address(0), bob, 0, 0, true, 0, bytes32(0), bytes32(0));
    }

    function test_permit_revertsForWrongSigner() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(bob, 0, 0, true);
        vm.expectRevert(bytes("Dai/invalid-permit"));
        dai.permit(alice, bob, 0, 0, true, v, r, s);
    }

    function test_permit_revertsForTamperedFields() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(bob, 0, 0, true);
        vm.expectRevert(bytes("Dai/invalid-permit"));
        dai.permit(holder, alice, 0, 0, true, v, r, s);
    }

    function test_permit_revertsWhenExpired() public {
        uint256 expiry = block.timestamp + 10;
        (uint8 v, bytes32 r, bytes32 s) = _sign(bob, 0, expiry, true);
        vm.warp(expiry + 1);
        vm.expectRevert(bytes("Dai/permit-expired"));
        dai.permit(holder, bob, 0, expiry, true, v, r, s);
    }

    function test_permit_allowedAtExpiry() public {
        uint256 expiry = block.timestamp + 10;
        (uint8 v, bytes32 r, bytes32 s) = _sign(bob, 0, expiry, true);
        vm.warp(expiry);
        dai.permit(holder, bob, 0, expiry, true, v, r, s);
        assertEq(dai.allowance(holder, bob), type(uint256).max);
    }

    function test_permit_revertsOnInvalidNonce() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(bob, 1, 0, true);
        vm.expectRevert(bytes("Dai/invalid-nonce"));
        dai.permit(holder, bob, 1, 0, true, v, r, s);
    }

    function test_permit_revertsOnReplay() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(bob, 0, 0, true);
        dai.permit(holder, bob, 0, 0, true, v, r, s);
        vm.expectRevert(bytes("Dai/invalid-nonce"));
        dai.permit(holder, bob, 0, 0, true, v, r, s);
    }
}
