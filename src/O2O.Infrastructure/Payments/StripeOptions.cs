namespace O2O.Infrastructure.Payments;

/// <summary>Stripe is active when <see cref="SecretKey"/> is set; otherwise the simulated gateway is used.</summary>
public sealed class StripeOptions
{
    public const string Section = "Stripe";

    public string? SecretKey { get; set; }
    public string? PublishableKey { get; set; }
    public string? WebhookSecret { get; set; }

    /// <summary>Only for tests and local fakes; leave empty in production.</summary>
    public string? ApiBase { get; set; }

    /// <summary>How long one call to Stripe may take before it counts as failed (and is retried later, with the same key).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 20;

    /// <summary>Stripe.net's own retries of a failed network call, with the same idempotency key.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 5)]
    public int MaxNetworkRetries { get; set; } = 2;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(SecretKey);
}
