// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {SyndicateFactory} from "src/SyndicateFactory.sol";
import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {ISyndicate} from "src/interfaces/ISyndicate.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";

/// @notice Constructor: Maker address checks, the price range, the name and symbol carrying the
///         price, the Vat permissions and DAI approval the pool needs, the owner.
contract ConstructorTest is SyndicateUnitBase {
    /// @dev The revert `_deploy` expects next, byte for byte (set by `_expectDeployRevert`).
    bytes internal _deployRevert;
    bool internal _deployReverts;

    function _deploy(
        address vat_,
        address join_,
        address flop_,
        address dai_,
        address mkr_,
        uint256 p,
        address o
    ) internal returns (ISyndicate) {
        // Through a factory deployed from its artifact: with `new` here the test contract would carry the
        // syndicate's creation code and pass the EIP-3860 initcode limit. The factory bubbles up the
        // constructor's revert data unchanged, so `_assertRevert` sees it.
        SyndicateFactory factory = SyndicateFactory(
            vm.deployCode(
                "SyndicateFactory.sol:SyndicateFactory", abi.encode(vat_, join_, flop_, dai_, mkr_, o)
            )
        );
        if (_deployReverts) {
            _deployReverts = false;
            _assertRevert(address(factory), abi.encodeCall(factory.create, (p)), _deployRevert);
            return ISyndicate(address(0));
        }
        return ISyndicate(factory.create(p));
    }

    /// @dev The next `_deploy` must revert with exactly `err`.
    function _expectDeployRevert(bytes memory err) internal {
        _deployRevert = err;
        _deployReverts = true;
    }

    function _expectBadMaker() internal {
        _expectDeployRevert(abi.encodeWithSelector(IDaiBackstopSyndicate.BadMakerAddresses.selector));
    }

    /// @dev A pool at limit `p` on the test's MCD must fail to deploy with exactly `err`.
    function _poolReverts(uint256 p, bytes memory err) internal {
        _expectDeployRevert(err);
        _deploy(
            address(mcd.vat),
            address(mcd.daiJoin),
            address(mcd.flop),
            address(mcd.dai),
            address(mcd.mkr),
            p,
            owner
        );
    }

    // ------------------------------------------------------------ wiring

    function test_constructor_setsImmutablesAndEmptyBooks() public view {
        assertEq(address(pool.vat()), address(mcd.vat));
        assertEq(address(pool.daiJoin()), address(mcd.daiJoin));
        assertEq(address(pool.flopper()), address(mcd.flop));
        assertEq(address(pool.dai()), address(mcd.dai));
        assertEq(address(pool.mkr()), address(mcd.mkr));
        assertEq(pool.limitWad(), PRICE);
        assertEq(pool.owner(), owner);
        assertEq(pool.pendingOwner(), address(0));
        assertFalse(pool.halted());
        assertEq(pool.decimals(), 18);
        assertEq(pool.totalSupply(), 0);
        _assertBooks(0, 0, 0);
        assertEq(pool.openPositions().length, 0);
        assertEq(pool.settlementDue(), 0);
    }

    function test_constructor_emitsOwnershipTransferredToOwner() public {
        address o = makeAddr("newOwner");
        vm.expectEmit(false, true, true, true);
        emit IDaiBackstopSyndicate.OwnershipTransferred(address(0), o);
        _deploy(
            address(mcd.vat),
            address(mcd.daiJoin),
            address(mcd.flop),
            address(mcd.dai),
            address(mcd.mkr),
            PRICE,
            o
        );
    }

    /// @dev The 2020 contract's owner was tx.origin; here it is the argument, whoever deploys.
    function test_constructor_ownerIsArgumentNotTxOrigin() public {
        address deployer = makeAddr("deployer");
        address o = makeAddr("chosenOwner");
        vm.prank(deployer, deployer);
        ISyndicate p = _deploy(
            address(mcd.vat),
            address(mcd.daiJoin),
            address(mcd.flop),
            address(mcd.dai),
            address(mcd.mkr),
            PRICE,
            o
        );
        assertEq(p.owner(), o);
    }

    /// @dev V0 and V1 never called vat.hope(flopper) and could never bid.
    function test_constructor_hopesFlopperAndDaiJoin() public view {
        assertEq(mcd.vat.can(address(pool), address(mcd.flop)), 1, "hope(flopper)");
        assertEq(mcd.vat.can(address(pool), address(mcd.daiJoin)), 1, "hope(daiJoin)");
        assertEq(mcd.vat.can(address(pool), address(mcd.vow)), 0, "nobody else");
    }

    function test_constructor_approvesDaiJoinToBurnDai() public view {
        assertEq(mcd.dai.allowance(address(pool), address(mcd.daiJoin)), type(uint256).max);
        assertEq(mcd.dai.allowance(address(pool), address(mcd.flop)), 0);
    }

    // ------------------------------------------------------------ name and symbol

    function test_constructor_nameAndSymbolCarryThePrice() public view {
        assertEq(pool.name(), "Dai Backstop Syndicate 250");
        assertEq(pool.symbol(), "DBS-250");
    }

    function test_constructor_labelsOfTheTiers() public {
        ISyndicate p100 = _newPool(100e18);
        assertEq(p100.name(), "Dai Backstop Syndicate 100");
        assertEq(p100.symbol(), "DBS-100");
        assertEq(_newPool(120e18).symbol(), "DBS-120");
        assertEq(_newPool(150e18).symbol(), "DBS-150");
    }

    function test_constructor_fractionalLabels() public {
        ISyndicate p = _newPool(100.5e18);
        assertEq(p.name(), "Dai Backstop Syndicate 100.5");
        assertEq(p.symbol(), "DBS-100.5");
        assertEq(_newPool(120.25e18).symbol(), "DBS-120.25");
        assertEq(_newPool(100.05e18).symbol(), "DBS-100.05", "inner zero kept");
        assertEq(_newPool(99_999_999_999_999_999_999).symbol(), "DBS-99.999999999999999999", "18 decimals");
        assertEq(_newPool(1e9).symbol(), "DBS-0.000000001", "minimum price");
        assertEq(_newPool(1e30).symbol(), "DBS-1000000000000", "maximum price");
    }

    // ------------------------------------------------------------ price range

    function test_constructor_acceptsPriceBounds() public {
        assertEq(_newPool(1e9).limitWad(), 1e9);
        assertEq(_newPool(1e30).limitWad(), 1e30);
    }

    function test_constructor_priceBelowMinimum_reverts() public {
        _poolReverts(1e9 - 1, abi.encodeWithSelector(IDaiBackstopSyndicate.LimitOutOfRange.selector, 1e9 - 1));
        _poolReverts(0, abi.encodeWithSelector(IDaiBackstopSyndicate.LimitOutOfRange.selector, 0));
    }

    function test_constructor_priceAboveMaximum_reverts() public {
        _poolReverts(
            1e30 + 1, abi.encodeWithSelector(IDaiBackstopSyndicate.LimitOutOfRange.selector, 1e30 + 1)
        );
    }

    // ------------------------------------------------------------ Maker addresses

    function test_constructor_zeroVat_reverts() public {
        _expectBadMaker();
        _deploy(
            address(0),
            address(mcd.daiJoin),
            address(mcd.flop),
            address(mcd.dai),
            address(mcd.mkr),
            PRICE,
            owner
        );
    }

    function test_constructor_zeroDai_reverts() public {
        _expectBadMaker();
        _deploy(
            address(mcd.vat),
            address(mcd.daiJoin),
            address(mcd.flop),
            address(0),
            address(mcd.mkr),
            PRICE,
            owner
        );
    }

    function test_constructor_zeroMkr_reverts() public {
        _expectBadMaker();
        _deploy(
            address(mcd.vat),
            address(mcd.daiJoin),
            address(mcd.flop),
            address(mcd.dai),
            address(0),
            PRICE,
            owner
        );
    }

    function test_constructor_zeroOwner_reverts() public {
        _expectBadMaker();
        _deploy(
            address(mcd.vat),
            address(mcd.daiJoin),
            address(mcd.flop),
            address(mcd.dai),
            address(mcd.mkr),
            PRICE,
            address(0)
        );
    }

    /// @dev The NatSpec promises BadMakerAddresses for any zero-address argument.
    function test_constructor_zeroDaiJoin_revertsBadMakerAddresses() public {
        _expectBadMaker();
        _deploy(
            address(mcd.vat), address(0), address(mcd.flop), address(mcd.dai), address(mcd.mkr), PRICE, owner
        );
    }

    /// @dev The NatSpec promises BadMakerAddresses for any zero-address argument.
    function test_constructor_zeroFlopper_revertsBadMakerAddresses() public {
        _expectBadMaker();
        _deploy(
            address(mcd.vat),
            address(mcd.daiJoin),
            address(0),
            address(mcd.dai),
            address(mcd.mkr),
            PRICE,
            owner
        );
    }

    function test_constructor_daiJoinOfAnotherVat_reverts() public {
        address otherJoin =
            vm.deployCode("test/mcd/DaiJoin.sol:DaiJoin", abi.encode(makeAddr("otherVat"), mcd.dai));
        _expectBadMaker();
        _deploy(
            address(mcd.vat), otherJoin, address(mcd.flop), address(mcd.dai), address(mcd.mkr), PRICE, owner
        );
    }

    function test_constructor_daiJoinOfAnotherDai_reverts() public {
        address otherJoin =
            vm.deployCode("test/mcd/DaiJoin.sol:DaiJoin", abi.encode(mcd.vat, makeAddr("otherDai")));
        _expectBadMaker();
        _deploy(
            address(mcd.vat), otherJoin, address(mcd.flop), address(mcd.dai), address(mcd.mkr), PRICE, owner
        );
    }

    function test_constructor_daiNotTheJoinsDai_reverts() public {
        _expectBadMaker();
        _deploy(
            address(mcd.vat),
            address(mcd.daiJoin),
            address(mcd.flop),
            makeAddr("otherDai"),
            address(mcd.mkr),
            PRICE,
            owner
        );
    }

    function test_constructor_flopperOfAnotherVat_reverts() public {
        address otherFlop =
            vm.deployCode("test/mcd/Flopper.sol:Flopper", abi.encode(makeAddr("otherVat"), mcd.mkr));
        _expectBadMaker();
        _deploy(
            address(mcd.vat),
            address(mcd.daiJoin),
            otherFlop,
            address(mcd.dai),
            address(mcd.mkr),
            PRICE,
            owner
        );
    }

    function test_constructor_mkrNotTheFloppersGem_reverts() public {
        _expectBadMaker();
        _deploy(
            address(mcd.vat),
            address(mcd.daiJoin),
            address(mcd.flop),
            address(mcd.dai),
            makeAddr("otherMkr"),
            PRICE,
            owner
        );
    }

    function test_constructor_flopperOfAnotherGem_reverts() public {
        address otherFlop =
            vm.deployCode("test/mcd/Flopper.sol:Flopper", abi.encode(mcd.vat, makeAddr("otherMkr")));
        _expectBadMaker();
        _deploy(
            address(mcd.vat),
            address(mcd.daiJoin),
            otherFlop,
            address(mcd.dai),
            address(mcd.mkr),
            PRICE,
            owner
        );
    }

    /// @dev Maker addresses are checked before the price.
    function test_constructor_badMakerCheckedBeforePrice() public {
        _expectBadMaker();
        _deploy(
            address(0), address(mcd.daiJoin), address(mcd.flop), address(mcd.dai), address(mcd.mkr), 0, owner
        );
    }
}
