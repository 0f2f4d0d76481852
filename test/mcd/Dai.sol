// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

import {LibNote} from "test/mcd/LibNote.sol";

/// @title Dai: the DAI ERC20 token of the local MCD (mainnet DAI behaviour)
/// @notice ERC20 with push/pull/move aliases, ward-gated mint, spender-approved burn and the
///         pre-EIP-2612 `permit(holder, spender, nonce, expiry, allowed, v, r, s)`.
///         All token amounts are in wad (1e18).
contract Dai is LibNote {
    // --- Auth ---
    /// @notice 1 if the address may mint
    mapping(address => uint256) public wards;

    /// @notice Grant auth to `guy`
    function rely(address guy) external note auth {
        wards[guy] = 1;
    }

    /// @notice Revoke auth from `guy`
    function deny(address guy) external note auth {
        wards[guy] = 0;
    }

    modifier auth() {
        require(wards[msg.sender] == 1, "Dai/not-authorized");
        _;
    }

    // --- ERC20 Data ---
    // Lower-case constant names: they are the ERC20 getters of mainnet's ABI.
    // solhint-disable const-name-snakecase
    string public constant name = "Dai Stablecoin";
    string public constant symbol = "DAI";
    string public constant version = "1";
    uint8 public constant decimals = 18;
    // solhint-enable const-name-snakecase
    /// @notice Total supply [wad]
    uint256 public totalSupply;

    /// @notice Balances [wad]
    mapping(address => uint256) public balanceOf;
    /// @notice Allowances [wad]; type(uint256).max never decreases
    mapping(address => mapping(address => uint256)) public allowance;
    /// @notice Next permit nonce of each holder
    mapping(address => uint256) public nonces;

    event Approval(address indexed src, address indexed guy, uint256 wad);
    event Transfer(address indexed src, address indexed dst, uint256 wad);

    // --- EIP712 niceties ---
    /// @notice EIP-712 domain separator, built with the chain id passed to the constructor
    bytes32 public DOMAIN_SEPARATOR;
    /// @notice keccak256("Permit(address holder,address spender,uint256 nonce,uint256 expiry,bool allowed)")
    bytes32 public constant PERMIT_TYPEHASH =
        keccak256("Permit(address holder,address spender,uint256 nonce,uint256 expiry,bool allowed)");

    /// @param chainId_ the chain id the domain separator commits to (mainnet: 1)
    constructor(uint256 chainId_) {
        wards[msg.sender] = 1;
        DOMAIN_SEPARATOR = keccak256(
            abi.encode(
                keccak256(
                    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
                ),
                keccak256(bytes(name)),
                keccak256(bytes(version)),
                chainId_,
                address(this)
            )
        );
    }

    // --- Token ---
    /// @notice Transfer `wad` [wad] to `dst`
    function transfer(address dst, uint256 wad) external returns (bool) {
        return transferFrom(msg.sender, dst, wad);
    }

    /// @notice Transfer `wad` [wad] from `src` to `dst`, spending allowance unless it is max
    function transferFrom(address src, address dst, uint256 wad) public returns (bool) {
        require(balanceOf[src] >= wad, "Dai/insufficient-balance");
        if (src != msg.sender && allowance[src][msg.sender] != type(uint256).max) {
            require(allowance[src][msg.sender] >= wad, "Dai/insufficient-allowance");
            allowance[src][msg.sender] -= wad;
        }
        balanceOf[src] -= wad;
        balanceOf[dst] += wad;
        emit Transfer(src, dst, wad);
        return true;
    }

    /// @notice Mint `wad` [wad] to `usr` (auth)
    function mint(address usr, uint256 wad) external auth {
        balanceOf[usr] += wad;
        totalSupply += wad;
        emit Transfer(address(0), usr, wad);
    }

    /// @notice Burn `wad` [wad] from `usr`: by `usr` itself or an approved spender
    function burn(address usr, uint256 wad) external {
        require(balanceOf[usr] >= wad, "Dai/insufficient-balance");
        if (usr != msg.sender && allowance[usr][msg.sender] != type(uint256).max) {
            require(allowance[usr][msg.sender] >= wad, "Dai/insufficient-allowance");
            allowance[usr][msg.sender] -= wad;
        }
        balanceOf[usr] -= wad;
        totalSupply -= wad;
        emit Transfer(usr, address(0), wad);
    }

    /// @notice Allow `usr` to spend `wad` [wad] of the caller's balance
    function approve(address usr, uint256 wad) external returns (bool) {
        allowance[msg.sender][usr] = wad;
        emit Approval(msg.sender, usr, wad);
        return true;
    }

    // --- Alias ---
    /// @notice transferFrom(msg.sender, usr, wad) [wad]
    function push(address usr, uint256 wad) external {
        transferFrom(msg.sender, usr, wad);
    }

    /// @notice transferFrom(usr, msg.sender, wad) [wad]
    function pull(address usr, uint256 wad) external {
        transferFrom(usr, msg.sender, wad);
    }

    /// @notice transferFrom(src, dst, wad) [wad]
    function move(address src, address dst, uint256 wad) external {
        transferFrom(src, dst, wad);
    }

    // --- Approve by signature ---
    /// @notice Set `spender`'s allowance over `holder` to max (`allowed`) or 0, by `holder`'s signature.
    /// @param expiry unix time after which the signature is void; 0 means never
    function permit(
        address holder,
        address spender,
        uint256 nonce,
        uint256 expiry,
        bool allowed,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        bytes32 digest = keccak256(
            abi.encodePacked(
                "\x19\x01",
                DOMAIN_SEPARATOR,
                keccak256(abi.encode(PERMIT_TYPEHASH, holder, spender, nonce, expiry, allowed))
            )
        );

        require(holder != address(0), "Dai/invalid-address-0");
        require(holder == ecrecover(digest, v, r, s), "Dai/invalid-permit");
        // forge-lint: disable-next-line(block-timestamp)
        require(expiry == 0 || block.timestamp <= expiry, "Dai/permit-expired");
        require(nonce == nonces[holder]++, "Dai/invalid-nonce");
        uint256 wad = allowed ? type(uint256).max : 0;
        allowance[holder][spender] = wad;
        emit Approval(holder, spender, wad);
    }
}
