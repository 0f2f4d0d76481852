// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {SyndicateFactory} from "src/SyndicateFactory.sol";
import {IDaiBackstopSyndicate} from "src/interfaces/IDaiBackstopSyndicate.sol";
import {ISyndicate} from "src/interfaces/ISyndicate.sol";
import {BEG, SUMP} from "test/helpers/March2020.sol";
import {SyndicateUnitBase} from "test/helpers/SyndicateUnitBase.sol";
import {WAD} from "test/helpers/Units.sol";

/// @notice SyndicateFactory: one syndicate per price at a CREATE2 address fixed by the price and the Maker
///         contracts, listed in creation order, all owned by the factory's syndicateOwner; tiers coexist.
contract FactoryTest is SyndicateUnitBase {
    event SyndicateCreated(uint256 indexed price, address indexed syndicate);

    SyndicateFactory internal factory;
    address internal syndicateOwner = makeAddr("syndicateOwner");

    function setUp() public override {
        super.setUp();
        // Deployed from its artifact: its constructor writes the syndicate's creation code to two data
        // contracts.
        factory = SyndicateFactory(
            vm.deployCode(
                "src/SyndicateFactory.sol:SyndicateFactory",
                abi.encode(mcd.vat, mcd.daiJoin, mcd.flop, mcd.dai, mcd.mkr, syndicateOwner)
            )
        );
    }

    /// @dev The CREATE2 address, computed here from the syndicate's creation code and arguments.
    function _predict(uint256 p) internal view returns (address) {
        bytes32 salt = keccak256(abi.encode(p, mcd.vat, mcd.daiJoin, mcd.flop, mcd.dai, mcd.mkr));
        bytes memory init = abi.encodePacked(
            vm.getCode("src/DaiBackstopSyndicate.sol:DaiBackstopSyndicate"),
            abi.encode(mcd.vat, mcd.daiJoin, mcd.flop, mcd.dai, mcd.mkr, p, syndicateOwner)
        );
        return vm.computeCreate2Address(salt, keccak256(init), address(factory));
    }

    function _create(uint256 p) internal returns (ISyndicate) {
        vm.prank(makeAddr("anyone"));
        return ISyndicate(factory.create(p));
    }

    /// @dev EIP-170: no contract code over 24,576 bytes (mainnet and Anvil refuse it; Forge's test EVM does
    ///      not check it, so this test does): the factory, both halves of the blueprint, a syndicate and its
    ///      extension. And the two halves are exactly the syndicate's creation code.
    function test_factory_everyContractFitsEip170() public {
        uint256 eip170 = 24_576;
        assertLe(address(factory).code.length, eip170, "factory");
        assertLe(factory.blueprintHead().code.length, eip170, "blueprint head");
        assertLe(factory.blueprintTail().code.length, eip170, "blueprint tail");
        assertEq(factory.creationCode(), vm.getCode("src/DaiBackstopSyndicate.sol:DaiBackstopSyndicate"));
        ISyndicate s = _create(100e18);
        assertLe(address(s).code.length, eip170, "syndicate");
        assertLe(s.extension().code.length, eip170, "extension");
    }

    function test_factory_bindsTheMakerContracts() public view {
        assertEq(factory.vat(), address(mcd.vat));
        assertEq(factory.daiJoin(), address(mcd.daiJoin));
        assertEq(factory.flopper(), address(mcd.flop));
        assertEq(factory.dai(), address(mcd.dai));
        assertEq(factory.mkr(), address(mcd.mkr));
        assertEq(factory.syndicateOwner(), syndicateOwner);
        assertEq(factory.syndicateCount(), 0);
    }

    function test_factory_saltIsPriceAndMakerContracts() public view {
        assertEq(
            factory.salt(100e18),
            keccak256(abi.encode(100e18, mcd.vat, mcd.daiJoin, mcd.flop, mcd.dai, mcd.mkr))
        );
        assertTrue(factory.salt(100e18) != factory.salt(120e18));
    }

    function test_factory_createAtTheDeterministicAddress() public {
        address predicted = _predict(100e18);
        assertEq(predicted.code.length, 0);
        vm.expectEmit(address(factory));
        emit SyndicateCreated(100e18, predicted);
        ISyndicate s = _create(100e18);
        assertEq(address(s), predicted);
        assertGt(predicted.code.length, 0);
        assertEq(factory.syndicateOf(100e18), predicted);
    }

    function test_factory_createdSyndicateIsWired() public {
        ISyndicate s = _create(150e18);
        assertEq(s.limitWad(), 150e18);
        assertEq(s.name(), "Dai Backstop Syndicate 150");
        assertEq(s.symbol(), "DBS-150");
        assertEq(s.owner(), syndicateOwner, "not the caller, not the factory");
        assertEq(address(s.vat()), address(mcd.vat));
        assertEq(address(s.flopper()), address(mcd.flop));
        assertEq(mcd.vat.can(address(s), address(mcd.flop)), 1);
    }

    function test_factory_onePerPrice() public {
        ISyndicate s = _create(120e18);
        _assertRevert(
            address(factory),
            abi.encodeCall(factory.create, (120e18)),
            abi.encodeWithSelector(SyndicateFactory.SyndicateExists.selector, 120e18, address(s))
        );
        assertEq(factory.syndicateCount(), 1);
    }

    function test_factory_listsInCreationOrder() public {
        ISyndicate s150 = _create(150e18);
        ISyndicate s100 = _create(100e18);
        ISyndicate s120 = _create(120e18);
        address[] memory all = factory.syndicates();
        assertEq(all.length, 3);
        assertEq(all[0], address(s150));
        assertEq(all[1], address(s100));
        assertEq(all[2], address(s120));
        assertEq(factory.syndicateCount(), 3);
        assertEq(factory.syndicateOf(100e18), address(s100));
        assertEq(factory.syndicateOf(120e18), address(s120));
        assertEq(factory.syndicateOf(150e18), address(s150));
        assertEq(factory.syndicateOf(130e18), address(0));
    }

    function test_factory_badPrice_reverts() public {
        _assertRevert(
            address(factory),
            abi.encodeCall(factory.create, (0)),
            abi.encodeWithSelector(IDaiBackstopSyndicate.LimitOutOfRange.selector, 0)
        );
        assertEq(factory.syndicateCount(), 0);
    }

    /// @dev Tiers bid against each other in one auction, each up to its own limit: after three ticks (432
    ///      MKR) the 120 tier asks 419.4 at 119.2; the 150 tier outbids it at 122.8; the 120 tier's next
    ///      ask (126.5) is over its limit; the 100 tier never could.
    function test_factory_tiersCoexist() public {
        ISyndicate s100 = _create(100e18);
        ISyndicate s120 = _create(120e18);
        ISyndicate s150 = _create(150e18);
        address[3] memory tiers = [address(s100), address(s120), address(s150)];
        for (uint256 i; i < 3; ++i) {
            pool = ISyndicate(tiers[i]);
            _enlist(alice, BID);
        }
        uint256 id = _kick();
        _tick(id);
        _tick(id);
        _tick(id);

        _assertRevert(
            address(s100),
            abi.encodeCall(s100.enterAuction, (id)),
            abi.encodeWithSelector(
                IDaiBackstopSyndicate.PriceAboveLimit.selector, 119_212_962_962_962_962_964, 100e18
            )
        );
        s120.enterAuction(id);
        s150.enterAuction(id);
        (, uint256 lot, address guy,,) = _bid(id);
        assertEq(guy, address(s150));
        assertEq(lot, 407_201_432_745_781_883_305);
        uint256 nextAsk = lot * WAD / BEG;
        _assertRevert(
            address(s120),
            abi.encodeCall(s120.enterAuction, (id)),
            abi.encodeWithSelector(
                IDaiBackstopSyndicate.PriceAboveLimit.selector, _impliedPrice(SUMP, nextAsk), 120e18
            )
        );
        assertFalse(s120.finalize(id), "the 120 tier was outbid: refunded");
        (uint256 d120,,) = s120.nav();
        assertEq(d120, BID);
    }
}
