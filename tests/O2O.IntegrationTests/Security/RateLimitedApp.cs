using O2O.IntegrationTests.Infrastructure;

namespace O2O.IntegrationTests.Security;

/// <summary>
/// The app with low limits on every door (sign-in keeps its production default, which the lock-out test is about), and
/// one trusted proxy. Its own database, so the other tests keep their raised limits.
/// </summary>
public sealed class RateLimitedApp : IAsyncLifetime
{
    public const int PerAddress = 3;
    public const int PerAccount = 2;
    public const string TrustedProxy = "10.9.9.9";

    private static int _nextAddress;

    public O2OApp App { get; } = new();

    public async Task InitializeAsync()
    {
        foreach (var door in Enum.GetNames<O2O.Web.Infrastructure.Door>().Where(d => d != "SignIn"))
        {
            App.Settings[$"RateLimits:{door}:PerAddress"] = PerAddress.ToString();
            App.Settings[$"RateLimits:{door}:PerAccount"] = PerAccount.ToString();
            // An hour: no window rolls over while a test runs, however slow the machine.
            App.Settings[$"RateLimits:{door}:WindowSeconds"] = "3600";
        }
        App.Settings["RateLimits:SignIn:PerAddress"] = null;
        App.Settings["RateLimits:SignIn:PerAccount"] = null;
        App.Settings["ForwardedHeaders:KnownProxies:0"] = TrustedProxy;
        await App.InitializeAsync();
    }

    public Task DisposeAsync() => ((IAsyncLifetime)App).DisposeAsync();

    /// <summary>A client address no other test has used, so each test starts with full budgets.</summary>
    public static string FreshAddress()
    {
        var n = Interlocked.Increment(ref _nextAddress);
        return $"10.20.{n / 250}.{n % 250 + 1}";
    }

    public static HttpClient From(HttpClient client, string address)
    {
        client.DefaultRequestHeaders.Add(TestPeerStartupFilter.TestPeerHeader, address);
        return client;
    }
}

[CollectionDefinition(Name)]
public sealed class RateLimitedCollection : ICollectionFixture<RateLimitedApp>
{
    public const string Name = "rate-limited";
}

[Collection(RateLimitedCollection.Name)]
public abstract class RateLimitedTest(RateLimitedApp fixture) : IAsyncLifetime
{
    protected O2OApp App => fixture.App;

    public virtual Task InitializeAsync() => App.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
