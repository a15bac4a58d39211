using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using O2O.IntegrationTests.Infrastructure;

namespace O2O.BrowserTests.Infrastructure;

/// <summary>
/// The real app served by Kestrel on 127.0.0.1 over the integration tests' PostgreSQL, and one headless Chromium
/// from the machine. Playwright never downloads a browser here: a missing Chromium fails the run and says what to install.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public O2OApp App { get; } = new();
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public string AxeScript { get; private set; } = "";
    public string ScreenshotDir { get; private set; } = "";

    private IPlaywright? _playwright;
    private string _chromium = "";

    private static readonly string[] Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"];

    public async Task InitializeAsync()
    {
        _chromium = Chromium.Find();
        var root = RepoRoot();
        AxeScript = await Axe.EnsureInstalledAsync(Path.Combine(root, "tests", "O2O.BrowserTests", "axe"));
        ScreenshotDir = Path.Combine(root, "artifacts", "screenshots");
        Directory.CreateDirectory(ScreenshotDir);

        App.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await App.InitializeAsync();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();

        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchAsync();
    }

    /// <summary>
    /// Another Chromium like <see cref="Browser"/>, with <paramref name="extraArgs"/> that can only be given at launch
    /// (a fake camera); the caller closes it.
    /// </summary>
    public Task<IBrowser> LaunchAsync(params string[] extraArgs) => _playwright!.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = _chromium,
        Headless = true,
        Args = [.. Args, .. extraArgs],
    });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (BaseUrl != "") await ((IAsyncLifetime)App).DisposeAsync();
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "O2O.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No O2O.sln above {AppContext.BaseDirectory}: run the browser tests from the repository.");
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "browser";
}
