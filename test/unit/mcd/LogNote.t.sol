// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";

import {McdTestBase} from "test/helpers/McdTestBase.sol";
import {RAD, RAY, WAD} from "test/helpers/Units.sol";
import {Cat} from "test/mcd/Cat.sol";
import {Dai} from "test/mcd/Dai.sol";
import {DaiJoin} from "test/mcd/DaiJoin.sol";
import {Flipper} from "test/mcd/Flipper.sol";
import {Flopper} from "test/mcd/Flopper.sol";
import {GemJoin} from "test/mcd/GemJoin.sol";
import {Jug} from "test/mcd/Jug.sol";
import {McdDeploy} from "test/mcd/McdDeploy.sol";
import {Mkr} from "test/mcd/Mkr.sol";
import {MkrAuthority} from "test/mcd/MkrAuthority.sol";
import {OSM} from "test/mcd/Osm.sol";
import {PriceFeed} from "test/mcd/PriceFeed.sol";
import {Spotter} from "test/mcd/Spotter.sol";
import {Vat} from "test/mcd/Vat.sol";
import {Vow} from "test/mcd/Vow.sol";

/// @notice Shared helpers of the LogNote tests. Mainnet dss 1.0 logs an anonymous `LogNote`
///         from its noted functions, in two shapes:
///         - the Vat's: topics (selector, calldata word 1, word 2, word 3);
///         - LibNote's (every other dss contract): topics (selector, caller, word 1, word 2);
///         both with data = ABI `bytes` of the first 224 calldata bytes (zero-padded or cut):
///         0x20, 224, then 7 words (288 bytes). MKR (DSToken, 2017) has DSNote's shape instead:
///         topics (selector, caller, word 1, word 2), data = abi.encode(call value, calldata).
///         A note-shaped log is one with 4 topics whose first is a selector (low 28 bytes zero):
///         no named event of the local MCD has that shape.
abstract contract LogNoteTestBase is McdTestBase {
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    /// @dev `from` calls `target` with calldata `cd`; the call must succeed. Returns every log.
    function _call(address from, address target, bytes memory cd) internal returns (Vm.Log[] memory logs) {
        vm.recordLogs();
        vm.prank(from);
        (bool ok, bytes memory ret) = target.call(cd);
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
        logs = vm.getRecordedLogs();
    }

    /// @dev What calldataload(at) reads from `cd` (zero past the end)
    function _word(bytes memory cd, uint256 at) internal pure returns (bytes32 w) {
        for (uint256 i = 0; i < 32 && at + i < cd.length; i++) {
            w |= bytes32(uint256(uint8(cd[at + i])) << (8 * (31 - i)));
        }
    }

    /// @dev The selector of `cd`, left-aligned in a topic
    function _sigTopic(bytes memory cd) internal pure returns (bytes32) {
        return bytes32(bytes4(_word(cd, 0)));
    }

    function _addrTopic(address a) internal pure returns (bytes32) {
        return bytes32(uint256(uint160(a)));
    }

    /// @dev A dss LogNote's data: the first 224 bytes of `cd` (zero-padded) as ABI `bytes`
    function _noteData(bytes memory cd) internal pure returns (bytes memory) {
        bytes memory head = new bytes(224);
        for (uint256 i = 0; i < cd.length && i < 224; i++) {
            head[i] = cd[i];
        }
        return abi.encode(head);
    }

    function _isNoteShaped(Vm.Log memory log_) internal pure returns (bool) {
        return log_.topics.length == 4 && uint256(log_.topics[0]) << 32 == 0;
    }

    /// @dev The note-shaped logs `emitter` emitted, in order
    function _notesOf(Vm.Log[] memory logs, address emitter) internal pure returns (Vm.Log[] memory out) {
        out = new Vm.Log[](logs.length);
        uint256 n;
        for (uint256 i = 0; i < logs.length; i++) {
            if (logs[i].emitter == emitter && _isNoteShaped(logs[i])) out[n++] = logs[i];
        }
        assembly {
            mstore(out, n)
        }
    }

    /// @dev How many logs `emitter` emitted
    function _countOf(Vm.Log[] memory logs, address emitter) internal pure returns (uint256 n) {
        for (uint256 i = 0; i < logs.length; i++) {
            if (logs[i].emitter == emitter) n++;
        }
    }

    /// @dev `emitter` logged exactly one LibNote, for a call by `usr` with calldata `cd`
    function _checkLibNote(
        Vm.Log[] memory logs,
        address emitter,
        address usr,
        bytes memory cd
    ) internal pure {
        Vm.Log[] memory notes = _notesOf(logs, emitter);
        assertEq(notes.length, 1, "one LogNote from the emitter");
        assertEq(notes[0].topics[0], _sigTopic(cd), "sig");
        assertEq(notes[0].topics[1], _addrTopic(usr), "usr");
        assertEq(notes[0].topics[2], _word(cd, 4), "arg1");
        assertEq(notes[0].topics[3], _word(cd, 36), "arg2");
        assertEq(notes[0].data, _noteData(cd), "data");
    }

    /// @dev The Vat logged exactly one LogNote, for calldata `cd`
    function _checkVatNote(Vm.Log[] memory logs, bytes memory cd) internal view {
        Vm.Log[] memory notes = _notesOf(logs, address(vat));
        assertEq(notes.length, 1, "one LogNote from the Vat");
        assertEq(notes[0].topics[0], _sigTopic(cd), "sig");
        assertEq(notes[0].topics[1], _word(cd, 4), "arg1");
        assertEq(notes[0].topics[2], _word(cd, 36), "arg2");
        assertEq(notes[0].topics[3], _word(cd, 68), "arg3");
        assertEq(notes[0].data, _noteData(cd), "data");
    }

    /// @dev `from` calls `target` with `cd`: `target` logs its LibNote and nothing else
    function _assertOnlyLibNote(address from, address target, bytes memory cd) internal {
        Vm.Log[] memory logs = _call(from, target, cd);
        _checkLibNote(logs, target, from, cd);
        assertEq(_countOf(logs, target), 1, "no other log from the target");
    }

    /// @dev `from` calls the Vat with `cd`: the Vat logs its LogNote and nothing else
    function _assertOnlyVatNote(address from, bytes memory cd) internal {
        Vm.Log[] memory logs = _call(from, address(vat), cd);
        _checkVatNote(logs, cd);
        assertEq(logs.length, 1, "one log in all");
    }

    /// @dev `emitter` logged nothing note-shaped
    function _assertNoNote(Vm.Log[] memory logs, address emitter) internal pure {
        assertEq(_notesOf(logs, emitter).length, 0, "no LogNote from the emitter");
    }
}

/// @notice The Vat's own LogNote: every non-view function logs it.
contract LogNoteVatTest is LogNoteTestBase {
    function test_move_logsVatNoteWithMainnetShape() public {
        _giveInternalDai(alice, 10 * RAD);
        Vm.Log[] memory logs = _call(alice, address(vat), abi.encodeCall(Vat.move, (alice, bob, 3 * RAD)));
        assertEq(logs.length, 1);
        Vm.Log memory note = logs[0];
        assertEq(note.emitter, address(vat));
        assertEq(note.topics.length, 4, "anonymous: no event-signature topic");
        assertEq(note.topics[0], bytes32(Vat.move.selector));
        assertEq(note.topics[1], _addrTopic(alice));
        assertEq(note.topics[2], _addrTopic(bob));
        assertEq(note.topics[3], bytes32(3 * RAD));
        // 0x20, 224, then selector + 3 argument words + 92 zero bytes
        assertEq(note.data.length, 288);
        assertEq(
            note.data,
            abi.encodePacked(
                uint256(0x20),
                uint256(224),
                Vat.move.selector,
                _addrTopic(alice),
                _addrTopic(bob),
                bytes32(3 * RAD),
                new bytes(124)
            )
        );
    }

    function test_flux_logsVatNote() public {
        _joinEth(alice, WAD);
        _assertOnlyVatNote(alice, abi.encodeCall(Vat.flux, (ETH_A, alice, bob, WAD)));
    }

    function test_slip_logsVatNote() public {
        _assertOnlyVatNote(address(this), abi.encodeCall(Vat.slip, (ETH_A, alice, int256(5 * WAD))));
    }

    function test_frob_logsVatNoteOfItsFirst224CalldataBytes() public {
        _joinEth(alice, 10 * WAD);
        bytes memory cd =
            abi.encodeCall(Vat.frob, (ETH_A, alice, alice, alice, _int(10 * WAD), _int(100 * WAD)));
        assertEq(cd.length, 196);
        _assertOnlyVatNote(alice, cd);
    }

    function test_fork_logsVatNote() public {
        _openVault(alice, 10 * WAD, 100 * WAD);
        vm.prank(bob);
        vat.hope(alice);
        _assertOnlyVatNote(
            alice, abi.encodeCall(Vat.fork, (ETH_A, alice, bob, _int(5 * WAD), _int(50 * WAD)))
        );
    }

    function test_grab_logsVatNote() public {
        _openVault(alice, 10 * WAD, 100 * WAD);
        _assertOnlyVatNote(
            address(this),
            abi.encodeCall(Vat.grab, (ETH_A, alice, address(this), address(vow), -_int(WAD), -_int(10 * WAD)))
        );
    }

    function test_suck_logsVatNote() public {
        _assertOnlyVatNote(address(this), abi.encodeCall(Vat.suck, (address(vow), alice, RAD)));
    }

    function test_heal_logsVatNote() public {
        vat.suck(alice, alice, 2 * RAD);
        _assertOnlyVatNote(alice, abi.encodeCall(Vat.heal, (RAD)));
    }

    function test_fold_logsVatNote() public {
        _assertOnlyVatNote(address(this), abi.encodeCall(Vat.fold, (ETH_A, address(vow), int256(RAY / 100))));
    }

    function test_hopeAndNope_logVatNote() public {
        _assertOnlyVatNote(alice, abi.encodeCall(Vat.hope, (bob)));
        _assertOnlyVatNote(alice, abi.encodeCall(Vat.nope, (bob)));
    }

    function test_adminFunctions_logVatNote() public {
        _assertOnlyVatNote(address(this), abi.encodeCall(Vat.rely, (alice)));
        _assertOnlyVatNote(address(this), abi.encodeCall(Vat.deny, (alice)));
        _assertOnlyVatNote(address(this), abi.encodeCall(Vat.init, (bytes32("NEW-A"))));
        _assertOnlyVatNote(
            address(this), abi.encodeWithSignature("file(bytes32,uint256)", bytes32("Line"), RAD)
        );
        _assertOnlyVatNote(
            address(this),
            abi.encodeWithSignature("file(bytes32,bytes32,uint256)", ETH_A, bytes32("dust"), 20 * RAD)
        );
        _assertOnlyVatNote(address(this), abi.encodeCall(Vat.cage, ()));
    }

    function test_move_failedCallLogsNothing() public {
        vm.recordLogs();
        vm.prank(alice);
        (bool ok,) = address(vat).call(abi.encodeCall(Vat.move, (bob, alice, RAD)));
        assertFalse(ok);
        assertEq(vm.getRecordedLogs().length, 0);
    }
}

/// @notice LibNote on the Flopper (March 2020): rely, deny, file, tick, dent, deal, cage and yank
///         are noted; kick is not.
contract LogNoteFlopperTest is LogNoteTestBase {
    function setUp() public override {
        super.setUp();
        _fundBidder(alice, 200_000 * RAD);
        _fundBidder(bob, 200_000 * RAD);
    }

    function test_dent_logsLibNoteAfterTheVatMove() public {
        uint256 id = _createBadDebtAndKickFlop();
        uint256 bid = _flopBid(id).bid;
        bytes memory cd = abi.encodeCall(Flopper.dent, (id, 200 * WAD, bid));
        Vm.Log[] memory logs = _call(alice, address(flop), cd);
        assertEq(logs.length, 2, "the Vat's move note, then the Flopper's");
        _checkVatNote(logs, abi.encodeCall(Vat.move, (alice, address(vow), bid)));
        assertEq(logs[0].emitter, address(vat));
        assertEq(logs[1].emitter, address(flop));
        // hand-written expectation of the Flopper's note
        assertEq(logs[1].topics[0], bytes32(Flopper.dent.selector));
        assertEq(logs[1].topics[1], _addrTopic(alice));
        assertEq(logs[1].topics[2], bytes32(id));
        assertEq(logs[1].topics[3], bytes32(200 * WAD));
        assertEq(
            logs[1].data,
            abi.encodePacked(
                uint256(0x20), uint256(224), Flopper.dent.selector, id, 200 * WAD, bid, new bytes(124)
            )
        );
    }

    function test_dent_outbidLogsLibNote() public {
        uint256 id = _createBadDebtAndKickFlop();
        _dentFlop(alice, id, 200 * WAD);
        uint256 bid = _flopBid(id).bid;
        bytes memory cd = abi.encodeCall(Flopper.dent, (id, 190 * WAD, bid));
        Vm.Log[] memory logs = _call(bob, address(flop), cd);
        _checkLibNote(logs, address(flop), bob, cd);
        _checkVatNote(logs, abi.encodeCall(Vat.move, (bob, alice, bid)));
        assertEq(logs.length, 2);
    }

    function test_deal_logsLibNoteAndMkrLogsNoNote() public {
        uint256 id = _createBadDebtAndKickFlop();
        _dentFlop(alice, id, 200 * WAD);
        _warpPast(_flopBid(id).tic);
        bytes memory cd = abi.encodeCall(Flopper.deal, (id));
        Vm.Log[] memory logs = _call(bob, address(flop), cd);
        _checkLibNote(logs, address(flop), bob, cd);
        _assertNoNote(logs, address(mkr));
        assertEq(_countOf(logs, address(mkr)), 1, "MKR: Mint only");
        assertEq(logs.length, 2);
    }

    function test_kick_logsKickButNoNote() public {
        Vm.Log[] memory logs =
            _call(address(this), address(flop), abi.encodeCall(Flopper.kick, (alice, WAD, RAD)));
        assertEq(logs.length, 1);
        _assertNoNote(logs, address(flop));
        assertEq(logs[0].topics[0], keccak256("Kick(uint256,uint256,uint256,address)"));
    }

    function test_tick_logsLibNote() public {
        uint256 id = _createBadDebtAndKickFlop();
        _warpPast(_flopBid(id).end);
        _assertOnlyLibNote(bob, address(flop), abi.encodeCall(Flopper.tick, (id)));
    }

    function test_cageAndYank_logLibNote() public {
        uint256 id = _createBadDebtAndKickFlop();
        _dentFlop(alice, id, 200 * WAD);
        uint256 bid = _flopBid(id).bid;
        _assertOnlyLibNote(address(this), address(flop), abi.encodeCall(Flopper.cage, ()));
        bytes memory cd = abi.encodeCall(Flopper.yank, (id));
        Vm.Log[] memory logs = _call(bob, address(flop), cd);
        _checkLibNote(logs, address(flop), bob, cd);
        // the caller of cage (here the test) is the `vow` yank charges
        _checkVatNote(logs, abi.encodeCall(Vat.suck, (address(this), alice, bid)));
        assertEq(logs.length, 2);
    }

    function test_adminFunctions_logLibNote() public {
        _assertOnlyLibNote(address(this), address(flop), abi.encodeCall(Flopper.rely, (alice)));
        _assertOnlyLibNote(address(this), address(flop), abi.encodeCall(Flopper.deny, (alice)));
        _assertOnlyLibNote(address(this), address(flop), abi.encodeCall(Flopper.file, ("beg", 1.05e18)));
    }
}

/// @notice LibNote on the July 2020 Flopper: dent is noted, and its kiss logs the Vow's note.
contract LogNoteKissingFlopperTest is LogNoteTestBase {
    function _mcdParams() internal pure override returns (McdDeploy.Params memory p) {
        p = McdDeploy.postSpell();
        p.flopKissesOnDent = true;
    }

    function test_dent_logsLibNoteAndTheVowsKissNote() public {
        _fundBidder(alice, 100_000 * RAD);
        uint256 id = _createBadDebtAndKickFlop();
        uint256 bid = _flopBid(id).bid;
        bytes memory cd = abi.encodeCall(Flopper.dent, (id, 200 * WAD, bid));
        Vm.Log[] memory logs = _call(alice, address(flop), cd);
        _checkLibNote(logs, address(flop), alice, cd);
        _checkLibNote(logs, address(vow), address(flop), abi.encodeCall(Vow.kiss, (bid)));
        assertEq(_notesOf(logs, address(vat)).length, 2, "the Vat's move and heal");
    }
}

/// @notice LibNote on the Flipper: rely, deny, file, tick, tend, dent, deal and yank are
///         noted; kick is not.
contract LogNoteFlipperTest is LogNoteTestBase {
    address internal gal = makeAddr("gal");
    uint256 internal constant TAB = 1000 * RAD;

    function setUp() public override {
        super.setUp();
        _fundBidder(alice, 10_000 * RAD);
        _fundBidder(bob, 10_000 * RAD);
    }

    function _kick() internal returns (uint256 id) {
        _joinEth(address(this), 10 * WAD);
        vat.hope(address(ethFlip)); // kick fluxes the lot from the kicker
        id = ethFlip.kick(alice, gal, TAB, 10 * WAD, 0);
    }

    function test_kick_logsKickButNoNote() public {
        _joinEth(address(this), 10 * WAD);
        vat.hope(address(ethFlip));
        Vm.Log[] memory logs = _call(
            address(this), address(ethFlip), abi.encodeCall(Flipper.kick, (alice, gal, TAB, 10 * WAD, 0))
        );
        _assertNoNote(logs, address(ethFlip));
        assertEq(_countOf(logs, address(ethFlip)), 1, "Kick only");
        _checkVatNote(logs, abi.encodeCall(Vat.flux, (ETH_A, address(this), address(ethFlip), 10 * WAD)));
    }

    function test_tend_logsLibNote() public {
        uint256 id = _kick();
        bytes memory cd = abi.encodeCall(Flipper.tend, (id, 10 * WAD, 100 * RAD));
        Vm.Log[] memory logs = _call(bob, address(ethFlip), cd);
        _checkLibNote(logs, address(ethFlip), bob, cd);
        assertEq(_notesOf(logs, address(vat)).length, 2, "two Vat moves");
        assertEq(logs.length, 3);
    }

    function test_dent_logsLibNote() public {
        uint256 id = _kick();
        _tendFlip(alice, id, TAB);
        bytes memory cd = abi.encodeCall(Flipper.dent, (id, 9 * WAD, TAB));
        Vm.Log[] memory logs = _call(bob, address(ethFlip), cd);
        _checkLibNote(logs, address(ethFlip), bob, cd);
        assertEq(logs.length, 3, "Vat move and flux, then the Flipper's note");
    }

    function test_deal_logsLibNote() public {
        uint256 id = _kick();
        _tendFlip(alice, id, 100 * RAD);
        _warpPast(_flipBid(id).tic);
        bytes memory cd = abi.encodeCall(Flipper.deal, (id));
        Vm.Log[] memory logs = _call(bob, address(ethFlip), cd);
        _checkLibNote(logs, address(ethFlip), bob, cd);
        _checkVatNote(logs, abi.encodeCall(Vat.flux, (ETH_A, address(ethFlip), alice, 10 * WAD)));
    }

    function test_tick_logsLibNote() public {
        uint256 id = _kick();
        _warpPast(_flipBid(id).end);
        _assertOnlyLibNote(bob, address(ethFlip), abi.encodeCall(Flipper.tick, (id)));
    }

    function test_yank_logsLibNote() public {
        uint256 id = _kick();
        _tendFlip(alice, id, 100 * RAD);
        _giveInternalDai(address(this), 100 * RAD);
        vat.hope(address(ethFlip));
        bytes memory cd = abi.encodeCall(Flipper.yank, (id));
        Vm.Log[] memory logs = _call(address(this), address(ethFlip), cd);
        _checkLibNote(logs, address(ethFlip), address(this), cd);
    }

    function test_adminFunctions_logLibNote() public {
        _assertOnlyLibNote(address(this), address(ethFlip), abi.encodeCall(Flipper.rely, (alice)));
        _assertOnlyLibNote(address(this), address(ethFlip), abi.encodeCall(Flipper.deny, (alice)));
        _assertOnlyLibNote(address(this), address(ethFlip), abi.encodeCall(Flipper.file, ("ttl", 600)));
    }
}

/// @notice LibNote on the Cat (admin only: bite is not noted) and the Vow (every mutator).
contract LogNoteCatVowTest is LogNoteTestBase {
    function test_bite_logsBiteButNoNote() public {
        _openVaultAtRatio(alice, 10 * WAD, 15_100);
        _setPriceAndRollOsm(100 * WAD);
        Vm.Log[] memory logs = _call(bob, address(cat), abi.encodeCall(Cat.bite, (ETH_A, alice)));
        _assertNoNote(logs, address(cat));
        assertEq(_countOf(logs, address(cat)), 1, "Bite only");
        Vm.Log[] memory vowNotes = _notesOf(logs, address(vow));
        assertEq(vowNotes.length, 1, "fess");
        assertEq(vowNotes[0].topics[0], bytes32(Vow.fess.selector));
        assertEq(vowNotes[0].topics[1], _addrTopic(address(cat)));
        assertEq(_notesOf(logs, address(vat)).length, 2, "grab and flux");
        _assertNoNote(logs, address(ethFlip));
    }

    function test_catAdminFunctions_logLibNote() public {
        _assertOnlyLibNote(address(this), address(cat), abi.encodeCall(Cat.rely, (alice)));
        _assertOnlyLibNote(address(this), address(cat), abi.encodeCall(Cat.deny, (alice)));
        _assertOnlyLibNote(
            address(this),
            address(cat),
            abi.encodeWithSignature("file(bytes32,address)", bytes32("vow"), address(vow))
        );
        _assertOnlyLibNote(
            address(this),
            address(cat),
            abi.encodeWithSignature("file(bytes32,bytes32,uint256)", ETH_A, bytes32("chop"), 1.13e27)
        );
        _assertOnlyLibNote(
            address(this),
            address(cat),
            abi.encodeWithSignature("file(bytes32,bytes32,address)", ETH_A, bytes32("flip"), address(ethFlip))
        );
        _assertOnlyLibNote(address(this), address(cat), abi.encodeCall(Cat.cage, ()));
    }

    function test_fessAndFlog_logLibNote() public {
        _assertOnlyLibNote(address(this), address(vow), abi.encodeCall(Vow.fess, (RAD)));
        uint256 era = block.timestamp;
        vm.warp(era + vow.wait());
        _assertOnlyLibNote(alice, address(vow), abi.encodeCall(Vow.flog, (era)));
    }

    function test_heal_logsLibNote() public {
        _createBadDebt(10 * RAD);
        _giveInternalDai(address(vow), 5 * RAD);
        bytes memory cd = abi.encodeCall(Vow.heal, (5 * RAD));
        Vm.Log[] memory logs = _call(alice, address(vow), cd);
        _checkLibNote(logs, address(vow), alice, cd);
        _checkVatNote(logs, abi.encodeCall(Vat.heal, (5 * RAD)));
    }

    function test_flopAndKiss_logLibNote() public {
        _createBadDebt(vow.sump());
        bytes memory cd = abi.encodeCall(Vow.flop, ());
        Vm.Log[] memory logs = _call(alice, address(vow), cd);
        _checkLibNote(logs, address(vow), alice, cd);
        _assertNoNote(logs, address(flop));
        _fundBidder(bob, vow.sump());
        _dentFlop(bob, 1, 200 * WAD);
        _assertOnlyLibNote(alice, address(vow), abi.encodeCall(Vow.kiss, (vow.sump())));
    }

    function test_cage_logsLibNoteAndTheFloppersCageNote() public {
        bytes memory cd = abi.encodeCall(Vow.cage, ());
        Vm.Log[] memory logs = _call(address(this), address(vow), cd);
        _checkLibNote(logs, address(vow), address(this), cd);
        _checkLibNote(logs, address(flop), address(vow), abi.encodeCall(Flopper.cage, ()));
    }

    function test_vowAdminFunctions_logLibNote() public {
        _assertOnlyLibNote(address(this), address(vow), abi.encodeCall(Vow.rely, (alice)));
        _assertOnlyLibNote(address(this), address(vow), abi.encodeCall(Vow.deny, (alice)));
        _assertOnlyLibNote(
            address(this),
            address(vow),
            abi.encodeWithSignature("file(bytes32,uint256)", bytes32("wait"), 1 days)
        );
        _assertOnlyLibNote(
            address(this),
            address(vow),
            abi.encodeWithSignature("file(bytes32,address)", bytes32("flopper"), address(flop))
        );
    }
}

/// @notice LibNote on the Jug, the Spotter, the OSM and the price feed.
contract LogNoteRatesAndPricesTest is LogNoteTestBase {
    function test_drip_logsLibNote() public {
        vm.warp(block.timestamp + 1 days);
        bytes memory cd = abi.encodeCall(Jug.drip, (ETH_A));
        Vm.Log[] memory logs = _call(alice, address(jug), cd);
        _checkLibNote(logs, address(jug), alice, cd);
        assertEq(_notesOf(logs, address(vat)).length, 1, "fold");
    }

    function test_jugAdminFunctions_logLibNote() public {
        _assertOnlyLibNote(address(this), address(jug), abi.encodeCall(Jug.rely, (alice)));
        _assertOnlyLibNote(address(this), address(jug), abi.encodeCall(Jug.deny, (alice)));
        _assertOnlyLibNote(address(this), address(jug), abi.encodeCall(Jug.init, ("NEW-A")));
        _assertOnlyLibNote(
            address(this),
            address(jug),
            abi.encodeWithSignature("file(bytes32,bytes32,uint256)", bytes32("NEW-A"), bytes32("duty"), RAY)
        );
        _assertOnlyLibNote(
            address(this), address(jug), abi.encodeWithSignature("file(bytes32,uint256)", bytes32("base"), 0)
        );
        _assertOnlyLibNote(
            address(this),
            address(jug),
            abi.encodeWithSignature("file(bytes32,address)", bytes32("vow"), address(vow))
        );
    }

    function test_poke_spotterLogsPokeButNoNote() public {
        Vm.Log[] memory logs = _call(alice, address(spotter), abi.encodeCall(Spotter.poke, (ETH_A)));
        _assertNoNote(logs, address(spotter));
        assertEq(_countOf(logs, address(spotter)), 1, "Poke only");
        assertEq(_notesOf(logs, address(vat)).length, 1, "file spot");
    }

    function test_spotterAdminFunctions_logLibNote() public {
        _assertOnlyLibNote(address(this), address(spotter), abi.encodeCall(Spotter.rely, (alice)));
        _assertOnlyLibNote(address(this), address(spotter), abi.encodeCall(Spotter.deny, (alice)));
        _assertOnlyLibNote(
            address(this),
            address(spotter),
            abi.encodeWithSignature("file(bytes32,bytes32,address)", ETH_A, bytes32("pip"), address(pip))
        );
        _assertOnlyLibNote(
            address(this),
            address(spotter),
            abi.encodeWithSignature("file(bytes32,uint256)", bytes32("par"), RAY)
        );
        _assertOnlyLibNote(
            address(this),
            address(spotter),
            abi.encodeWithSignature("file(bytes32,bytes32,uint256)", ETH_A, bytes32("mat"), 1.5e27)
        );
        _assertOnlyLibNote(address(this), address(spotter), abi.encodeCall(Spotter.cage, ()));
    }

    function test_poke_osmLogsValueAndLibNote() public {
        vm.warp(uint256(pip.zzz()) + pip.hop());
        bytes memory cd = abi.encodeCall(OSM.poke, ());
        Vm.Log[] memory logs = _call(alice, address(pip), cd);
        _checkLibNote(logs, address(pip), alice, cd);
        assertEq(logs.length, 2, "LogValue, then the note");
        assertEq(logs[1].emitter, address(pip));
    }

    function test_step_osmLogsNothing() public {
        Vm.Log[] memory logs = _call(address(this), address(pip), abi.encodeCall(OSM.step, (1800)));
        assertEq(logs.length, 0);
    }

    function test_osmAdminFunctions_logLibNote() public {
        _assertOnlyLibNote(address(this), address(pip), abi.encodeCall(OSM.rely, (alice)));
        _assertOnlyLibNote(address(this), address(pip), abi.encodeCall(OSM.deny, (alice)));
        _assertOnlyLibNote(address(this), address(pip), abi.encodeCall(OSM.change, (address(feed))));
        _assertOnlyLibNote(address(this), address(pip), abi.encodeWithSignature("kiss(address)", alice));
        _assertOnlyLibNote(address(this), address(pip), abi.encodeWithSignature("diss(address)", alice));
        _assertOnlyLibNote(address(this), address(pip), abi.encodeCall(OSM.stop, ()));
        _assertOnlyLibNote(address(this), address(pip), abi.encodeCall(OSM.start, ()));
        _assertOnlyLibNote(address(this), address(pip), abi.encodeCall(OSM.void, ()));
    }

    function test_kissMany_osmNoteCutsCalldataAt224Bytes() public {
        address[] memory a = new address[](8);
        for (uint256 i = 0; i < a.length; i++) {
            a[i] = address(uint160(0x1000 + i));
        }
        bytes memory cd = abi.encodeWithSignature("kiss(address[])", a);
        assertEq(cd.length, 4 + 64 + 8 * 32);
        _assertOnlyLibNote(address(this), address(pip), cd);
        _assertOnlyLibNote(address(this), address(pip), abi.encodeWithSignature("diss(address[])", a));
    }

    function test_priceFeed_relyDenyLogLibNotePokeAndVoidDoNot() public {
        _assertOnlyLibNote(address(this), address(feed), abi.encodeCall(PriceFeed.rely, (alice)));
        _assertOnlyLibNote(address(this), address(feed), abi.encodeCall(PriceFeed.deny, (alice)));
        Vm.Log[] memory logs =
            _call(address(this), address(feed), abi.encodeCall(PriceFeed.poke, (100 * WAD)));
        assertEq(logs.length, 1, "LogValue only");
        _assertNoNote(logs, address(feed));
        logs = _call(address(this), address(feed), abi.encodeCall(PriceFeed.void, ()));
        assertEq(logs.length, 0);
    }
}

/// @notice LibNote on the joins and DAI; DSNote on MKR's stop/start only; none on the
///         MkrAuthority and WETH.
contract LogNoteJoinsAndTokensTest is LogNoteTestBase {
    function test_daiJoinExitAndJoin_logLibNote() public {
        _giveInternalDai(alice, 10 * RAD);
        vm.prank(alice);
        vat.hope(address(daiJoin));
        bytes memory cd = abi.encodeCall(DaiJoin.exit, (alice, 10 * WAD));
        Vm.Log[] memory logs = _call(alice, address(daiJoin), cd);
        _checkLibNote(logs, address(daiJoin), alice, cd);
        _checkVatNote(logs, abi.encodeCall(Vat.move, (alice, address(daiJoin), 10 * RAD)));
        _assertNoNote(logs, address(dai));
        assertEq(logs.length, 3, "Vat note, DAI Transfer, DaiJoin note");
        assertEq(logs[2].emitter, address(daiJoin));

        vm.prank(alice);
        dai.approve(address(daiJoin), 4 * WAD);
        cd = abi.encodeCall(DaiJoin.join, (bob, 4 * WAD));
        logs = _call(alice, address(daiJoin), cd);
        _checkLibNote(logs, address(daiJoin), alice, cd);
        _checkVatNote(logs, abi.encodeCall(Vat.move, (address(daiJoin), bob, 4 * RAD)));
        _assertNoNote(logs, address(dai));
    }

    function test_gemJoinJoinAndExit_logLibNote() public {
        vm.deal(alice, WAD);
        vm.startPrank(alice);
        weth.deposit{value: WAD}();
        weth.approve(address(ethJoin), WAD);
        vm.stopPrank();
        bytes memory cd = abi.encodeCall(GemJoin.join, (alice, WAD));
        Vm.Log[] memory logs = _call(alice, address(ethJoin), cd);
        _checkLibNote(logs, address(ethJoin), alice, cd);
        _checkVatNote(logs, abi.encodeCall(Vat.slip, (ETH_A, alice, int256(WAD))));
        _assertNoNote(logs, address(weth));
        cd = abi.encodeCall(GemJoin.exit, (bob, WAD));
        logs = _call(alice, address(ethJoin), cd);
        _checkLibNote(logs, address(ethJoin), alice, cd);
        _checkVatNote(logs, abi.encodeCall(Vat.slip, (ETH_A, alice, -int256(WAD))));
    }

    function test_joinAdminFunctions_logLibNote() public {
        _assertOnlyLibNote(address(this), address(daiJoin), abi.encodeCall(DaiJoin.rely, (alice)));
        _assertOnlyLibNote(address(this), address(daiJoin), abi.encodeCall(DaiJoin.deny, (alice)));
        _assertOnlyLibNote(address(this), address(daiJoin), abi.encodeCall(DaiJoin.cage, ()));
        _assertOnlyLibNote(address(this), address(ethJoin), abi.encodeCall(GemJoin.rely, (alice)));
        _assertOnlyLibNote(address(this), address(ethJoin), abi.encodeCall(GemJoin.deny, (alice)));
        _assertOnlyLibNote(address(this), address(ethJoin), abi.encodeCall(GemJoin.cage, ()));
    }

    function test_dai_relyDenyLogLibNoteTokenFunctionsDoNot() public {
        _assertOnlyLibNote(address(this), address(dai), abi.encodeCall(Dai.rely, (alice)));
        _assertOnlyLibNote(address(this), address(dai), abi.encodeCall(Dai.deny, (alice)));
        Vm.Log[] memory logs = _call(address(this), address(dai), abi.encodeCall(Dai.mint, (alice, 5 * WAD)));
        assertEq(logs.length, 1, "Transfer only");
        _assertNoNote(logs, address(dai));
        logs = _call(alice, address(dai), abi.encodeCall(Dai.transfer, (bob, WAD)));
        assertEq(logs.length, 1, "Transfer only");
        logs = _call(alice, address(dai), abi.encodeCall(Dai.approve, (bob, WAD)));
        assertEq(logs.length, 1, "Approval only");
        logs = _call(bob, address(dai), abi.encodeCall(Dai.burn, (alice, WAD)));
        assertEq(logs.length, 1, "Transfer only");
        logs = _call(alice, address(dai), abi.encodeCall(Dai.push, (bob, WAD)));
        assertEq(logs.length, 1, "Transfer only");
    }

    function test_stopAndStart_mkrLogsDsNoteBeforeTheBody() public {
        bytes memory cd = abi.encodeCall(Mkr.stop, ());
        Vm.Log[] memory logs = _call(address(this), address(mkr), cd);
        assertEq(logs.length, 1);
        Vm.Log memory note = logs[0];
        assertEq(note.emitter, address(mkr));
        assertEq(note.topics.length, 4);
        assertEq(note.topics[0], bytes32(Mkr.stop.selector));
        assertEq(note.topics[1], _addrTopic(address(this)));
        assertEq(note.topics[2], bytes32(0));
        assertEq(note.topics[3], bytes32(0));
        // DSNote's data: (uint256 wad = call value, bytes fax = the whole calldata)
        assertEq(note.data, abi.encode(uint256(0), cd));
        assertEq(note.data.length, 128);
        assertTrue(mkr.stopped());

        cd = abi.encodeCall(Mkr.start, ());
        logs = _call(address(this), address(mkr), cd);
        assertEq(logs.length, 1);
        assertEq(logs[0].topics[0], bytes32(Mkr.start.selector));
        assertEq(logs[0].data, abi.encode(uint256(0), cd));
    }

    function test_mkr_tokenFunctionsLogNoNote() public {
        Vm.Log[] memory logs = _call(
            address(this), address(mkr), abi.encodeWithSignature("mint(address,uint256)", alice, 5 * WAD)
        );
        assertEq(logs.length, 1, "Mint only");
        _assertNoNote(logs, address(mkr));
        logs = _call(alice, address(mkr), abi.encodeCall(Mkr.transfer, (bob, WAD)));
        assertEq(logs.length, 1, "Transfer only");
        logs = _call(alice, address(mkr), abi.encodeWithSignature("approve(address)", bob));
        assertEq(logs.length, 1, "Approval only");
        logs = _call(alice, address(mkr), abi.encodeWithSignature("approve(address,uint256)", bob, WAD));
        assertEq(logs.length, 1, "Approval only");
        logs = _call(bob, address(mkr), abi.encodeWithSignature("burn(address,uint256)", alice, WAD));
        assertEq(logs.length, 1, "Burn only");
        logs = _call(address(this), address(mkr), abi.encodeCall(Mkr.setName, ("Maker")));
        assertEq(logs.length, 0);
    }

    function test_mkrAuthority_logsNamedEventsOnly() public {
        Vm.Log[] memory logs =
            _call(address(this), address(mkrAuthority), abi.encodeCall(MkrAuthority.rely, (alice)));
        assertEq(logs.length, 1);
        assertEq(logs[0].topics[0], keccak256("LogRely(address)"));
        logs = _call(address(this), address(mkrAuthority), abi.encodeCall(MkrAuthority.deny, (alice)));
        assertEq(logs.length, 1);
        assertEq(logs[0].topics[0], keccak256("LogDeny(address)"));
    }

    function test_weth_depositLogsNoNote() public {
        vm.deal(alice, WAD);
        vm.recordLogs();
        vm.prank(alice);
        weth.deposit{value: WAD}();
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 1, "Deposit only");
        _assertNoNote(logs, address(weth));
    }
}
