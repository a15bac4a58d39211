using System.Globalization;
using O2O.Domain.Common;
using O2O.Domain.Payments;

namespace O2O.Domain.Orders;

/// <summary>
/// The notes the system writes into an order's history, as a stable code and its arguments rather than a sentence, so
/// each reader sees them in their own language when the history is read (ADR 30e). What a person typed (a short-pick
/// reason) is an argument, kept as typed; amounts are their minor units and currency, formatted by the reader's culture.
/// </summary>
public static class OrderNotes
{
    public const string HoldExpired = "hold_expired";
    public const string NotCollected = "not_collected";
    public const string PaidLate = "paid_late";

    /// <summary>Arguments: units, product name, reason.</summary>
    public const string ShortPick = "short_pick";

    /// <summary>Arguments: units taken back, the store's name, the amount, the currency.</summary>
    public const string Returned = "returned";

    /// <summary>Argument: the name of the person the shopper sends to collect, as typed.</summary>
    public const string CollectorNamed = "collector_named";

    /// <summary>The shopper will collect in person again.</summary>
    public const string CollectorCleared = "collector_cleared";

    /// <summary>On the hand-over step: the clerk confirmed they checked the collector's ID (age-restricted lines).</summary>
    public const string IdChecked = "id_checked";

    /// <summary>Argument: the <see cref="MoneyBackReason"/>.</summary>
    public const string RefundRequested = "refund_requested";

    /// <summary>Arguments: the <see cref="PaymentCommandKind"/>, amount, currency.</summary>
    public const string PaymentDone = "payment_done";

    /// <summary>Arguments: the <see cref="PaymentCommandKind"/>, amount, currency, the provider's message.</summary>
    public const string PaymentFailed = "payment_failed";

    /// <summary>Arguments: the <see cref="PaymentCommandKind"/>, amount, currency.</summary>
    public const string PaymentRetried = "payment_retried";

    internal static string[] Amount(PaymentCommandKind kind, Money money) =>
        [kind.ToString(), money.Amount.ToString(CultureInfo.InvariantCulture), money.Currency];
}

/// <summary>Why an order owes the shopper all their money back.</summary>
public enum MoneyBackReason
{
    Cancelled,
    NotCollected,
    PaidTooLate,
}
