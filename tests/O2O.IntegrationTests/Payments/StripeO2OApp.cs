using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Payments;

/// <summary>
/// The app with Stripe as its payment gateway, talking to a <see cref="FakeStripeServer"/>. The fake starts
/// first because its address must be in the settings before the app is built. It wraps its own
/// <see cref="O2OApp"/> (own database) so the simulated-gateway tests keep theirs unchanged.
/// </summary>
public sealed class StripeO2OApp : IAsyncLifetime
{
    public const string WebhookSecret = "whsec_test";

    public O2OApp App { get; } = new();
    public FakeStripeServer Stripe { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Stripe = await FakeStripeServer.StartAsync();
        App.Settings["Stripe:SecretKey"] = "sk_test_fake";
        App.Settings["Stripe:WebhookSecret"] = WebhookSecret;
        App.Settings["Stripe:ApiBase"] = Stripe.Url;
        // One clear answer per call: the fake's injected failures would otherwise be retried by Stripe.net itself.
        App.Settings["Stripe:MaxNetworkRetries"] = "0";
        await App.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (Stripe is null) return; // the fake did not start, so neither did the app
        await ((IAsyncLifetime)App).DisposeAsync();
        await Stripe.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class StripeCollection : ICollectionFixture<StripeO2OApp>
{
    public const string Name = "stripe";
}

/// <summary>Base for tests of the Stripe gateway: the database and the fake's memory are reset before each test.</summary>
[Collection(StripeCollection.Name)]
public abstract class StripeIntegrationTest(StripeO2OApp fixture) : IAsyncLifetime
{
    protected O2OApp App => fixture.App;
    protected FakeStripeServer Stripe => fixture.Stripe;

    public virtual async Task InitializeAsync()
    {
        await App.ResetAsync();
        Stripe.Reset();
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
