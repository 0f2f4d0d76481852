// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";

import {McdTestBase} from "test/helpers/McdTestBase.sol";
import {Permit} from "test/helpers/Permit.sol";
import {RAD, RAY, WAD} from "test/helpers/Units.sol";

/// @notice Shared checks: the local MCD must expose the mainnet method signatures the project
///         relies on. Every selector is computed from its mainnet signature string, so a changed
///         argument type or name fails. Two checks per signature: the selector is in the
///         contract's dispatcher (PUSH1-4 constants of the runtime code: needed for WETH, whose
///         fallback accepts any call), and a call with that selector does what mainnet does
///         (getters return the mainnet number of words; mutators succeed when called validly).
abstract contract AbiConformanceBase is McdTestBase {
    address internal alice = makeAddr("alice");

    /// @dev Every PUSH1-PUSH4 constant of `c`'s runtime code (the dispatcher's selectors among them)
    function _pushConstants(address c) internal view returns (uint32[] memory out) {
        bytes memory code = c.code;
        out = new uint32[](code.length);
        uint256 n;
        for (uint256 i = 0; i < code.length; i++) {
            uint8 op = uint8(code[i]);
            if (op >= 0x60 && op <= 0x7f) {
                uint256 len = op - 0x5f;
                if (len <= 4 && i + len < code.length) {
                    uint32 v;
                    for (uint256 k = 1; k <= len; k++) {
                        v = (v << 8) | uint8(code[i + k]);
                    }
                    out[n++] = v;
                }
                i += len;
            }
        }
        assembly {
            mstore(out, n)
        }
    }

    function _has(uint32[] memory consts, string memory sig) internal pure returns (bool) {
        uint32 sel = uint32(bytes4(keccak256(bytes(sig))));
        for (uint256 i = 0; i < consts.length; i++) {
            if (consts[i] == sel) return true;
        }
        return false;
    }

    /// @dev Assert that each signature's selector is dispatched by `c`
    function _assertDispatches(address c, string[] memory sigs) internal view {
        uint32[] memory consts = _pushConstants(c);
        for (uint256 i = 0; i < sigs.length; i++) {
            assertTrue(_has(consts, sigs[i]), string.concat("missing selector: ", sigs[i]));
        }
    }

    /// @dev staticcall `data` on `c`: must succeed and return exactly `words` 32-byte words
    function _assertGetter(
        address c,
        bytes memory data,
        uint256 words
    ) internal view returns (bytes memory ret) {
        bool ok;
        (ok, ret) = c.staticcall(data);
        assertTrue(ok, "getter reverted");
        assertEq(ret.length, 32 * words, "getter return size");
    }

    /// @dev call `data` on `c` (as this ward): must succeed
    function _assertCall(address c, bytes memory data) internal returns (bytes memory ret) {
        bool ok;
        (ok, ret) = c.call(data);
        assertTrue(ok, "call reverted");
    }

    /// @dev call `data` on `c` as `who`: must succeed
    function _assertCallAs(address who, address c, bytes memory data) internal returns (bytes memory ret) {
        bool ok;
        vm.prank(who);
        (ok, ret) = c.call(data);
        assertTrue(ok, "call reverted");
    }

    function _list(
        string memory a,
        string memory b,
        string memory c,
        string memory d
    ) internal pure returns (string[] memory out) {
        out = new string[](4);
        (out[0], out[1], out[2], out[3]) = (a, b, c, d);
    }

    function _concat(string[] memory x, string[] memory y) internal pure returns (string[] memory out) {
        out = new string[](x.length + y.length);
        for (uint256 i = 0; i < x.length; i++) {
            out[i] = x[i];
        }
        for (uint256 i = 0; i < y.length; i++) {
            out[x.length + i] = y[i];
        }
    }
}

/// @notice Vat, Vow and Cat.
contract AbiConformanceLedgerTest is AbiConformanceBase {
    function test_vat_dispatchesMainnetSelectors() public view {
        string[] memory s = _concat(
            _concat(
                _list("ilks(bytes32)", "urns(bytes32,address)", "gem(bytes32,address)", "dai(address)"),
                _list("sin(address)", "debt()", "vice()", "Line()")
            ),
            _concat(
                _concat(
                    _list("live()", "can(address,address)", "wards(address)", "hope(address)"),
                    _list(
                        "nope(address)",
                        "move(address,address,uint256)",
                        "flux(bytes32,address,address,uint256)",
                        "frob(bytes32,address,address,address,int256,int256)"
                    )
                ),
                _concat(
                    _list(
                        "grab(bytes32,address,address,address,int256,int256)",
                        "heal(uint256)",
                        "suck(address,address,uint256)",
                        "fold(bytes32,address,int256)"
                    ),
                    _concat(
                        _list(
                            "slip(bytes32,address,int256)",
                            "init(bytes32)",
                            "file(bytes32,uint256)",
                            "file(bytes32,bytes32,uint256)"
                        ),
                        _list(
                            "cage()",
                            "rely(address)",
                            "deny(address)",
                            "fork(bytes32,address,address,int256,int256)"
                        )
                    )
                )
            )
        );
        _assertDispatches(address(vat), s);
    }

    function test_vat_gettersReturnMainnetShapes() public view {
        address v = address(vat);
        bytes memory ret = _assertGetter(v, abi.encodeWithSignature("ilks(bytes32)", ETH_A), 5);
        (uint256 Art, uint256 rate, uint256 spot, uint256 line, uint256 dust) =
            abi.decode(ret, (uint256, uint256, uint256, uint256, uint256));
        assertEq(Art, 0);
        assertEq(rate, RAY);
        assertEq(spot, 194 * RAY * 2 / 3);
        assertEq(line, 100_000_000 * RAD);
        assertEq(dust, 20 * RAD);
        _assertGetter(v, abi.encodeWithSignature("urns(bytes32,address)", ETH_A, alice), 2);
        _assertGetter(v, abi.encodeWithSignature("gem(bytes32,address)", ETH_A, alice), 1);
        _assertGetter(v, abi.encodeWithSignature("dai(address)", alice), 1);
        _assertGetter(v, abi.encodeWithSignature("sin(address)", alice), 1);
        _assertGetter(v, abi.encodeWithSignature("debt()"), 1);
        _assertGetter(v, abi.encodeWithSignature("vice()"), 1);
        ret = _assertGetter(v, abi.encodeWithSignature("Line()"), 1);
        assertEq(abi.decode(ret, (uint256)), 100_000_000 * RAD);
        ret = _assertGetter(v, abi.encodeWithSignature("live()"), 1);
        assertEq(abi.decode(ret, (uint256)), 1);
        _assertGetter(v, abi.encodeWithSignature("can(address,address)", alice, address(flop)), 1);
        ret = _assertGetter(v, abi.encodeWithSignature("wards(address)", address(this)), 1);
        assertEq(abi.decode(ret, (uint256)), 1);
    }

    function test_vat_userMutatorsWorkWithMainnetSignatures() public {
        address v = address(vat);
        _joinEth(alice, 10 * WAD);
        _assertCallAs(alice, v, abi.encodeWithSignature("hope(address)", address(this)));
        assertEq(vat.can(alice, address(this)), 1);
        _assertCallAs(alice, v, abi.encodeWithSignature("nope(address)", address(this)));
        assertEq(vat.can(alice, address(this)), 0);
        _assertCallAs(
            alice,
            v,
            abi.encodeWithSignature(
                "frob(bytes32,address,address,address,int256,int256)",
                ETH_A,
                alice,
                alice,
                alice,
                int256(5 * WAD),
                int256(100 * WAD)
            )
        );
        assertEq(vat.dai(alice), 100 * RAD);
        _assertCallAs(
            alice, v, abi.encodeWithSignature("move(address,address,uint256)", alice, address(this), RAD)
        );
        _assertCallAs(
            alice,
            v,
            abi.encodeWithSignature("flux(bytes32,address,address,uint256)", ETH_A, alice, address(this), WAD)
        );
        assertEq(vat.gem(ETH_A, address(this)), WAD);
    }

    function test_vat_authMutatorsWorkWithMainnetSignatures() public {
        address v = address(vat);
        _openVault(alice, 5 * WAD, 100 * WAD);
        _assertCall(
            v,
            abi.encodeWithSignature(
                "grab(bytes32,address,address,address,int256,int256)",
                ETH_A,
                alice,
                address(this),
                address(this),
                -int256(WAD),
                -int256(20 * WAD)
            )
        );
        assertEq(vat.sin(address(this)), 20 * RAD);
        _assertCall(
            v, abi.encodeWithSignature("suck(address,address,uint256)", address(this), address(this), RAD)
        );
        _assertCall(v, abi.encodeWithSignature("heal(uint256)", RAD));
        _assertCall(
            v, abi.encodeWithSignature("fold(bytes32,address,int256)", ETH_A, address(this), int256(0))
        );
        _assertCall(v, abi.encodeWithSignature("slip(bytes32,address,int256)", ETH_A, alice, int256(WAD)));
        _assertCall(v, abi.encodeWithSignature("init(bytes32)", bytes32("NEW-A")));
        _assertCall(v, abi.encodeWithSignature("file(bytes32,uint256)", bytes32("Line"), 1));
        assertEq(vat.Line(), 1);
        _assertCall(v, abi.encodeWithSignature("file(bytes32,bytes32,uint256)", ETH_A, bytes32("dust"), 1));
        _assertCall(v, abi.encodeWithSignature("rely(address)", alice));
        _assertCall(v, abi.encodeWithSignature("deny(address)", alice));
        _assertCall(v, abi.encodeWithSignature("cage()"));
        assertEq(vat.live(), 0);
    }

    function test_vow_dispatchesMainnetSelectors() public view {
        string[] memory s = _concat(
            _concat(
                _list("sin(uint256)", "Sin()", "Ash()", "wait()"),
                _list("dump()", "sump()", "bump()", "hump()")
            ),
            _concat(
                _concat(
                    _list("flopper()", "flapper()", "live()", "vat()"),
                    _list("fess(uint256)", "flog(uint256)", "heal(uint256)", "kiss(uint256)")
                ),
                _concat(
                    _list("flop()", "cage()", "file(bytes32,uint256)", "file(bytes32,address)"),
                    _list("wards(address)", "rely(address)", "deny(address)", "sump()")
                )
            )
        );
        _assertDispatches(address(vow), s);
    }

    function test_vow_gettersAndMutatorsWork() public {
        address v = address(vow);
        _assertGetter(v, abi.encodeWithSignature("sin(uint256)", block.timestamp), 1);
        _assertGetter(v, abi.encodeWithSignature("Sin()"), 1);
        _assertGetter(v, abi.encodeWithSignature("Ash()"), 1);
        bytes memory ret = _assertGetter(v, abi.encodeWithSignature("wait()"), 1);
        assertEq(abi.decode(ret, (uint256)), 156 hours);
        ret = _assertGetter(v, abi.encodeWithSignature("dump()"), 1);
        assertEq(abi.decode(ret, (uint256)), 250 * WAD);
        ret = _assertGetter(v, abi.encodeWithSignature("sump()"), 1);
        assertEq(abi.decode(ret, (uint256)), 50_000 * RAD);
        _assertGetter(v, abi.encodeWithSignature("bump()"), 1);
        _assertGetter(v, abi.encodeWithSignature("hump()"), 1);
        ret = _assertGetter(v, abi.encodeWithSignature("flopper()"), 1);
        assertEq(abi.decode(ret, (address)), address(flop));
        _assertGetter(v, abi.encodeWithSignature("flapper()"), 1);
        _assertGetter(v, abi.encodeWithSignature("live()"), 1);

        uint256 era = block.timestamp;
        _createBadDebt(100_000 * RAD);
        _assertCall(v, abi.encodeWithSignature("fess(uint256)", RAD));
        vm.warp(era + 156 hours);
        _assertCall(v, abi.encodeWithSignature("flog(uint256)", era));
        ret = _assertCall(v, abi.encodeWithSignature("flop()"));
        assertEq(abi.decode(ret, (uint256)), 1);
        _giveInternalDai(v, 2 * RAD);
        _assertCall(v, abi.encodeWithSignature("kiss(uint256)", RAD));
        _assertCall(v, abi.encodeWithSignature("heal(uint256)", RAD));
        _assertCall(v, abi.encodeWithSignature("file(bytes32,uint256)", bytes32("dump"), 300 * WAD));
        _assertCall(v, abi.encodeWithSignature("file(bytes32,address)", bytes32("flopper"), address(flop)));
        _assertCall(v, abi.encodeWithSignature("cage()"));
        assertEq(vow.live(), 0);
    }

    function test_cat_dispatchesMainnetSelectors() public view {
        string[] memory s = _concat(
            _concat(
                _list("ilks(bytes32)", "bite(bytes32,address)", "vow()", "live()"),
                _list(
                    "vat()",
                    "file(bytes32,address)",
                    "file(bytes32,bytes32,uint256)",
                    "file(bytes32,bytes32,address)"
                )
            ),
            _list("wards(address)", "rely(address)", "deny(address)", "cage()")
        );
        _assertDispatches(address(cat), s);
    }

    function test_cat_gettersAndMutatorsWork() public {
        address c = address(cat);
        bytes memory ret = _assertGetter(c, abi.encodeWithSignature("ilks(bytes32)", ETH_A), 3);
        (address flip, uint256 chop, uint256 lump) = abi.decode(ret, (address, uint256, uint256));
        assertEq(flip, address(ethFlip));
        assertEq(chop, 1.13e27);
        assertEq(lump, 500 * WAD);
        ret = _assertGetter(c, abi.encodeWithSignature("vow()"), 1);
        assertEq(abi.decode(ret, (address)), address(vow));
        _assertGetter(c, abi.encodeWithSignature("live()"), 1);

        _openVault(alice, 10 * WAD, 1200 * WAD);
        _setPriceAndRollOsm(150 * WAD);
        ret = _assertCall(c, abi.encodeWithSignature("bite(bytes32,address)", ETH_A, alice));
        assertEq(abi.decode(ret, (uint256)), 1);
        _assertCall(c, abi.encodeWithSignature("file(bytes32,address)", bytes32("vow"), address(vow)));
        _assertCall(
            c, abi.encodeWithSignature("file(bytes32,bytes32,uint256)", ETH_A, bytes32("lump"), 50 * WAD)
        );
        _assertCall(
            c,
            abi.encodeWithSignature("file(bytes32,bytes32,address)", ETH_A, bytes32("flip"), address(ethFlip))
        );
        _assertCall(c, abi.encodeWithSignature("cage()"));
        assertEq(cat.live(), 0);
    }
}

/// @notice Flopper and Flipper.
contract AbiConformanceAuctionTest is AbiConformanceBase {
    function test_flopper_dispatchesMainnetSelectors() public view {
        string[] memory s = _concat(
            _concat(
                _concat(
                    _list("bids(uint256)", "beg()", "pad()", "ttl()"),
                    _list("tau()", "kicks()", "live()", "vat()")
                ),
                _concat(
                    _list("gem()", "vow()", "kick(address,uint256,uint256)", "dent(uint256,uint256,uint256)"),
                    _list("tick(uint256)", "deal(uint256)", "yank(uint256)", "cage()")
                )
            ),
            _list("file(bytes32,uint256)", "wards(address)", "rely(address)", "deny(address)")
        );
        _assertDispatches(address(flop), s);
        // negative control: a signature the Flopper lacks is not found
        assertFalse(_has(_pushConstants(address(flop)), "dent(uint256,uint256)"));
    }

    function test_flopper_gettersReturnMainnetShapes() public {
        address f = address(flop);
        uint256 id = _createBadDebtAndKickFlop();
        bytes memory ret = _assertGetter(f, abi.encodeWithSignature("bids(uint256)", id), 5);
        (uint256 bid, uint256 lot, address guy, uint48 tic, uint48 end) =
            abi.decode(ret, (uint256, uint256, address, uint48, uint48));
        assertEq(bid, 50_000 * RAD);
        assertEq(lot, 250 * WAD);
        assertEq(guy, address(vow));
        assertEq(tic, 0);
        assertEq(end, block.timestamp + 3 days);
        ret = _assertGetter(f, abi.encodeWithSignature("beg()"), 1);
        assertEq(abi.decode(ret, (uint256)), 1.03e18);
        ret = _assertGetter(f, abi.encodeWithSignature("pad()"), 1);
        assertEq(abi.decode(ret, (uint256)), 1.2e18);
        ret = _assertGetter(f, abi.encodeWithSignature("ttl()"), 1);
        assertEq(abi.decode(ret, (uint48)), 6 hours);
        ret = _assertGetter(f, abi.encodeWithSignature("tau()"), 1);
        assertEq(abi.decode(ret, (uint48)), 3 days);
        ret = _assertGetter(f, abi.encodeWithSignature("kicks()"), 1);
        assertEq(abi.decode(ret, (uint256)), 1);
        _assertGetter(f, abi.encodeWithSignature("live()"), 1);
        ret = _assertGetter(f, abi.encodeWithSignature("vat()"), 1);
        assertEq(abi.decode(ret, (address)), address(vat));
        ret = _assertGetter(f, abi.encodeWithSignature("gem()"), 1);
        assertEq(abi.decode(ret, (address)), address(mkr));
        _assertGetter(f, abi.encodeWithSignature("vow()"), 1);
    }

    function test_flopper_mutatorsWorkWithMainnetSignatures() public {
        address f = address(flop);
        _fundBidder(alice, 200_000 * RAD);
        bytes memory ret = _assertCall(
            f, abi.encodeWithSignature("kick(address,uint256,uint256)", address(vow), 250 * WAD, 50_000 * RAD)
        );
        uint256 id = abi.decode(ret, (uint256));
        _assertCallAs(
            alice, f, abi.encodeWithSignature("dent(uint256,uint256,uint256)", id, 200 * WAD, 50_000 * RAD)
        );
        vm.warp(block.timestamp + 6 hours + 1);
        _assertCall(f, abi.encodeWithSignature("deal(uint256)", id));
        assertEq(mkr.balanceOf(alice), 200 * WAD);
        id = flop.kick(address(vow), 250 * WAD, 50_000 * RAD);
        vm.warp(block.timestamp + 3 days + 1);
        _assertCall(f, abi.encodeWithSignature("tick(uint256)", id));
        _assertCall(f, abi.encodeWithSignature("file(bytes32,uint256)", bytes32("pad"), 1.5e18));
        _assertCall(f, abi.encodeWithSignature("cage()"));
        _assertCall(f, abi.encodeWithSignature("yank(uint256)", id));
        assertEq(_flopBid(id).guy, address(0));
    }

    function test_flopper_kickEventMatchesMainnetTopic() public {
        assertEq(
            keccak256("Kick(uint256,uint256,uint256,address)"),
            0x7e8881001566f9f89aedb9c5dc3d856a2b81e5235a8196413ed484be91cc0df6
        );
        vm.recordLogs();
        flop.kick(address(vow), 250 * WAD, 50_000 * RAD);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 1);
        assertEq(logs[0].emitter, address(flop));
        assertEq(logs[0].topics[0], keccak256("Kick(uint256,uint256,uint256,address)"));
        assertEq(logs[0].topics[1], bytes32(uint256(uint160(address(vow)))), "gal indexed");
        assertEq(logs[0].data, abi.encode(uint256(1), 250 * WAD, 50_000 * RAD), "id, lot, bid not indexed");
    }

    function test_flipper_dispatchesMainnetSelectors() public view {
        string[] memory s = _concat(
            _concat(
                _list("bids(uint256)", "beg()", "ttl()", "tau()"),
                _list(
                    "kicks()",
                    "kick(address,address,uint256,uint256,uint256)",
                    "tend(uint256,uint256,uint256)",
                    "dent(uint256,uint256,uint256)"
                )
            ),
            _concat(
                _list("deal(uint256)", "tick(uint256)", "yank(uint256)", "file(bytes32,uint256)"),
                _list("vat()", "ilk()", "wards(address)", "rely(address)")
            )
        );
        _assertDispatches(address(ethFlip), s);
    }

    function test_flipper_gettersAndMutatorsWork() public {
        address f = address(ethFlip);
        _fundBidder(alice, 10_000 * RAD);
        vat.slip(ETH_A, address(this), int256(20 * WAD));
        vat.hope(f);
        bytes memory ret = _assertCall(
            f,
            abi.encodeWithSignature(
                "kick(address,address,uint256,uint256,uint256)",
                alice,
                address(vow),
                1000 * RAD,
                10 * WAD,
                uint256(0)
            )
        );
        uint256 id = abi.decode(ret, (uint256));
        ret = _assertGetter(f, abi.encodeWithSignature("bids(uint256)", id), 8);
        (,, address guy,,, address usr, address gal, uint256 tab) =
            abi.decode(ret, (uint256, uint256, address, uint48, uint48, address, address, uint256));
        assertEq(guy, address(this));
        assertEq(usr, alice);
        assertEq(gal, address(vow));
        assertEq(tab, 1000 * RAD);
        _assertGetter(f, abi.encodeWithSignature("beg()"), 1);
        _assertGetter(f, abi.encodeWithSignature("ttl()"), 1);
        _assertGetter(f, abi.encodeWithSignature("tau()"), 1);
        ret = _assertGetter(f, abi.encodeWithSignature("kicks()"), 1);
        assertEq(abi.decode(ret, (uint256)), 1);

        _assertCallAs(
            alice, f, abi.encodeWithSignature("tend(uint256,uint256,uint256)", id, 10 * WAD, 1000 * RAD)
        );
        _assertCallAs(
            alice, f, abi.encodeWithSignature("dent(uint256,uint256,uint256)", id, 9 * WAD, 1000 * RAD)
        );
        vm.warp(block.timestamp + 6 hours + 1);
        _assertCall(f, abi.encodeWithSignature("deal(uint256)", id));
        assertEq(vat.gem(ETH_A, alice), 10 * WAD); // 9 won + 1 returned as usr

        id = ethFlip.kick(alice, address(vow), 1000 * RAD, 10 * WAD, 0);
        vm.warp(block.timestamp + 6 hours + 1);
        _assertCall(f, abi.encodeWithSignature("tick(uint256)", id));
        _assertCall(f, abi.encodeWithSignature("yank(uint256)", id));
        _assertCall(f, abi.encodeWithSignature("file(bytes32,uint256)", bytes32("beg"), 1.05e18));
    }
}

/// @notice DaiJoin, GemJoin, Dai, MKR, WETH.
contract AbiConformanceTokenTest is AbiConformanceBase {
    function test_joins_dispatchMainnetSelectors() public view {
        string[] memory s = _concat(
            _list("vat()", "dai()", "live()", "join(address,uint256)"),
            _list("exit(address,uint256)", "cage()", "wards(address)", "rely(address)")
        );
        _assertDispatches(address(daiJoin), s);
        s = _concat(
            _concat(
                _list("vat()", "gem()", "ilk()", "dec()"),
                _list("live()", "join(address,uint256)", "exit(address,uint256)", "cage()")
            ),
            _list("wards(address)", "rely(address)", "deny(address)", "live()")
        );
        _assertDispatches(address(ethJoin), s);
    }

    function test_joins_gettersAndMutatorsWork() public {
        bytes memory ret = _assertGetter(address(daiJoin), abi.encodeWithSignature("vat()"), 1);
        assertEq(abi.decode(ret, (address)), address(vat));
        ret = _assertGetter(address(daiJoin), abi.encodeWithSignature("dai()"), 1);
        assertEq(abi.decode(ret, (address)), address(dai));
        _assertGetter(address(daiJoin), abi.encodeWithSignature("live()"), 1);
        ret = _assertGetter(address(ethJoin), abi.encodeWithSignature("gem()"), 1);
        assertEq(abi.decode(ret, (address)), address(weth));
        ret = _assertGetter(address(ethJoin), abi.encodeWithSignature("ilk()"), 1);
        assertEq(abi.decode(ret, (bytes32)), ETH_A);
        ret = _assertGetter(address(ethJoin), abi.encodeWithSignature("dec()"), 1);
        assertEq(abi.decode(ret, (uint256)), 18);

        vm.deal(alice, 2 ether);
        vm.startPrank(alice);
        weth.deposit{value: 2 ether}();
        weth.approve(address(ethJoin), 2 ether);
        vm.stopPrank();
        _assertCallAs(
            alice, address(ethJoin), abi.encodeWithSignature("join(address,uint256)", alice, 2 ether)
        );
        _assertCallAs(
            alice, address(ethJoin), abi.encodeWithSignature("exit(address,uint256)", alice, 1 ether)
        );
        assertEq(weth.balanceOf(alice), 1 ether);

        _giveInternalDai(alice, 10 * RAD);
        vm.prank(alice);
        vat.hope(address(daiJoin));
        _assertCallAs(
            alice, address(daiJoin), abi.encodeWithSignature("exit(address,uint256)", alice, 10 * WAD)
        );
        vm.prank(alice);
        dai.approve(address(daiJoin), 4 * WAD);
        _assertCallAs(
            alice, address(daiJoin), abi.encodeWithSignature("join(address,uint256)", alice, 4 * WAD)
        );
        assertEq(dai.balanceOf(alice), 6 * WAD);
        _assertCall(address(daiJoin), abi.encodeWithSignature("cage()"));
        _assertCall(address(ethJoin), abi.encodeWithSignature("cage()"));
    }

    function test_dai_dispatchesMainnetSelectors() public view {
        string[] memory s = _concat(
            _concat(
                _concat(
                    _list("name()", "symbol()", "version()", "decimals()"),
                    _list(
                        "DOMAIN_SEPARATOR()",
                        "PERMIT_TYPEHASH()",
                        "nonces(address)",
                        "permit(address,address,uint256,uint256,bool,uint8,bytes32,bytes32)"
                    )
                ),
                _concat(
                    _list(
                        "mint(address,uint256)",
                        "burn(address,uint256)",
                        "push(address,uint256)",
                        "pull(address,uint256)"
                    ),
                    _list(
                        "move(address,address,uint256)",
                        "transfer(address,uint256)",
                        "transferFrom(address,address,uint256)",
                        "approve(address,uint256)"
                    )
                )
            ),
            _list("balanceOf(address)", "allowance(address,address)", "totalSupply()", "wards(address)")
        );
        _assertDispatches(address(dai), s);
        // mainnet DAI has no EIP-2612 permit
        assertFalse(
            _has(
                _pushConstants(address(dai)), "permit(address,address,uint256,uint256,uint8,bytes32,bytes32)"
            ),
            "EIP-2612 permit must not exist"
        );
    }

    function test_dai_gettersReturnMainnetShapes() public view {
        address d = address(dai);
        // strings come back as offset, length, data: three words
        bytes memory ret = _assertGetter(d, abi.encodeWithSignature("name()"), 3);
        assertEq(abi.decode(ret, (string)), "Dai Stablecoin");
        ret = _assertGetter(d, abi.encodeWithSignature("symbol()"), 3);
        assertEq(abi.decode(ret, (string)), "DAI");
        ret = _assertGetter(d, abi.encodeWithSignature("version()"), 3);
        assertEq(abi.decode(ret, (string)), "1");
        ret = _assertGetter(d, abi.encodeWithSignature("decimals()"), 1);
        assertEq(abi.decode(ret, (uint8)), 18);
        _assertGetter(d, abi.encodeWithSignature("DOMAIN_SEPARATOR()"), 1);
        ret = _assertGetter(d, abi.encodeWithSignature("PERMIT_TYPEHASH()"), 1);
        assertEq(
            abi.decode(ret, (bytes32)), 0xea2aa0a1be11a07ed86d755c93467f4f82362b452371d1ba94d1715123511acb
        );
        _assertGetter(d, abi.encodeWithSignature("nonces(address)", alice), 1);
    }

    function test_dai_mutatorsWorkWithMainnetSignatures() public {
        address d = address(dai);
        _giveDai(address(this), 10 * WAD);
        _assertCall(d, abi.encodeWithSignature("push(address,uint256)", alice, 3 * WAD));
        vm.prank(alice);
        dai.approve(address(this), type(uint256).max);
        _assertCall(d, abi.encodeWithSignature("pull(address,uint256)", alice, WAD));
        _assertCall(d, abi.encodeWithSignature("move(address,address,uint256)", alice, address(this), WAD));
        _assertCall(d, abi.encodeWithSignature("burn(address,uint256)", address(this), WAD));
        assertEq(dai.balanceOf(address(this)), 8 * WAD);
        assertEq(dai.balanceOf(alice), WAD);
        // mint is the DaiJoin's; the test contract is not a DAI ward
        vm.prank(address(daiJoin));
        (bool ok,) = d.call(abi.encodeWithSignature("mint(address,uint256)", alice, WAD));
        assertTrue(ok);
        assertEq(dai.balanceOf(alice), 2 * WAD);
    }

    function test_dai_permitWorksWithMainnetSignature() public {
        address d = address(dai);
        uint256 key = 0xB0B;
        address holder = vm.addr(key);
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(key, Permit.daiDigest(dai.DOMAIN_SEPARATOR(), holder, alice, 0, 0, true));
        _assertCall(
            d,
            abi.encodeWithSignature(
                "permit(address,address,uint256,uint256,bool,uint8,bytes32,bytes32)",
                holder,
                alice,
                0,
                0,
                true,
                v,
                r,
                s
            )
        );
        assertEq(dai.allowance(holder, alice), type(uint256).max);
    }

    function test_mkr_dispatchesMainnetSelectors() public view {
        string[] memory s = _concat(
            _concat(
                _concat(
                    _list("name()", "symbol()", "decimals()", "totalSupply()"),
                    _list(
                        "balanceOf(address)",
                        "allowance(address,address)",
                        "approve(address,uint256)",
                        "transfer(address,uint256)"
                    )
                ),
                _concat(
                    _list(
                        "transferFrom(address,address,uint256)",
                        "push(address,uint256)",
                        "pull(address,uint256)",
                        "move(address,address,uint256)"
                    ),
                    _list("mint(address,uint256)", "burn(address,uint256)", "mint(uint256)", "burn(uint256)")
                )
            ),
            _concat(
                _list("stop()", "start()", "stopped()", "owner()"),
                _concat(
                    _list("authority()", "setOwner(address)", "setAuthority(address)", "setName(bytes32)"),
                    _list("approve(address)", "approve(address)", "approve(address)", "approve(address)")
                )
            )
        );
        _assertDispatches(address(mkr), s);
    }

    function test_mkr_nameAndSymbolAreBytes32() public view {
        bytes memory ret = _assertGetter(address(mkr), abi.encodeWithSignature("name()"), 1);
        assertEq(abi.decode(ret, (bytes32)), bytes32("Maker"));
        ret = _assertGetter(address(mkr), abi.encodeWithSignature("symbol()"), 1);
        assertEq(abi.decode(ret, (bytes32)), bytes32("MKR"));
        ret = _assertGetter(address(mkr), abi.encodeWithSignature("decimals()"), 1);
        assertEq(abi.decode(ret, (uint256)), 18);
    }

    function test_mkr_mutatorsWorkWithMainnetSignatures() public {
        address m = address(mkr);
        _assertCall(m, abi.encodeWithSignature("mint(address,uint256)", address(this), 10 * WAD));
        _assertCall(m, abi.encodeWithSignature("push(address,uint256)", alice, 4 * WAD));
        _assertCallAs(alice, m, abi.encodeWithSignature("approve(address)", address(this)));
        assertEq(mkr.allowance(alice, address(this)), type(uint256).max);
        _assertCall(m, abi.encodeWithSignature("pull(address,uint256)", alice, WAD));
        _assertCall(m, abi.encodeWithSignature("move(address,address,uint256)", alice, address(this), WAD));
        _assertCall(m, abi.encodeWithSignature("burn(address,uint256)", address(this), WAD));
        _assertCall(m, abi.encodeWithSignature("burn(uint256)", WAD));
        assertEq(mkr.balanceOf(address(this)), 6 * WAD);
        assertEq(mkr.totalSupply(), 8 * WAD);
        _assertCall(m, abi.encodeWithSignature("stop()"));
        _assertCall(m, abi.encodeWithSignature("start()"));
    }

    function test_weth_dispatchesWeth9Selectors() public view {
        string[] memory s = _concat(
            _concat(
                _list("deposit()", "withdraw(uint256)", "balanceOf(address)", "allowance(address,address)"),
                _list(
                    "approve(address,uint256)",
                    "transfer(address,uint256)",
                    "transferFrom(address,address,uint256)",
                    "totalSupply()"
                )
            ),
            _list("name()", "symbol()", "decimals()", "deposit()")
        );
        _assertDispatches(address(weth), s);
        // WETH9's fallback takes any call: the dispatcher check is what proves these exist, and a
        // selector it lacks is not found there
        assertFalse(_has(_pushConstants(address(weth)), "mint(address,uint256)"));
    }
}

/// @notice OSM, Spotter, Jug, MkrAuthority, PriceFeed.
contract AbiConformancePriceTest is AbiConformanceBase {
    function test_osm_dispatchesMainnetSelectors() public view {
        string[] memory s = _concat(
            _concat(
                _concat(
                    _list("peek()", "peep()", "poke()", "hop()"), _list("zzz()", "src()", "pass()", "read()")
                ),
                _concat(
                    _list("kiss(address)", "diss(address)", "bud(address)", "stop()"),
                    _list("start()", "stopped()", "change(address)", "step(uint16)")
                )
            ),
            _concat(
                _list("void()", "wards(address)", "rely(address)", "deny(address)"),
                _list("kiss(address[])", "diss(address[])", "peek()", "peep()")
            )
        );
        _assertDispatches(address(pip), s);
    }

    function test_osm_gettersReturnMainnetShapes() public {
        address o = address(pip);
        bytes memory ret = _assertGetter(o, abi.encodeWithSignature("peek()"), 2);
        (bytes32 val, bool has) = abi.decode(ret, (bytes32, bool));
        assertEq(uint256(val), 194 * WAD);
        assertTrue(has);
        ret = _assertGetter(o, abi.encodeWithSignature("peep()"), 2);
        (val, has) = abi.decode(ret, (bytes32, bool));
        assertEq(uint256(val), 194 * WAD);
        ret = _assertGetter(o, abi.encodeWithSignature("hop()"), 1);
        assertEq(abi.decode(ret, (uint16)), 3600);
        _assertGetter(o, abi.encodeWithSignature("zzz()"), 1);
        ret = _assertGetter(o, abi.encodeWithSignature("src()"), 1);
        assertEq(abi.decode(ret, (address)), address(feed));
        ret = _assertGetter(o, abi.encodeWithSignature("read()"), 1);
        assertEq(uint256(abi.decode(ret, (bytes32))), 194 * WAD);
        vm.warp(block.timestamp + 3600);
        _assertCall(o, abi.encodeWithSignature("poke()"));
        _assertCall(o, abi.encodeWithSignature("kiss(address)", alice));
        _assertCall(o, abi.encodeWithSignature("diss(address)", alice));
        _assertCall(o, abi.encodeWithSignature("step(uint16)", uint16(3600)));
        _assertCall(o, abi.encodeWithSignature("change(address)", address(feed)));
    }

    function test_spotter_dispatchesAndWorks() public {
        string[] memory s = _concat(
            _concat(
                _list("ilks(bytes32)", "par()", "poke(bytes32)", "vat()"),
                _list(
                    "live()",
                    "file(bytes32,bytes32,address)",
                    "file(bytes32,uint256)",
                    "file(bytes32,bytes32,uint256)"
                )
            ),
            _list("cage()", "wards(address)", "rely(address)", "deny(address)")
        );
        _assertDispatches(address(spotter), s);
        bytes memory ret = _assertGetter(address(spotter), abi.encodeWithSignature("ilks(bytes32)", ETH_A), 2);
        (address p, uint256 mat) = abi.decode(ret, (address, uint256));
        assertEq(p, address(pip));
        assertEq(mat, 1.5e27);
        ret = _assertGetter(address(spotter), abi.encodeWithSignature("par()"), 1);
        assertEq(abi.decode(ret, (uint256)), RAY);
        vm.prank(alice);
        _assertCall(address(spotter), abi.encodeWithSignature("poke(bytes32)", ETH_A));
    }

    function test_jug_dispatchesAndWorks() public {
        string[] memory s = _concat(
            _concat(
                _list("ilks(bytes32)", "base()", "vow()", "drip(bytes32)"),
                _list(
                    "init(bytes32)",
                    "file(bytes32,bytes32,uint256)",
                    "file(bytes32,uint256)",
                    "file(bytes32,address)"
                )
            ),
            _list("vat()", "wards(address)", "rely(address)", "deny(address)")
        );
        _assertDispatches(address(jug), s);
        bytes memory ret = _assertGetter(address(jug), abi.encodeWithSignature("ilks(bytes32)", ETH_A), 2);
        (uint256 duty, uint256 rho) = abi.decode(ret, (uint256, uint256));
        assertEq(duty, 1_000_000_001_243_680_656_318_820_312);
        assertEq(rho, block.timestamp);
        _assertGetter(address(jug), abi.encodeWithSignature("base()"), 1);
        ret = _assertGetter(address(jug), abi.encodeWithSignature("vow()"), 1);
        assertEq(abi.decode(ret, (address)), address(vow));
        vm.warp(block.timestamp + 1 days);
        ret = _assertCall(address(jug), abi.encodeWithSignature("drip(bytes32)", ETH_A));
        assertGt(abi.decode(ret, (uint256)), RAY);
    }

    function test_mkrAuthorityAndFeed_dispatch() public view {
        _assertDispatches(
            address(mkrAuthority),
            _concat(
                _list(
                    "canCall(address,address,bytes4)", "rely(address)", "deny(address)", "setRoot(address)"
                ),
                _list("root()", "wards(address)", "root()", "wards(address)")
            )
        );
        _assertDispatches(
            address(feed),
            _concat(
                _list("peek()", "read()", "poke(uint256)", "void()"),
                _list("wards(address)", "rely(address)", "deny(address)", "age()")
            )
        );
        bytes memory ret = _assertGetter(
            address(mkrAuthority),
            abi.encodeWithSignature(
                "canCall(address,address,bytes4)",
                address(flop),
                address(mkr),
                bytes4(keccak256("mint(address,uint256)"))
            ),
            1
        );
        assertTrue(abi.decode(ret, (bool)));
    }
}
