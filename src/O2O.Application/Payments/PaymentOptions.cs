using System.ComponentModel.DataAnnotations;

namespace O2O.Application.Payments;

/// <summary>How payment commands (refunds, voids, captures) are sent after commit (ADR 14).</summary>
public sealed class PaymentOptions
{
    public const string Section = "Payments";

    /// <summary>Off in tests, which send commands themselves so nothing happens behind their back.</summary>
    public bool DispatcherEnabled { get; set; } = true;

    [Range(1, 3600)]
    public int DispatchIntervalSeconds { get; set; } = 5;

    /// <summary>
    /// How long a dispatcher owns a command it claimed. Longer than one provider call (Stripe:TimeoutSeconds, with its
    /// retries), so a live dispatcher is never overtaken; a crashed one's commands are taken over after it.
    /// </summary>
    [Range(10, 3600)]
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>The wait before the first retry of a command that failed for a transient reason; it doubles each time, up to an hour.</summary>
    [Range(1, 3600)]
    public int FirstRetrySeconds { get; set; } = 30;

    /// <summary>
    /// The request that caused a command (a cancel, a short pick) tries it once at once, for at most this long, so the
    /// shopper usually reads "refunded" rather than "refund pending"; the dispatcher does the rest.
    /// </summary>
    [Range(0, 60)]
    public int SendNowSeconds { get; set; } = 5;
}
