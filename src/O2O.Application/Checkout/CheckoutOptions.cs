using System.ComponentModel.DataAnnotations;

namespace O2O.Application.Checkout;

public sealed class CheckoutOptions
{
    public const string Section = "Checkout";

    /// <summary>How long an unpaid order holds its stock and its place in the slot.</summary>
    [Range(1, 24 * 60)]
    public int HoldMinutes { get; set; } = 15;

    [Range(1, 100)]
    public int MaxLines { get; set; } = 50;

    [Range(1, 999)]
    public int MaxQuantityPerLine { get; set; } = 99;

    /// <summary>How long checkout reuses a store's schedule before reading it again; 0 reads it on every order.</summary>
    [Range(0, 300)]
    public int StoreCacheSeconds { get; set; } = 5;
}
