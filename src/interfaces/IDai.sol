// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.30;

/// @title Maker's DAI token, as far as the syndicate uses it
/// @notice ERC20 plus DAI's own (pre-EIP-2612) permit. Amounts are wad (1e18).
interface IDai {
    /// @notice DAI held by `usr`.
    /// @param usr The holder.
    /// @return The balance, wad.
    function balanceOf(address usr) external view returns (uint256);

    /// @notice Sends `wad` DAI of the caller to `dst`.
    /// @param dst The recipient.
    /// @param wad The amount, wad.
    /// @return Always true (DAI reverts on failure).
    function transfer(address dst, uint256 wad) external returns (bool);

    /// @notice Sends `wad` DAI of `src` to `dst`, using the caller's allowance from `src`.
    /// @param src The payer.
    /// @param dst The recipient.
    /// @param wad The amount, wad.
    /// @return Always true (DAI reverts on failure).
    function transferFrom(address src, address dst, uint256 wad) external returns (bool);

    /// @notice Lets `usr` spend `wad` of the caller's DAI.
    /// @param usr The spender.
    /// @param wad The allowance, wad.
    /// @return Always true.
    function approve(address usr, uint256 wad) external returns (bool);

    /// @notice The next permit nonce of `holder`.
    /// @param holder The signer.
    /// @return The nonce.
    function nonces(address holder) external view returns (uint256);

    /// @notice Sets `spender`'s allowance over `holder`'s DAI to max (`allowed`) or 0, by signature.
    /// @dev The typed data is DAI's own `Permit(holder, spender, nonce, expiry, allowed)`, not EIP-2612.
    /// @param holder The signer, whose DAI is approved.
    /// @param spender The approved spender.
    /// @param nonce The holder's current nonce (`nonces(holder)`).
    /// @param expiry Unix seconds after which the signature is void; 0 never expires.
    /// @param allowed True for a max allowance, false for none.
    /// @param v Signature recovery byte.
    /// @param r Signature `r`.
    /// @param s Signature `s`.
    function permit(
        address holder,
        address spender,
        uint256 nonce,
        uint256 expiry,
        bool allowed,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;
}
