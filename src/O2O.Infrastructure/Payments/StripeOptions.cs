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

    public bool IsConfigured => !string.IsNullOrWhiteSpace(SecretKey);
}
