// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {DSNote} from "test/mcd/DSNote.sol";

/// @notice DSAuthority: decides whether `src` may call `sig` on `dst`
// solhint-disable-next-line interface-starts-with-i
interface DSAuthority {
    function canCall(address src, address dst, bytes4 sig) external view returns (bool);
}

/// @title Mkr: the MKR governance token of the local MCD (DSToken behaviour)
/// @notice `name()` and `symbol()` return bytes32; `decimals()` is a uint256 (18).
///         Auth is DSAuth-style: the owner, or whoever the authority allows for the called
///         function selector. Like the 2017 DSToken, failures revert without a reason string.
///         Only `stop` and `start` log DSNote's anonymous `LogNote`, as on mainnet MKR.
///         Every amount is in wad (1e18).
contract Mkr is DSNote {
    // --- DSAuth ---
    /// @notice May call every auth function
    address public owner;
    /// @notice Consulted for every other caller of an auth function
    DSAuthority public authority;

    event LogSetOwner(address indexed owner);
    event LogSetAuthority(address indexed authority);

    /// @notice Hand ownership to `owner_` (auth)
    function setOwner(address owner_) external auth {
        owner = owner_;
        emit LogSetOwner(owner_);
    }

    /// @notice Set the authority (auth)
    function setAuthority(address authority_) external auth {
        authority = DSAuthority(authority_);
        emit LogSetAuthority(authority_);
    }

    /// @dev Checks the selector of the external call, as DSAuth does: `mint(uint256)` calling
    ///      `mint(address,uint256)` is judged as `mint(uint256)`.
    modifier auth() {
        require(isAuthorized(msg.sender, msg.sig));
        _;
    }

    function isAuthorized(address src, bytes4 sig) internal view returns (bool) {
        if (src == address(this)) return true;
        if (src == owner) return true;
        if (address(authority) == address(0)) return false;
        return authority.canCall(src, address(this), sig);
    }

    // --- DSStop ---
    /// @notice While true, transfers, approvals, mints and burns revert
    bool public stopped;

    modifier stoppable() {
        require(!stopped);
        _;
    }

    /// @notice Freeze the token (auth)
    function stop() external auth note {
        stopped = true;
    }

    /// @notice Unfreeze the token (auth)
    function start() external auth note {
        stopped = false;
    }

    // --- Token data ---
    // Storage, not constants, as in DSToken (so reading them costs what it costs on mainnet).
    /// @notice Token symbol, bytes32 as on mainnet MKR
    bytes32 public symbol = "MKR";
    /// @notice Token precision (uint256, as DSToken)
    uint256 public decimals = 18;
    /// @notice Token name, bytes32 as on mainnet MKR (settable by auth, as DSToken)
    bytes32 public name = "Maker";

    /// @notice Total supply [wad]
    uint256 public totalSupply;
    /// @notice Balances [wad]
    mapping(address => uint256) public balanceOf;
    /// @notice Allowances [wad]; type(uint256).max never decreases
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed src, address indexed dst, uint256 wad);
    event Approval(address indexed src, address indexed guy, uint256 wad);
    event Mint(address indexed guy, uint256 wad);
    event Burn(address indexed guy, uint256 wad);

    constructor() {
        owner = msg.sender;
        emit LogSetOwner(msg.sender);
    }

    /// @notice Rename the token (auth)
    function setName(bytes32 name_) external auth {
        name = name_;
    }

    // --- ERC20 ---
    /// @notice Allow `guy` to spend all of the caller's MKR: allowance type(uint256).max [wad],
    ///         which transfers never decrease (DSToken's one-argument approve)
    function approve(address guy) external stoppable returns (bool) {
        allowance[msg.sender][guy] = type(uint256).max;
        emit Approval(msg.sender, guy, type(uint256).max);
        return true;
    }

    /// @notice Allow `guy` to spend `wad` [wad]
    function approve(address guy, uint256 wad) external stoppable returns (bool) {
        allowance[msg.sender][guy] = wad;
        emit Approval(msg.sender, guy, wad);
        return true;
    }

    /// @notice Transfer `wad` [wad] to `dst`
    function transfer(address dst, uint256 wad) external returns (bool) {
        return transferFrom(msg.sender, dst, wad);
    }

    /// @notice Transfer `wad` [wad] from `src` to `dst`, spending allowance unless it is max
    function transferFrom(address src, address dst, uint256 wad) public stoppable returns (bool) {
        if (src != msg.sender && allowance[src][msg.sender] != type(uint256).max) {
            require(allowance[src][msg.sender] >= wad);
            allowance[src][msg.sender] -= wad;
        }
        require(balanceOf[src] >= wad);
        balanceOf[src] -= wad;
        balanceOf[dst] += wad;
        emit Transfer(src, dst, wad);
        return true;
    }

    // --- Aliases ---
    /// @notice transferFrom(msg.sender, dst, wad) [wad]
    function push(address dst, uint256 wad) external {
        transferFrom(msg.sender, dst, wad);
    }

    /// @notice transferFrom(src, msg.sender, wad) [wad]
    function pull(address src, uint256 wad) external {
        transferFrom(src, msg.sender, wad);
    }

    /// @notice transferFrom(src, dst, wad) [wad]
    function move(address src, address dst, uint256 wad) external {
        transferFrom(src, dst, wad);
    }

    // --- Mint and burn ---
    /// @notice Mint `wad` [wad] to the caller (auth on the `mint(uint256)` selector)
    function mint(uint256 wad) external {
        mint(msg.sender, wad);
    }

    /// @notice Burn `wad` [wad] from the caller (auth on the `burn(uint256)` selector)
    function burn(uint256 wad) external {
        burn(msg.sender, wad);
    }

    /// @notice Mint `wad` [wad] to `guy` (auth)
    function mint(address guy, uint256 wad) public auth stoppable {
        balanceOf[guy] += wad;
        totalSupply += wad;
        emit Mint(guy, wad);
    }

    /// @notice Burn `wad` [wad] from `guy`, spending allowance when `guy` is not the caller (auth)
    function burn(address guy, uint256 wad) public auth stoppable {
        if (guy != msg.sender && allowance[guy][msg.sender] != type(uint256).max) {
            require(allowance[guy][msg.sender] >= wad);
            allowance[guy][msg.sender] -= wad;
        }
        require(balanceOf[guy] >= wad);
        balanceOf[guy] -= wad;
        totalSupply -= wad;
        emit Burn(guy, wad);
    }
}
